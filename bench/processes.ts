// `npm run bench:processes [-- --scales 10k,100k,1m] [--validate] [--load-seconds S]`: memory of the server process and
// of each query process, per scale: idle, after queries that need Comunica, after a load run, and settled after it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureGenerated } from './generate';
import { runLoad } from './load';
import { queryMix } from './queries';
import { ENGINE_IDLE_MS } from '../src/sparql/processPool';
import { get, oursSpec, start, stop } from './servers';
import { childrenOf, rssOf } from './soak/server';
import { table, fmt } from './table';

function parseScale(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`not a scale: ${s} (use e.g. 10k, 100k, 1m)`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}
const scaleName = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/** Private memory of a process (what it alone holds: heap, its copy of the store), in bytes; NaN where /proc has no smaps_rollup. */
function privateOf(pid: number): number {
  try {
    const t = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(t)?.[1] ?? 0);
    return (kb('Private_Clean') + kb('Private_Dirty')) * 1024;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scales = (arg('scales') ?? '10k,100k').split(',').map(parseScale);
  const workers = Number(arg('workers') ?? 2);
  // A first start with the checks (as the HTTP bench's 'ours' row), or without them (quicker).
  const validate = argv.includes('--validate');
  const loadSeconds = Number(arg('load-seconds') ?? 3);
  const dataDir = arg('data-dir') ?? path.join(__dirname, '..', '..', '.bench');
  const rows: Array<Array<string | number>> = [];
  for (const n of scales) {
    const dir = path.join(dataDir, `${scaleName(n)}-seed42`);
    const c = ensureGenerated({ triples: n, seed: 42, base: 'http://bench.example/', dir });
    const tmp = path.join(dir, 'processes-tmp');
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    process.stderr.write(`${scaleName(n)}: ${c.quads} quads, starting the server ...\n`);
    const running = await start(oursSpec(path.join(dir, c.dataDir), c.base, tmp, { workers, validate }), 900_000);
    try {
      // Every process has the data open once the server answers (a reload swaps only then); a few queries touch it.
      for (let i = 0; i < 8; i++)
        await get(running.port, `/sparql?query=${encodeURIComponent(`SELECT * WHERE { ?s ?p ?o } LIMIT ${i + 1}`)}`);
      const snapshot =
        fs
          .readdirSync(tmp)
          .filter((f) => f.startsWith('forum-ld-store-'))
          .map((f) => fs.statSync(path.join(tmp, f)).size)[0] ?? NaN;
      const measure = async (state: string) => {
        await new Promise((r) => setTimeout(r, 3_000));
        const kids = childrenOf(running.pid);
        const main = rssOf(running.pid);
        const each = kids.map(rssOf);
        const priv = kids.map(privateOf);
        const total = main + each.reduce((a, b) => a + b, 0);
        rows.push([
          scaleName(n),
          state,
          fmt.int(c.quads),
          fmt.mb(snapshot),
          fmt.mb(main),
          kids.length,
          each.map(fmt.mb).join(' / '),
          priv.map(fmt.mb).join(' / '),
          fmt.mb(total),
          fmt.bytes(total / c.quads),
          fmt.bytes((each[0] ?? NaN) / c.quads),
        ]);
      };
      // A first start writes the dumps after going live, on a thread of the server: memory is read once they are
      // written (`/dumps/…` answers 503 "being written" until then).
      for (let waited = 0; waited < 600; waited++) {
        const r = await get(running.port, '/dumps/none', { accept: 'text/plain' });
        if (!(r.status === 503 && r.body.includes('being written'))) break;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      // Those queries are answered off the indexes: no process has loaded Comunica yet.
      await measure('idle');
      // A function the index evaluator leaves to the engine (SHA1, today), asked of as many processes at once as run.
      await Promise.all(
        childrenOf(running.pid).map((_, i) =>
          get(running.port, `/sparql?query=${encodeURIComponent(`SELECT (SHA1(STR(?s)) AS ?h) WHERE { ?s ?p ?o } LIMIT ${i + 1}`)}`),
        ),
      );
      await measure('after engine queries');
      // The HTTP bench's load run, shortened: a different document each time, then each shape of the query mix with a
      // new text every request (10 connections); memory right after it, and once the pool has settled (a process
      // holding the engine is replaced after ENGINE_IDLE_MS idle).
      let nonce = 0;
      const docs = (k: number) => c.editionSample[k % c.editionSample.length].replace(`${c.base}id/`, '/doc/');
      await runLoad(running.port, { path: docs(0), headers: { accept: 'text/turtle' }, vary: docs }, loadSeconds, 10);
      for (const q of queryMix(c)) {
        const vary = (k: number) => `/sparql?query=${encodeURIComponent(`${q.vary(k)}\n# ${nonce++}`)}`;
        await runLoad(running.port, { path: vary(0), headers: { accept: 'application/sparql-results+json' }, vary }, loadSeconds, 10);
      }
      await measure('after a load run');
      await new Promise((r) => setTimeout(r, ENGINE_IDLE_MS + 5_000));
      await measure(`settled (${(ENGINE_IDLE_MS + 8_000) / 1000} s after it)`);
    } finally {
      await stop(running);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  process.stdout.write(
    table(
      `Memory per process, ${workers} query processes kept ready plus one spare, after a few queries, then after queries that need Comunica, ` +
        `after a load run of ${loadSeconds} s per scenario and once settled (checks ${validate ? 'on: a first start' : 'off'}) ` +
        `(node ${process.version}, ${os.cpus().length} cores; RSS counts shared code pages in each process, private = what that process alone holds)`,
      [
        'scale',
        'state',
        'quads',
        'snapshot MB',
        'server RSS MB',
        'query processes',
        'each RSS MB',
        'each private MB',
        'total RSS MB',
        'total B/quad',
        'one query process B/quad',
      ],
      rows,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
