// Walks a dataset's union graph subject by subject (each triple once) or graph by graph, without copying it.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from './dataset';

const { quad, defaultGraph, blankNode } = DataFactory;

/** A stable key for a term, distinguishing IRIs, blank nodes and literals with their language or datatype. */
export function termKey(t: RDF.Term): string {
  if (t.termType === 'Literal') return `L${t.value}\u0000${t.language}\u0000${t.datatype.value}`;
  return `${t.termType[0]}${t.value}`;
}

/**
 * Every distinct subject: IRIs in code-point order, then blank nodes in load order (their labels depend on
 * how many files the process parsed before, their order in the store does not), so output is reproducible.
 */
export function distinctSubjects(ds: Dataset): RDF.Quad_Subject[] {
  const iris = new Map<string, RDF.Quad_Subject>();
  const blanks = new Map<string, RDF.Quad_Subject>();
  for (const q of ds.quads()) {
    const into = q.subject.termType === 'BlankNode' ? blanks : iris;
    if (!into.has(q.subject.value)) into.set(q.subject.value, q.subject);
  }
  const sorted = [...iris.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return [...sorted, ...blanks.values()];
}

/** The union graph: every distinct triple once, grouped by subject, graph names dropped. */
export function* unionTriples(ds: Dataset, subjects: readonly RDF.Quad_Subject[] = distinctSubjects(ds)): Generator<RDF.Quad> {
  for (const s of subjects) {
    const seen = new Set<string>();
    for (const q of ds.store.readQuads(s, undefined, undefined, undefined) as Iterable<RDF.Quad>) {
      const k = `${q.predicate.value}\u0001${termKey(q.object)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      yield quad(q.subject, q.predicate, q.object, defaultGraph());
    }
  }
}

/** The graphs in dump order: the default graph first, then named graphs by name. */
export function graphsInOrder(ds: Dataset): RDF.Quad_Graph[] {
  const graphs: RDF.Quad_Graph[] = [];
  if (ds.store.countQuads(undefined, undefined, undefined, defaultGraph()) > 0) graphs.push(defaultGraph());
  for (const name of ds.graphNames()) graphs.push(DataFactory.namedNode(name));
  return graphs;
}

/** Every quad, graph by graph and within a graph subject by subject. */
export function* quadsByGraph(ds: Dataset): Generator<RDF.Quad> {
  for (const g of graphsInOrder(ds)) yield* ds.store.readQuads(undefined, undefined, undefined, g) as Iterable<RDF.Quad>;
}

/** Renames blank nodes to b0, b1 … in order of first appearance, so the same data always gives the same bytes. */
export function* relabelBlankNodes(quads: Iterable<RDF.Quad>): Generator<RDF.Quad> {
  const names = new Map<string, RDF.BlankNode>();
  const map = <T extends RDF.Term>(t: T): T => {
    if (t.termType !== 'BlankNode') return t;
    let n = names.get(t.value);
    if (!n) { n = blankNode(`b${names.size}`); names.set(t.value, n); }
    return n as unknown as T;
  };
  for (const q of quads) {
    yield q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode'
      ? quad(map(q.subject), q.predicate, map(q.object), map(q.graph)) : q;
  }
}
