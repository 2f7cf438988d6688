// `npm run bench [-- --quick]`: generates the data, runs the in-process and HTTP benchmarks, prints the tables.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureGenerated, Catalog } from './generate';
import type { InProcessResult } from './inprocess';
import { HttpResult, runHttp, ServerName, SERVERS } from './http';
import { table, fmt } from './table';
import { targetRows } from './targets';
import { mixTable } from './mixTable';

interface Options {
  quick: boolean;
  scales: number[];
  httpScales: number[];
  durationS: number;
  warmupS: number;
  rounds: number;
  connections: number;
  workers: number;
  reps: number;
  /** In-process validation is timed up to this many quads (it takes minutes at 1M). */
  validateLimit: number;
  budgetMs: number;
  seed: number;
  dataDir: string;
  peers: ServerName[];
  profileDir?: string;
  out?: string;
  scenarios: string[];
}

function parseScale(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`not a scale: ${s} (use e.g. 10k, 100k, 1m)`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}
const scaleName = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

function options(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const list = (v: string | undefined, d: string) => (v ?? d).split(',').filter(Boolean).map(parseScale);
  return {
    quick,
    scales: list(get('scales'), quick ? '10k' : '10k,100k,1m'),
    httpScales: list(get('http-scales'), quick ? '10k' : '100k,1m'),
    durationS: Number(get('duration') ?? (quick ? 1 : 10)),
    warmupS: Number(get('warmup') ?? (quick ? 0.3 : 2)),
    rounds: Number(get('rounds') ?? (quick ? 1 : 2)),
    connections: Number(get('connections') ?? 10),
    workers: Number(get('workers') ?? 2),
    reps: Number(get('reps') ?? (quick ? 5 : 11)),
    validateLimit: parseScale(get('validate-limit') ?? '300k'),
    budgetMs: Number(get('budget') ?? (quick ? 500 : 4000)),
    seed: Number(get('seed') ?? 42),
    dataDir: get('data-dir') ?? path.join(__dirname, '..', '..', '.bench'),
    peers: (get('peers') ?? 'comunica,oxigraph,express')
      .split(',')
      .filter((p): p is ServerName => (SERVERS as readonly string[]).includes(p)),
    profileDir: get('profile'),
    scenarios: (get('scenarios') ?? '').split(',').filter(Boolean),
    out: get('out'),
  };
}

function inProcess(catalogFile: string, o: Options): Promise<InProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', path.join(__dirname, 'inprocess.js'), catalogFile, String(o.reps), String(o.budgetMs), String(o.validateLimit)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as InProcessResult);
      else reject(new Error(`in-process bench failed (exit ${code}): ${err.slice(-2000)}`));
    });
  });
}

const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const started = Date.now();
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const env = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', loadStart: load(), loadEnd: '' };
  log(`forum-ld bench (${o.quick ? 'quick' : 'full'}): node ${env.node}, ${env.cpus} cores, load average ${env.loadStart}`);

  const catalogs = new Map<number, { catalog: Catalog; dir: string; genMs: number }>();
  for (const n of [...new Set([...o.scales, ...o.httpScales])].sort((a, b) => a - b)) {
    const dir = path.join(o.dataDir, `${scaleName(n)}-seed${o.seed}`);
    const t = Date.now();
    const catalog = ensureGenerated({ triples: n, seed: o.seed, base: 'http://bench.example/', dir });
    catalogs.set(n, { catalog, dir, genMs: Date.now() - t });
    log(`data ${scaleName(n)}: ${catalog.quads} quads in ${dir}`);
  }

  const inproc = new Map<number, InProcessResult>();
  for (const n of o.scales) {
    log(`in-process ${scaleName(n)} ...`);
    inproc.set(n, await inProcess(path.join(catalogs.get(n)!.dir, 'catalog.json'), o));
  }
  const http = new Map<number, HttpResult>();
  let failed = false;
  const out = o.out ?? path.join(o.dataDir, `results-${o.quick ? 'quick' : 'full'}.json`);
  /** The figures and tables so far, to `out` (a long run that is stopped keeps the scales it finished). */
  function save(text: string): void {
    fs.writeFileSync(out, JSON.stringify({ env, options: o, inproc: Object.fromEntries(inproc), http: Object.fromEntries(http) }, null, 2));
    fs.writeFileSync(out.replace(/\.json$/, '.md'), text);
  }
  /** Every table of the figures so far (after each HTTP scale, and at the end). */
  function report(): string {
    let text =
      `\n## forum-ld bench — ${o.quick ? 'quick' : 'full'} run, ${new Date().toISOString()}\n\n` +
      `node ${env.node}, ${env.cpus} × ${env.cpu}; load average at start ${env.loadStart}, at end ${env.loadEnd}; ` +
      `HTTP: ${o.connections} connections, ${o.durationS} s per run, ${o.rounds} round(s) alternating, ${o.workers} workers; took ${((Date.now() - started) / 1000).toFixed(0)} s\n`;
    text += table(
      'Generated data',
      ['scale', 'quads', 'series', 'editions', 'findings', 'organisations', 'N-Quads MB'],
      [...catalogs.entries()].map(([n, { catalog: c, dir }]) => [
        scaleName(n),
        fmt.int(c.quads),
        c.series,
        c.editions,
        c.findings,
        c.organisations,
        fmt.mb(fs.statSync(path.join(dir, c.records)).size),
      ]),
    );
    if (inproc.size) {
      text += table(
        'In-process: loading (our loader and store, without the checks; then the SHACL and source checks alone; oxigraph for reference)',
        ['scale', 'quads', 'load s', 'RSS B/quad', 'heap B/quad', 'checks s', 'oxigraph load s'],
        [...inproc.entries()].map(([n, r]) => [
          scaleName(n),
          fmt.int(r.quads),
          fmt.s(r.loadMs),
          fmt.bytes(r.rssPerQuad),
          fmt.bytes(r.heapPerQuad),
          Number.isFinite(r.validateMs) ? fmt.s(r.validateMs) : 'skipped',
          fmt.s(r.oxigraphLoadMs),
        ]),
      );
      for (const [n, r] of inproc) {
        text += table(
          `In-process queries at ${scaleName(n)} (ms; warm = median of repeated runs; counts checked against oxigraph)`,
          ['query', 'exercises', 'ours first', 'ours warm', 'oxigraph warm', 'ours/oxigraph', 'results', 'check'],
          r.queries.map((q) => [
            q.name,
            q.kind,
            fmt.ms(q.ours.first),
            fmt.ms(q.ours.median),
            fmt.ms(q.oxigraph.median),
            fmt.ratio(q.ours.median, q.oxigraph.median),
            q.ours.error ? 'error' : q.ours.count,
            q.ours.error
              ? q.ours.error.slice(0, 40)
              : q.oxigraph.error
                ? 'oxigraph error'
                : q.ours.count === q.oxigraph.count
                  ? 'same'
                  : `MISMATCH (oxigraph ${q.oxigraph.count})`,
          ]),
        );
      }
      for (const [n, r] of inproc) {
        text += table(
          `In-process Triple Pattern Fragments at ${scaleName(n)} (µs, median; a page is 100 matches; the count is exact)`,
          ['pattern', 'matches', 'count µs', 'count + page 1 µs', 'a middle page µs', 'same lookup via SPARQL µs'],
          (r.fragments ?? []).map((f) => [
            f.name,
            fmt.int(f.total),
            f.countUs.toFixed(1),
            f.firstPageUs.toFixed(0),
            Number.isFinite(f.deepPageUs) ? f.deepPageUs.toFixed(0) : '—',
            f.sparqlUs === undefined ? '—' : f.sparqlUs.toFixed(0),
          ]),
        );
      }
    }
    for (const [n, r] of http) {
      text += table(
        `HTTP servers at ${scaleName(n)} (readiness = spawn → first SPARQL answer; RSS includes workers; ours: a first start, ` +
          'the checks run, the dumps written after it went live; ours restart: the same data again, verdict and dumps found; ' +
          'settled: the runs over for 38 s, when a query process holding Comunica has been replaced by a lean one)',
        ['server', 'ready s', 'RSS ready MB', 'RSS peak MB', 'RSS after MB', 'after B/quad', 'RSS settled MB', 'settled B/quad', 'note'],
        r.servers.map((s) => [
          s.name,
          fmt.s(s.readyMs),
          fmt.mb(s.rssReady),
          fmt.mb(s.rssPeak),
          fmt.mb(s.rssEnd),
          fmt.bytes(s.rssEnd / r.quads),
          fmt.mb(s.rssSettled ?? NaN),
          fmt.bytes((s.rssSettled ?? NaN) / r.quads),
          [s.note, s.info].filter(Boolean).join('; '),
        ]),
      );
      text += mixTable(scaleName(n), r, catalogs.get(n)!.catalog);
      const rows: Array<Array<string | number>> = [];
      for (const sc of r.scenarios) {
        for (const name of SERVERS) {
          const f = sc.runs[name];
          if (f)
            rows.push([sc.name, name, fmt.int(f.rps), fmt.ms(f.p50), fmt.ms(f.p99), fmt.int(f.cpuUs ?? NaN), fmt.int(f.errors), f.check]);
        }
        if (!sc.runs.ours) rows.push([sc.name, 'ours', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', r.apiPath ? '' : 'no /api on this server']);
      }
      text += table(
        `HTTP under load at ${scaleName(n)} (requests/s, latency ms; server CPU µs per request, workers and child processes included: steadier than requests/s on a shared machine)`,
        ['scenario', 'server', 'req/s', 'p50', 'p99', 'CPU µs/req', 'errors', 'check (results)'],
        rows,
      );
      text += table(
        `HTTP ratios at ${scaleName(n)}: our requests/s ÷ the peer's`,
        ['scenario', 'ours req/s', '÷ comunica', '÷ oxigraph', '÷ express ceiling'],
        r.scenarios.map((sc) => [
          sc.name,
          sc.runs.ours ? fmt.int(sc.runs.ours.rps) : 'n/a',
          ...(['comunica', 'oxigraph', 'express'] as const).map((p) =>
            sc.runs.ours && sc.runs[p] ? fmt.ratio(sc.runs.ours.rps, sc.runs[p]!.rps) : 'n/a',
          ),
        ]),
      );
    }

    text += table('Targets', ['target', 'wanted', 'achieved', 'at', 'met'], targetRows(inproc, http, scaleName));
    return text;
  }
  for (const n of o.httpScales) {
    log(`HTTP ${scaleName(n)} (${o.connections} connections, ${o.durationS} s × ${o.rounds} rounds, alternating) ...`);
    const { catalog, dir } = catalogs.get(n)!;
    const r = await runHttp(catalog, dir, {
      durationS: o.durationS,
      warmupS: o.warmupS,
      rounds: o.rounds,
      connections: o.connections,
      workers: o.workers,
      readyTimeoutMs: Math.max(120_000, (n / 1e6) * 900_000),
      peers: o.peers,
      profileDir: o.profileDir,
      scenarios: o.scenarios,
      log,
    });
    if (r.servers.some((s) => s.note)) failed = true;
    http.set(n, r);
    save(report());
  }
  env.loadEnd = load();
  const text = report();
  process.stdout.write(text);
  save(text);
  log(`\nresults: ${out} (and .md); load average at end ${env.loadEnd}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
