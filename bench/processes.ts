// `npm run bench:processes [-- --scales 10k,100k,1m]`: memory of the server process and of each query process, per scale.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureGenerated } from './generate';
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
  const dataDir = arg('data-dir') ?? path.join(__dirname, '..', '..', '.bench');
  const rows: Array<Array<string | number>> = [];
  for (const n of scales) {
    const dir = path.join(dataDir, `${scaleName(n)}-seed42`);
    const c = ensureGenerated({ triples: n, seed: 42, base: 'http://bench.example/', dir });
    const tmp = path.join(dir, 'processes-tmp');
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    process.stderr.write(`${scaleName(n)}: ${c.quads} quads, starting the server ...\n`);
    const running = await start(oursSpec(path.join(dir, c.dataDir), c.base, tmp, { workers, validate: false }), 900_000);
    try {
      // Every process has the data open once the server answers (a reload swaps only then); a few queries touch it.
      for (let i = 0; i < 8; i++)
        await get(running.port, `/sparql?query=${encodeURIComponent(`SELECT * WHERE { ?s ?p ?o } LIMIT ${i + 1}`)}`);
      await new Promise((r) => setTimeout(r, 3_000));
      const kids = childrenOf(running.pid);
      const snapshot =
        fs
          .readdirSync(tmp)
          .filter((f) => f.startsWith('forum-ld-store-'))
          .map((f) => fs.statSync(path.join(tmp, f)).size)[0] ?? NaN;
      const main = rssOf(running.pid);
      const each = kids.map(rssOf);
      const priv = kids.map(privateOf);
      const total = main + each.reduce((a, b) => a + b, 0);
      rows.push([
        scaleName(n),
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
    } finally {
      await stop(running);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  process.stdout.write(
    table(
      `Memory per process, ${workers} query processes kept ready plus one spare, idle after a few queries ` +
        `(node ${process.version}, ${os.cpus().length} cores; RSS counts shared code pages in each process, private = what that process alone holds)`,
      [
        'scale',
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
