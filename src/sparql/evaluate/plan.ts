// The graph patterns the index evaluator takes, compiled from Comunica's algebra: variables as slots, constants as
// term ids. A pattern it does not take (GRAPH, MINUS, BIND, VALUES, subqueries, EXISTS, …) makes it decline the query.
import type * as RDF from '@rdfjs/types';
import type { QuadStore } from '../../store/quadStore';
import type { Operation } from '../syntax';
import { compileCondition, type Condition, type RegexPolicy } from './expressions';

/** A pattern position: a variable's slot, or a term id (-2: a term the store does not hold). */
export type Slot = { v: number } | { id: number };

export type IdPath =
  | { k: 'link'; p: number }
  | { k: 'inv'; path: IdPath }
  | { k: 'seq' | 'alt'; items: IdPath[] }
  | { k: '*' | '+' | '?'; path: IdPath };

interface Common {
  /** Slots of every variable the pattern mentions. */
  vars: number[];
  /** Slots every solution binds. */
  certain: Set<number>;
  /**
   * Whether evaluating it with some of its variables already bound gives exactly the join with those bindings (so
   * outer bindings may be passed in): basic graph patterns and paths are; a FILTER reading a variable its pattern
   * may leave unbound, or an OPTIONAL, is not (it is evaluated on its own and joined).
   */
  safe: boolean;
}

export type PlanNode = Common &
  (
    | { k: 'bgp'; patterns: Array<[Slot, Slot, Slot]>; filters: Array<{ test: Condition; vars: number[] }> }
    | { k: 'path'; s: Slot; path: IdPath; o: Slot; constants: number[] }
    | { k: 'join'; inputs: PlanNode[] }
    | { k: 'leftjoin'; left: PlanNode; right: PlanNode; expr?: Condition }
    | { k: 'union'; inputs: PlanNode[] }
    | { k: 'filter'; input: PlanNode; test: Condition }
  );

class Unsupported extends Error {}

export interface PlanOptions {
  /** Which REGEX patterns may be evaluated (default all): on the server's own thread, where a slow one could not be stopped, only bounded ones. */
  regex?: RegexPolicy;
}

/** Slots of a query's variables, shared by its patterns and its modifiers. */
export class Slots {
  readonly names: string[] = [];
  constructor(readonly opts: PlanOptions = {}) {}

  private readonly index = new Map<string, number>();
  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}

/** The plan of a graph pattern over the default graph, or undefined when the evaluator does not take it. */
export function planPattern(op: Operation, store: QuadStore, slots: Slots): PlanNode | undefined {
  try {
    return plan(op, store, slots);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function plan(op: Operation, store: QuadStore, slots: Slots): PlanNode {
  switch (op.type) {
    case 'bgp': {
      // An empty pattern is the empty group (one solution, no bindings): a GRAPH around one, which the translation
      // drops, never comes here (IndexQuery.graphs).
      const patterns = (op.patterns as RDF.Quad[]).map((q) => {
        if (q.graph.termType !== 'DefaultGraph') throw new Unsupported();
        return [slot(q.subject, store, slots), slot(q.predicate, store, slots), slot(q.object, store, slots)] as [Slot, Slot, Slot];
      });
      const vars = varsOf(patterns.flat());
      return { k: 'bgp', patterns, filters: [], vars, certain: new Set(vars), safe: true };
    }
    case 'path': {
      if ((op.graph as RDF.Term).termType !== 'DefaultGraph') throw new Unsupported();
      const s = slot(op.subject as RDF.Term, store, slots);
      const o = slot(op.object as RDF.Term, store, slots);
      // A zero-length path reaches a constant end even when the store lacks it: a term without an id here.
      if (('id' in s && s.id < 0) || ('id' in o && o.id < 0)) throw new Unsupported();
      const vars = varsOf([s, o]);
      const constants = [s, o].filter((x): x is { id: number } => 'id' in x).map((x) => x.id);
      return { k: 'path', s, o, path: path(op.predicate as Operation, store), constants, vars, certain: new Set(vars), safe: true };
    }
    case 'join': {
      const inputs = (op.input as Operation[]).map((i) => plan(i, store, slots));
      // A path from a constant end first (one search, then index lookups), then patterns, then other paths (cheapest
      // once an end is bound).
      const rank = (n: PlanNode) => (n.k !== 'path' ? 1 : n.constants.length ? 0 : 2);
      inputs.sort((a, b) => rank(a) - rank(b));
      return {
        k: 'join',
        inputs,
        vars: union(inputs.map((i) => i.vars)),
        certain: new Set(inputs.flatMap((i) => [...i.certain])),
        safe: inputs.every((i) => i.safe),
      };
    }
    case 'leftjoin': {
      const [l, r] = (op.input as Operation[]).map((i) => plan(i, store, slots));
      let expr: Condition | undefined;
      const vars = union([l.vars, r.vars]);
      if (op.expression) {
        const c = compileCondition(op.expression as Operation, (n) => slots.of(n), slots.opts.regex);
        if (!c) throw new Unsupported();
        expr = c.test;
        for (const v of c.variables) if (!vars.includes(slots.of(v))) vars.push(slots.of(v));
      }
      return { k: 'leftjoin', left: l, right: r, expr, vars, certain: l.certain, safe: false };
    }
    case 'union': {
      const inputs = (op.input as Operation[]).map((i) => plan(i, store, slots));
      const certain = new Set([...inputs[0].certain].filter((v) => inputs.every((i) => i.certain.has(v))));
      return { k: 'union', inputs, vars: union(inputs.map((i) => i.vars)), certain, safe: inputs.every((i) => i.safe) };
    }
    case 'filter': {
      const input = plan(op.input as Operation, store, slots);
      const c = compileCondition(op.expression as Operation, (n) => slots.of(n), slots.opts.regex);
      if (!c) throw new Unsupported();
      const read = [...c.variables].map((n) => slots.of(n));
      const inside = read.every((v) => input.certain.has(v));
      // A condition on a basic graph pattern's own variables is checked inside its scan, as soon as they are bound.
      if (input.k === 'bgp' && inside) {
        input.filters.push({ test: c.test, vars: read });
        return input;
      }
      return {
        k: 'filter',
        input,
        test: c.test,
        vars: union([input.vars, read]),
        certain: input.certain,
        safe: input.safe && inside,
      };
    }
    default:
      throw new Unsupported();
  }
}

function path(p: Operation, store: QuadStore): IdPath {
  switch (p.type) {
    case 'link': {
      const id = store.lookup(p.iri as RDF.NamedNode);
      return { k: 'link', p: id ?? -2 };
    }
    case 'inv':
      return { k: 'inv', path: path(p.path as Operation, store) };
    case 'seq':
    case 'alt':
      return { k: p.type, items: (p.input as Operation[]).map((i) => path(i, store)) };
    case 'ZeroOrMorePath':
      return { k: '*', path: path(p.path as Operation, store) };
    case 'OneOrMorePath':
      return { k: '+', path: path(p.path as Operation, store) };
    case 'ZeroOrOnePath':
      return { k: '?', path: path(p.path as Operation, store) };
    default:
      throw new Unsupported(); // negated property sets
  }
}

function slot(t: RDF.Term, store: QuadStore, slots: Slots): Slot {
  if (t.termType === 'Variable') return { v: slots.of(t.value) };
  if (t.termType === 'BlankNode') return { v: slots.of(`_:${t.value}`) };
  if (t.termType === 'NamedNode' || t.termType === 'Literal') return { id: store.lookup(t) ?? -2 };
  throw new Unsupported(); // quoted triples
}

function varsOf(s: Slot[]): number[] {
  return [...new Set(s.filter((x): x is { v: number } => 'v' in x).map((x) => x.v))];
}

function union(lists: number[][]): number[] {
  return [...new Set(lists.flat())];
}
