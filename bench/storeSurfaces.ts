// `node dist/bench/storeSurfaces.js [--triples N] [--store URL --store-gsp URL] [--publish no]`: a replica's first and second request of the dataset-level surfaces over Virtuoso.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureGenerated } from './generate';
import { start, stop, treeCpuMs, treeRss } from './servers';
import { startVirtuoso, Virtuoso } from '../test/support/virtuoso';

const root = path.resolve(__dirname, '..', '..');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};

/** The surfaces a replica makes from the version's summary, with the media type asked for. */
const SURFACES: Array<[string, string]> = [
  ['/', 'text/html'],
  ['/doc/dataset', 'text/html'],
  ['/doc/dataset.ttl', 'text/turtle'],
  ['/sitemap.xml', 'application/xml'],
];

async function main(): Promise<void> {
  const triples = Number(arg('triples', '100000'));
  const dir = path.join(os.tmpdir(), `forum-ld-bench-store-${triples}`);
  const c = ensureGenerated({ triples, seed: 42, base: 'http://bench.example/', dir });
  const cli = path.join(root, 'dist', 'src', 'cli.js');
  // A store of its own unless one is named (a run against a version published earlier, by another forum-ld).
  let own: Virtuoso | undefined;
  let sparql = arg('store', '');
  let gsp = arg('store-gsp', '');
  let vpid = Number(arg('store-pid', '0'));
  if (!sparql) {
    own = await startVirtuoso({ buffers: Number(arg('buffers', '170000')) });
    sparql = own.sparqlUrl;
    gsp = own.gspUrl;
    vpid = own.pid;
  }
  const store = ['--store', sparql, '--store-gsp', gsp];
  try {
    if (arg('publish', own ? 'yes' : 'no') === 'yes') {
      const t0 = Date.now();
      execFileSync(
        process.execPath,
        [cli, 'publish', ...store, '--data', path.join(dir, c.dataDir), '--base', c.base, '--cache-dir', path.join(dir, 'publish-tmp')],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      );
      process.stdout.write(`published in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
    fs.mkdirSync(path.join(dir, 'server-tmp-surfaces'), { recursive: true });
    const load0 = os.loadavg();
    const replica = await start(
      {
        name: 'replica',
        script: cli,
        readyPath: '/readyz',
        env: { TMPDIR: path.join(dir, 'server-tmp-surfaces') },
        args: ['serve', ...store, '--base', c.base, '--host', '127.0.0.1', '--log-level', 'silent', '--port', '{port}'],
      },
      600_000,
    );
    const rows: string[] = [];
    try {
      for (const [p, accept] of SURFACES) {
        const cells: string[] = [];
        let bytes = 0;
        for (let i = 0; i < 2; i++) {
          const cpu0 = treeCpuMs(replica.pid);
          const store0 = vpid ? treeCpuMs(vpid) : 0;
          const t0 = Date.now();
          const res = await fetch(`http://127.0.0.1:${replica.port}${p}`, { headers: { accept } });
          const body = await res.text();
          if (!res.ok) throw new Error(`${p}: ${res.status} ${body.slice(0, 200)}`);
          bytes = Buffer.byteLength(body);
          cells.push(
            `${((Date.now() - t0) / 1000).toFixed(2)} s (CPU ${treeCpuMs(replica.pid) - cpu0} ms, store ${vpid ? treeCpuMs(vpid) - store0 : '?'} ms)`,
          );
        }
        rows.push(`| ${p} (${accept}) | ${Math.round(bytes / 1000)} kB | ${cells.join(' | ')} |`);
        process.stdout.write(`${rows[rows.length - 1]}\n`);
      }
      process.stdout.write(
        `\n${c.quads} generated quads; replica RSS after ${Math.round(treeRss(replica.pid) / 1e6)} MB; load average ` +
          `${load0.map((l) => l.toFixed(1)).join(' ')} at the start, ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')} at the end\n\n| surface | size | first request | second request |\n|---|--:|--:|--:|\n${rows.join('\n')}\n`,
      );
    } finally {
      await stop(replica);
    }
  } finally {
    await own?.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
