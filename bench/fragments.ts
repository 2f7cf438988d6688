// In-process cost of Triple Pattern Fragments: the exact count and one page straight from the indexes, per pattern,
// next to the same lookup through the product's SPARQL path (no result cache), on the same loaded data.
import { performance } from 'node:perf_hooks';
import type { Catalog } from './generate';
import { lookupQuery } from './queries';
import type { Dataset } from '../src/store/dataset';
import type { QueryService } from '../src/sparql/queryService';
import { selectFragment } from '../src/fragments/fragment';
import { Parameters, readSelector } from '../src/fragments/selector';

export interface FragmentFigure {
  name: string;
  /** Exact matches of the pattern, and what one page (100) holds. */
  total: number;
  pageItems: number;
  /** Median microseconds: the exact count alone, from the indexes (the server also remembers it per pattern). */
  countUs: number;
  /** Median microseconds: count and page 1; a page in the middle (when there is more than one). */
  firstPageUs: number;
  deepPageUs: number;
  /** The same lookup as SPARQL, when it is one (median microseconds), for comparison. */
  sparqlUs?: number;
}

const PAGE = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median microseconds of `reps` runs (after one warm-up). */
async function time(f: () => unknown, reps: number): Promise<number> {
  await f();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    out.push((performance.now() - t) * 1000);
  }
  return median(out);
}

export async function fragmentFigures(ds: Dataset, c: Catalog, service: QueryService, reps: number): Promise<FragmentFigure[]> {
  const patterns: Array<{ name: string; params: Parameters; sparql?: string }> = [
    { name: 'one subject (the SPARQL lookup)', params: { subject: c.edition }, sparql: lookupQuery(c) },
    {
      name: "predicate + object (the join's first pattern)",
      params: { predicate: 'https://schema.org/containedInPlace', object: c.country },
    },
    { name: 'one predicate (schema:name)', params: { predicate: 'https://schema.org/name' } },
    { name: 'every triple (the union, each once)', params: {} },
    { name: 'every quad (graph variable)', params: { graph: '' } },
    {
      name: 'one named graph, one predicate (a scan)',
      params: { graph: `${c.base}graph/reference`, predicate: 'https://schema.org/name' },
    },
  ];
  const out: FragmentFigure[] = [];
  for (const p of patterns) {
    const sel = readSelector(p.params, c.base);
    const first = selectFragment(ds.store, sel, 1, PAGE, c.base);
    const deep = Math.floor(first.total / PAGE / 2) + 1; // a page in the middle: reached by offset, not by reading up to it
    const ids = [sel.subject, sel.predicate, sel.object, sel.graph.kind === 'named' ? sel.graph.term : undefined].map((t) =>
      t ? (ds.store.lookup(t) ?? -2) : -1,
    );
    const once = sel.graph.kind === 'default';
    const fig: FragmentFigure = {
      name: p.name,
      total: first.total,
      pageItems: first.quads.length,
      countUs: await time(() => ds.store.count(ids[0], ids[1], ids[2], ids[3], once), reps),
      firstPageUs: await time(() => selectFragment(ds.store, sel, 1, PAGE, c.base), reps),
      deepPageUs: first.total > PAGE ? await time(() => selectFragment(ds.store, sel, deep, PAGE, c.base), reps) : NaN,
    };
    if (p.sparql)
      fig.sparqlUs = await time(() => service.answer({ text: p.sparql!, resultsType: 'application/sparql-results+json' }), reps);
    out.push(fig);
  }
  return out;
}
