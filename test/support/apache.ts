// Real Apache httpd for the static-export tests: where it is, a throwaway configuration over a folder with its
// .htaccess (AllowOverride All), start and stop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RunningServer, startForeground } from './foreground';

export const APACHE = process.env.APACHE_PATH ?? '/usr/sbin/apache2';
/** Where Debian keeps the modules of its apache2 package. */
const MODULES = process.env.APACHE_MODULES ?? '/usr/lib/apache2/modules';

/** Skips the suite, saying why, when Apache is not installed; in CI (.ci/run installs it) a missing Apache fails instead. */
export function skipWithoutApache(ctx: Mocha.Context): void {
  if (fs.existsSync(APACHE)) return;
  if (process.env.CI === 'true') throw new Error(`no Apache at ${APACHE}: CI installs the Debian package "apache2" (see .ci/run)`);
  console.warn(`    skipped: no Apache at ${APACHE} (install the Debian package "apache2", or set APACHE_PATH)`);
  ctx.skip();
}

/**
 * Starts Apache in the foreground serving `root` on 127.0.0.1:`port`, with only the modules a static host has
 * (mime, dir, rewrite, headers, negotiation) and `AllowOverride All`, so the folder's own .htaccess does the rest.
 */
export async function startApache(root: string, port: number, work: string): Promise<RunningServer> {
  fs.mkdirSync(work, { recursive: true });
  const conf = path.join(work, 'httpd.conf');
  const temp = (name: string) => path.join(work, name);
  // Apache will not serve as root: its children run as nobody, who must be able to reach the folder (mkdtemp makes
  // the test's temporary folders private).
  const asRoot = process.getuid?.() === 0;
  if (asRoot) for (let d = root; d !== path.dirname(d); d = path.dirname(d)) fs.chmodSync(d, fs.statSync(d).mode | 0o005);
  const modules = ['mpm_event', 'authz_core', 'mime', 'dir', 'rewrite', 'headers', 'negotiation'];
  fs.writeFileSync(
    conf,
    `ServerRoot ${work}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${temp('httpd.pid')}
DefaultRuntimeDir ${work}
ErrorLog ${temp('error.log')}
LogLevel warn
${asRoot ? 'User nobody\nGroup nogroup' : ''}
${modules.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`).join('\n')}
StartServers 1
ServerLimit 1
ThreadsPerChild 25
MaxRequestWorkers 25
TypesConfig /etc/mime.types
DocumentRoot ${root}
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory ${root}>
  AllowOverride All
  Require all granted
</Directory>
`,
  );
  return startForeground('Apache', APACHE, ['-f', conf, '-DFOREGROUND'], port, temp('error.log'), 'SIGTERM');
}
