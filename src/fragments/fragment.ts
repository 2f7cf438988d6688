// A page of a fragment read straight off the store's sorted indexes: the exact count of what matches, then its quads.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { QuadStore } from '../store/quadStore';
import { Position, Selector, skolemize } from './selector';

const { quad, defaultGraph } = DataFactory;
const ANY = -1;
const SLOT: Record<Position, number> = { subject: 0, predicate: 1, object: 2, graph: 3 };
/** Counts remembered per store: most are a range's bounds, but the union with repeated triples, and repeated variables, need a scan. */
const COUNTS = new WeakMap<QuadStore, Map<string, number>>();
const REMEMBERED = 4096;

export interface FragmentPage {
  /** The exact number of triples (quads, when the graph is a variable or named) matching the selector. */
  total: number;
  page: number;
  pageSize: number;
  /** Whether a later page holds more (the next page is never empty). */
  hasNext: boolean;
  /** This page's matches, in index order, blank nodes as skolem IRIs, each in the graph it is written in. */
  quads: RDF.Quad[];
}

/** How the default graph is read: the union of all graphs, each triple once (the server's default), or the unnamed graph. */
export interface GraphOptions {
  union: boolean;
}

/** Where the pages come from when the dataset is not held in this process (an external store): the same answers, asked for. */
export interface FragmentSource {
  count(sel: Selector, graphs: GraphOptions): Promise<number>;
  page(sel: Selector, page: number, pageSize: number, base: string, graphs: GraphOptions): Promise<FragmentPage>;
}

/** The ids the selector binds (-1 = any), or undefined when a bound term is not in the store (nothing matches). */
function idsOf(store: QuadStore, sel: Selector, { union }: GraphOptions): number[] | undefined {
  if (sel.impossible) return undefined;
  const ids: number[] = [];
  const graph = sel.graph.kind === 'named' ? sel.graph.term : sel.graph.kind === 'default' && !union ? defaultGraph() : undefined;
  for (const t of [sel.subject, sel.predicate, sel.object, graph]) {
    const id = t ? store.lookup(t) : ANY;
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}

/** A check for repeated variables (`{ ?x ?p ?x }`) over a match's ids, or undefined when there are none. */
function sameCheck(sel: Selector): ((ids: number[]) => boolean) | undefined {
  if (!sel.same.length) return undefined;
  const groups = sel.same.map((g) => g.map((p) => SLOT[p]));
  return (ids) => groups.every((g) => g.every((slot) => ids[slot] === ids[g[0]]));
}

/** The exact count: the store's, or a scan when repeated variables tie positions together; remembered per store. */
export function countFragment(store: QuadStore, sel: Selector, graphs: GraphOptions = { union: true }): number {
  const ids = idsOf(store, sel, graphs);
  if (!ids) return 0;
  const once = sel.graph.kind === 'default' && graphs.union;
  const key = `${ids.join(' ')} ${once} ${JSON.stringify(sel.same)}`;
  let counts = COUNTS.get(store);
  const known = counts?.get(key);
  if (known !== undefined) return known;
  const check = sameCheck(sel);
  let n = 0;
  if (check)
    store.scan(
      ids[0],
      ids[1],
      ids[2],
      ids[3],
      (s, p, o, g) => {
        if (check([s, p, o, g])) n++;
      },
      once,
    );
  else n = store.count(ids[0], ids[1], ids[2], ids[3], once);
  if (!counts) COUNTS.set(store, (counts = new Map()));
  if (counts.size >= REMEMBERED) counts.delete(counts.keys().next().value!);
  counts.set(key, n);
  return n;
}

/**
 * Page `page` (from 1) of `pageSize` matches. The default graph's matches (the union of all graphs, each triple once,
 * unless told otherwise) are written in the default graph; a named graph's in it; with a graph variable each quad keeps
 * its graph. Blank nodes become skolem IRIs under `base`.
 */
export function selectFragment(
  store: QuadStore,
  sel: Selector,
  page: number,
  pageSize: number,
  base: string,
  graphs: GraphOptions = { union: true },
): FragmentPage {
  const total = countFragment(store, sel, graphs);
  const skip = (page - 1) * pageSize;
  const out: FragmentPage = { total, page, pageSize, hasNext: skip + pageSize < total, quads: [] };
  const ids = idsOf(store, sel, graphs);
  if (!ids || skip >= total) return out;
  const once = sel.graph.kind === 'default' && graphs.union;
  const check = sameCheck(sel);
  const term = (id: number) => skolemize(store.termOf(id), base);
  const graphOf = (g: number): RDF.Quad_Graph =>
    sel.graph.kind === 'default'
      ? defaultGraph()
      : sel.graph.kind === 'named'
        ? (skolemize(sel.graph.term, base) as RDF.Quad_Graph)
        : (term(g) as RDF.Quad_Graph);
  let passed = 0;
  store.scan(
    ids[0],
    ids[1],
    ids[2],
    ids[3],
    (s, p, o, g) => {
      if (check && (!check([s, p, o, g]) || passed++ < skip)) return true;
      out.quads.push(quad(term(s) as RDF.Quad_Subject, term(p) as RDF.Quad_Predicate, term(o) as RDF.Quad_Object, graphOf(g)));
      return out.quads.length < pageSize;
    },
    once,
    check ? 0 : skip,
  );
  return out;
}
