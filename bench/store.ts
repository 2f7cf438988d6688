// `npm run bench:store [-- --triples N]`: the external-store backend (Virtuoso 7) next to the embedded one: publish
// time, readiness, document and query throughput with 1 and 2 replicas, memory of forum-ld and of the store.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureGenerated } from './generate';
import { lookupQuery } from './queries';
import { runLoad, LoadFigure } from './load';
import { start, stop, Running } from './servers';
import { startVirtuoso } from '../test/support/virtuoso';

const root = path.resolve(__dirname, '..', '..');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};

function rssMb(pid: number, field = 'VmRSS'): number {
  // The process and its children (the embedded backend's query processes are children of the server).
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // ps exits 1 when there are none
  }
  const pids = [pid, ...children];
  let kb = 0;
  for (const p of pids) {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
    if (m) kb += Number(m[1]);
  }
  return Math.round(kb / 1024);
}

async function loads(replicas: Running[], path_: string, headers: Record<string, string>, seconds: number): Promise<LoadFigure> {
  // An even split, as a round-robin load balancer makes it: one load generator per replica, at the same time.
  const figures = await Promise.all(replicas.map((r) => runLoad(r.port, { path: path_, headers }, seconds, 8)));
  return {
    rps: figures.reduce((a, f) => a + f.rps, 0),
    p50: Math.max(...figures.map((f) => f.p50)),
    p99: Math.max(...figures.map((f) => f.p99)),
    errors: figures.reduce((a, f) => a + f.errors, 0),
    requests: figures.reduce((a, f) => a + f.requests, 0),
    bytesPerSec: figures.reduce((a, f) => a + f.bytesPerSec, 0),
  };
}

async function main(): Promise<void> {
  const triples = Number(arg('triples', '1000000'));
  const seconds = Number(arg('seconds', '10'));
  const dir = path.join(os.tmpdir(), `forum-ld-bench-store-${triples}`);
  const c = ensureGenerated({ triples, seed: 42, base: 'http://bench.example/', dir });
  const data = path.join(dir, c.dataDir);
  const cli = path.join(root, 'dist', 'src', 'cli.js');
  const rows: string[] = [];
  const load0 = os.loadavg();
  // 170,000 pages (1.3 GB): what virtuoso.ini's comments give for 2 GB of free memory; the tests' 8,000 is too few here.
  const virtuoso = await startVirtuoso({ buffers: Number(arg('buffers', '170000')) });
  try {
    const store = ['--store', virtuoso.sparqlUrl, '--store-gsp', virtuoso.gspUrl];
    const t0 = Date.now();
    const out = execFileSync(
      process.execPath,
      [cli, 'publish', ...store, '--data', data, '--base', c.base, '--cache-dir', path.join(dir, 'publish-tmp')],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    const publishMs = Date.now() - t0;
    process.stdout.write(
      `${out
        .split('\n')
        .filter((l) => /^(loaded|built|switched|published)/.test(l))
        .join('\n')}\n`,
    );
    const queryPath = `/sparql?query=${encodeURIComponent(lookupQuery(c))}`;
    const json = { accept: 'application/sparql-results+json' };
    const turtle = { accept: 'text/turtle' };
    const common = ['--base', c.base, '--host', '127.0.0.1', '--log-level', 'silent', '--port', '{port}'];
    const backends = arg('backends', 'embedded,virtuoso').split(',') as Array<'embedded' | 'virtuoso'>;
    for (const backend of backends) {
      for (const n of [1, 2]) {
        const replicas: Running[] = [];
        for (let i = 0; i < n; i++) {
          // The server writes its snapshot and dumps under TMPDIR, which must exist.
          fs.mkdirSync(path.join(dir, `server-tmp-${backend}-${i}`), { recursive: true });
          replicas.push(
            await start(
              {
                name: `${backend}-${i}`,
                script: cli,
                readyPath: '/readyz',
                env: { TMPDIR: path.join(dir, `server-tmp-${backend}-${i}`) },
                args: backend === 'embedded' ? ['serve', '--data', data, ...common, '--workers', '1'] : ['serve', ...store, ...common],
              },
              600_000,
            ),
          );
        }
        const doc = await loads(replicas, c.editionDoc, turtle, seconds);
        const query = await loads(replicas, queryPath, json, seconds);
        // Resident now, and at its peak (a replica over the store reads the version whole only to write the dumps).
        const mem = replicas.map((r) => `${rssMb(r.pid)} (${rssMb(r.pid, 'VmHWM')})`);
        // This bench's own Virtuoso (other work on the machine may run Virtuosos of its own).
        const storeMem = backend === 'virtuoso' ? rssMb(virtuoso.pid) : 0;
        rows.push(
          `| ${backend} | ${n} | ${backend === 'virtuoso' ? (publishMs / 1000).toFixed(1) : '–'} | ${(replicas[0].readyMs / 1000).toFixed(1)} | ${Math.round(doc.rps)} (p99 ${doc.p99} ms, ${doc.errors} errors) | ${Math.round(query.rps)} (p99 ${query.p99} ms, ${query.errors} errors) | ${mem.join(' + ')} | ${backend === 'virtuoso' ? storeMem : '–'} |`,
        );
        process.stdout.write(`${rows[rows.length - 1]}\n`);
        for (const r of replicas) await stop(r);
      }
    }
  } finally {
    await virtuoso.stop();
  }
  process.stdout.write(
    `\n${c.quads} quads, ${os.cpus().length} cores, ${seconds} s per load, 8 connections per replica; ` +
      `load average ${load0.map((l) => l.toFixed(1)).join(' ')} at the start, ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end\n\n` +
      '| backend | replicas | publish (s) | ready (s) | documents/s | lookup queries/s | forum-ld RSS (peak) (MB) | store RSS (MB) |\n' +
      '|---|--:|--:|--:|--:|--:|--:|--:|\n' +
      `${rows.join('\n')}\n`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
