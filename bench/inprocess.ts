// Child process for one scale: loads the data with the product's loader, measures memory, runs the query mix on our
// engine and on oxigraph (the second engine: latency reference and result-count check). Prints one JSON line.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Catalog } from './generate';
import { queryMix } from './queries';
import * as ox from 'oxigraph';
// Product modules are imported before the baseline is taken so that code size does not count as data.
import { loadDataset } from '../src/ingest/load';
import { validators } from '../src/forum/checks';
import { QueryService } from '../src/sparql/queryService';
import { FragmentFigure, fragmentFigures } from './fragments';

export interface QueryFigure {
  name: string;
  kind: string;
  ours: { first: number; median: number; count: number; error?: string };
  oxigraph: { first: number; median: number; count: number; error?: string };
}

export interface InProcessResult {
  quads: number;
  /** Parsing and indexing, without the checks; then the SHACL and source checks alone (NaN when skipped). */
  loadMs: number;
  validateMs: number;
  rssBytes: number;
  heapBytes: number;
  rssPerQuad: number;
  heapPerQuad: number;
  oxigraphLoadMs: number;
  queries: QueryFigure[];
  /** Triple Pattern Fragments from the indexes, next to the SPARQL lookup. */
  fragments: FragmentFigure[];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function timed<T>(f: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const v = await f();
  return [performance.now() - t, v];
}

/** First run, then warm runs until `reps` or `budgetMs` is used up; returns [first, median, last value]. */
async function measure<T>(f: () => Promise<T> | T, reps: number, budgetMs: number): Promise<[number, number, T]> {
  const [first, value] = await timed(f);
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  let last = value;
  while (times.length < reps && (times.length < 2 || performance.now() < end)) {
    const [t, v] = await timed(f);
    times.push(t);
    last = v;
  }
  times.sort((a, b) => a - b);
  return [first, times[Math.floor(times.length / 2)], last];
}

export async function runInProcess(catalogFile: string, reps: number, budgetMs: number, validateLimit: number): Promise<InProcessResult> {
  const dir = path.dirname(catalogFile);
  const catalog = JSON.parse(fs.readFileSync(catalogFile, 'utf8')) as Catalog;
  gc();
  gc();
  const before = process.memoryUsage();
  const [loadMs, loaded] = await timed(() => loadDataset({ paths: [path.join(dir, catalog.dataDir)], baseIri: catalog.base }));
  if (!loaded.ok)
    throw new Error(
      `the generated data could not be loaded: ${loaded.problems
        .slice(0, 3)
        .map((p) => p.message)
        .join('; ')}`,
    );
  const ds = loaded.dataset;
  // The product's query path on this thread, without its result cache: basic graph patterns straight from the
  // indexes, the rest through the engine.
  const service = new QueryService(ds, {
    workers: 0,
    timeoutMs: 120_000,
    maxConcurrent: 1,
    queueSize: 1,
    maxRows: 1_000_000,
    unionDefaultGraph: true,
    allowRemote: [],
    cacheBytes: 0,
  });
  gc();
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const after = process.memoryUsage();
  const rssBytes = after.rss - before.rss;
  const heapBytes = after.heapUsed - before.heapUsed;

  // The checks a deployment runs on every load, timed apart (they dominate start-up at scale).
  let validateMs = NaN;
  if (ds.size <= validateLimit) {
    const [ms, problems] = await timed(async () => {
      const found = [];
      for (const v of validators()) found.push(...(await v(ds.store, { sources: ds.info.sources, baseIri: ds.baseIri })));
      return found;
    });
    if (problems.some((p) => p.severity === 'violation'))
      throw new Error(
        `the generated data is invalid: ${problems
          .slice(0, 3)
          .map((p) => p.message)
          .join('; ')}`,
      );
    validateMs = ms;
  }

  const [oxigraphLoadMs, oxStore] = await timed(() => {
    const s = new ox.Store();
    for (const f of [catalog.records, ...catalog.ontology]) {
      const format = f.endsWith('.nq') ? 'application/n-quads' : 'text/turtle';
      s.load(fs.readFileSync(path.join(dir, f), 'utf8'), { format, base_iri: catalog.base, no_transaction: true } as never);
    }
    return s;
  });

  const queries: QueryFigure[] = [];
  for (const q of queryMix(catalog)) {
    const mediaType = q.form === 'SELECT' ? 'application/sparql-results+json' : 'application/n-triples';
    const fig: QueryFigure = {
      name: q.name,
      kind: q.kind,
      ours: { first: NaN, median: NaN, count: -1 },
      oxigraph: { first: NaN, median: NaN, count: -1 },
    };
    try {
      const ask = q.form === 'SELECT' ? { text: q.text, resultsType: mediaType } : { text: q.text, graphType: mediaType };
      const [first, median, out] = await measure(() => service.answer(ask), reps, budgetMs);
      fig.ours = { first, median, count: out.count };
    } catch (e) {
      fig.ours.error = (e as Error).message;
    }
    try {
      const run = () => oxStore.query(q.text, { results_format: mediaType, use_default_graph_as_union: true }) as string;
      const [first, median, body] = await measure(run, reps, budgetMs);
      const count =
        q.form === 'SELECT'
          ? (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length
          : body.split('\n').filter((l) => l.trim()).length;
      fig.oxigraph = { first, median, count };
    } catch (e) {
      fig.oxigraph.error = (e as Error).message;
    }
    queries.push(fig);
  }
  const fragments = await fragmentFigures(ds, catalog, service, Math.max(reps, 21));
  return {
    quads: ds.size,
    loadMs,
    validateMs,
    rssBytes,
    heapBytes,
    rssPerQuad: rssBytes / ds.size,
    heapPerQuad: heapBytes / ds.size,
    oxigraphLoadMs,
    queries,
    fragments,
  };
}

if (require.main === module) {
  const [catalogFile, reps = '9', budget = '3000', validateLimit = '300000'] = process.argv.slice(2);
  runInProcess(catalogFile, Number(reps), Number(budget), Number(validateLimit)).then(
    (r) => {
      process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
