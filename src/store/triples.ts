// Walks a dataset's union graph subject by subject (each triple once) or graph by graph, without copying it.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { termKey } from '../rdf/termKey';
import { Dataset } from './dataset';

const { quad, defaultGraph, blankNode } = DataFactory;

/**
 * Every distinct subject, in the order the store holds them (files in sorted order, then order of statement), which
 * is the same on every load of the same files whatever labels the parser gave blank nodes. Computed once per dataset.
 */
export function distinctSubjects(ds: Dataset): RDF.Quad_Subject[] {
  return ds.memo('distinctSubjects', () => runSteps(subjectSteps(ds)));
}

/** Read off the subject-first order, which is what a walk of every quad in store order meets them in (by id). */
function* subjectSteps(ds: Dataset): Generator<void, RDF.Quad_Subject[]> {
  const subjects: RDF.Quad_Subject[] = [];
  for (const [s] of ds.store.readDistinctTerms(['subject'])) {
    subjects.push(s as RDF.Quad_Subject);
    if (subjects.length % STEP === 0) yield;
  }
  return subjects;
}

/** How many quads a step of a long computation handles before it may yield. */
export const STEP = 20_000;

/** Runs a stepwise computation to its end at once. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs a stepwise computation, letting other work (requests) run between its steps. */
export async function runStepsYielding<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
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
export function relabelBlankNodes(quads: Iterable<RDF.Quad>): Generator<RDF.Quad>;
export function relabelBlankNodes(quads: AsyncIterable<RDF.Quad>): AsyncGenerator<RDF.Quad>;
export function relabelBlankNodes(quads: Iterable<RDF.Quad> | AsyncIterable<RDF.Quad>): Generator<RDF.Quad> | AsyncGenerator<RDF.Quad>;
export function relabelBlankNodes(quads: Iterable<RDF.Quad> | AsyncIterable<RDF.Quad>): Generator<RDF.Quad> | AsyncGenerator<RDF.Quad> {
  const relabel = relabeller();
  // A held dataset stays synchronous: a promise per quad would slow its dumps for nothing.
  if (Symbol.iterator in quads)
    return (function* () {
      for (const q of quads) yield relabel(q);
    })();
  return (async function* () {
    for await (const q of quads) yield relabel(q);
  })();
}

function relabeller(): (q: RDF.Quad) => RDF.Quad {
  const names = new Map<string, RDF.BlankNode>();
  const map = <T extends RDF.Term>(t: T): T => {
    if (t.termType !== 'BlankNode') return t;
    let n = names.get(t.value);
    if (!n) {
      n = blankNode(`b${names.size}`);
      names.set(t.value, n);
    }
    return n as unknown as T;
  };
  return (q) =>
    q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode'
      ? quad(map(q.subject), q.predicate, map(q.object), map(q.graph))
      : q;
}
