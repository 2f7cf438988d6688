// Real nginx for the static-export tests: where it is, a throwaway configuration around a snippet, start and stop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RunningServer, startForeground } from './foreground';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** Skips the suite, saying why, when nginx is not installed; in CI (.ci/run installs it) a missing nginx fails instead. */
export function skipWithoutNginx(ctx: Mocha.Context): void {
  if (fs.existsSync(NGINX)) return;
  if (process.env.CI === 'true') throw new Error(`no nginx at ${NGINX}: CI installs the Debian package (see .ci/run)`);
  console.warn(`    skipped: no nginx at ${NGINX} (install the Debian package "nginx-light" or "nginx", or set NGINX_PATH)`);
  ctx.skip();
}

export type RunningNginx = RunningServer;

/** Starts nginx in the foreground serving `root` on 127.0.0.1:`port` with `snippet` included in its server block. */
export async function startNginx(root: string, snippet: string, port: number, work: string): Promise<RunningNginx> {
  fs.mkdirSync(work, { recursive: true });
  const conf = path.join(work, 'nginx.conf');
  const temp = (name: string) => path.join(work, name);
  // As root, workers would run as nobody, who cannot read a test's private temporary folder.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  fs.writeFileSync(
    conf,
    `${user}
worker_processes 1;
daemon off;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  server { listen 127.0.0.1:${port}; root ${root}; include ${snippet}; }
}
`,
  );
  return startForeground('nginx', NGINX, ['-p', work, '-c', conf, '-e', temp('error.log')], port, temp('error.log'), 'SIGQUIT');
}
