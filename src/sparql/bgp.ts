// Answers the commonest queries, a SELECT over one basic graph pattern, straight from the store's indexes: joins on
// term ids (index nested loops, most selective pattern first), terms materialised only for the answer. The union
// default graph is a set of triples, as DatasetSource gives it to the engine. Anything else goes to the index
// evaluator (evaluate/); what neither takes, or what turns out larger than its budget, to the engine.
import type * as RDF from '@rdfjs/types';
import type * as S from 'sparqljs';
import type { QuadStore } from '../store/quadStore';
import { analyzeQuery, type AnalyzedQuery, type AnalyzeOptions } from './analyze';
import type { QueryOutput } from './comunica/engine';
import { IndexEvaluator, type IndexQuery } from './evaluate/answer';
import { ShapeCache } from './evaluate/shapes';
import type { RegexPolicy } from './evaluate/expressions';
import { termJson as cellOf } from './evaluate/terms';

const SHORTHAND = new Set(['integer', 'decimal', 'double', 'boolean'].map((t) => `http://www.w3.org/2001/XMLSchema#${t}`));

/** A pattern position: a variable (index into the plan's variables) or a constant term. */
type Slot = { v: number } | { term: RDF.Term };

export interface BgpPlan {
  /** All variables, the projected ones first; blank nodes of the pattern are unprojected variables. */
  variables: string[];
  projected: number;
  patterns: Array<[Slot, Slot, Slot]>;
  distinct: boolean;
  limit?: number;
  offset: number;
}

export interface BgpAnswer {
  body: string;
  count: number;
  truncated: boolean;
}

/** A plan when the query is `SELECT [DISTINCT] vars|* WHERE { triple patterns } [LIMIT] [OFFSET]`, else undefined. */
export function planBgp(q: S.SparqlQuery | undefined): BgpPlan | undefined {
  if (q?.type !== 'query' || q.queryType !== 'SELECT') return undefined;
  const sel = q as S.SelectQuery;
  if (sel.reduced || sel.from || sel.group || sel.having || sel.order || sel.values || !sel.where) return undefined;
  if (sel.where.length !== 1 || sel.where[0].type !== 'bgp') return undefined;
  const names: string[] = [];
  const index = (name: string) => {
    let i = names.indexOf(name);
    if (i < 0) {
      i = names.length;
      names.push(name);
    }
    return i;
  };
  let projected: string[] | undefined;
  if (!(sel.variables.length === 1 && (sel.variables[0] as { termType?: string }).termType === 'Wildcard')) {
    projected = [];
    for (const v of sel.variables) {
      if ((v as { termType?: string }).termType !== 'Variable') return undefined; // expressions
      projected.push((v as RDF.Variable).value);
    }
    for (const p of projected) index(`?${p}`);
  }
  const slot = (t: RDF.Term | S.PropertyPath): Slot | undefined => {
    if ('type' in t) return undefined; // property path
    if (t.termType === 'Variable') return { v: index(`?${t.value}`) };
    if (t.termType === 'BlankNode') return { v: index(`_:${t.value}`) };
    if (t.termType === 'NamedNode') return { term: t };
    // sparqljs rewrites the lexical form of numeric shorthand (`+5` becomes "5"), which would miss "+5"^^xsd:integer.
    if (t.termType === 'Literal') return SHORTHAND.has(t.datatype.value) ? undefined : { term: t };
    return undefined; // quoted triples
  };
  const patterns: BgpPlan['patterns'] = [];
  for (const t of (sel.where[0] as S.BgpPattern).triples) {
    const s = slot(t.subject),
      p = slot(t.predicate),
      o = slot(t.object);
    if (!s || !p || !o) return undefined;
    patterns.push([s, p, o]);
  }
  if (patterns.length === 0) return undefined;
  // SELECT * projects the pattern's variables in order of appearance (not its blank nodes).
  const count = projected ? projected.length : names.filter((n) => n.startsWith('?')).length;
  if (!projected) {
    const order = [...names.filter((n) => n.startsWith('?')), ...names.filter((n) => n.startsWith('_:'))];
    const remap = names.map((n) => order.indexOf(n));
    for (const pat of patterns) for (const s of pat) if ('v' in s) s.v = remap[s.v];
    names.splice(0, names.length, ...order);
  }
  return {
    variables: names.map((n) => n.slice(n.startsWith('?') ? 1 : 0)),
    projected: count,
    patterns,
    distinct: Boolean(sel.distinct),
    limit: sel.limit,
    offset: sel.offset ?? 0,
  };
}

class OverBudget extends Error {}

/**
 * Runs a plan and writes SPARQL JSON results. Returns undefined when more than `budget` index entries would be
 * visited: the caller then hands the query to the engine.
 */
export function runBgp(
  store: QuadStore,
  plan: BgpPlan,
  opts: { unionDefaultGraph: boolean; maxRows: number; budget: number },
): BgpAnswer | undefined {
  const graph = opts.unionDefaultGraph ? -1 : (store.lookup({ termType: 'DefaultGraph', value: '' } as RDF.DefaultGraph) ?? -2);
  const head = `{"head":{"vars":${JSON.stringify(plan.variables.slice(0, plan.projected))}},"results":{"bindings":[`;
  // Constants to ids; a constant the store does not hold, or no default graph, means no solutions.
  const ids: Array<[number, number, number]> = [];
  let empty = graph === -2;
  for (const pat of plan.patterns) {
    ids.push(pat.map((s) => ('v' in s ? -1 : (store.lookup(s.term) ?? -2))) as [number, number, number]);
    if (ids[ids.length - 1].includes(-2)) empty = true;
  }
  // LIMIT 0 asks for no solutions: emit() only checks the limit after adding a row.
  if (empty || plan.limit === 0) return { body: `${head}]}}`, count: 0, truncated: false };

  const order = joinOrder(store, plan, ids, graph);
  const values = new Int32Array(plan.variables.length).fill(-1);
  const rows: string[] = [];
  const seen = plan.distinct ? new Set<string>() : undefined;
  const termJson = new Map<number, string>();
  let skipped = 0;
  let visited = 0;
  let truncated = false;

  const emit = (): boolean => {
    if (seen) {
      const key = Array.prototype.join.call(values.subarray(0, plan.projected), ' ');
      if (seen.has(key)) return true;
      seen.add(key);
    }
    if (skipped < plan.offset) {
      skipped++;
      return true;
    }
    // One solution past the row cap shows the answer was cut (a LIMIT at or below the cap stops without looking).
    if (rows.length >= opts.maxRows) {
      truncated = true;
      return false;
    }
    const parts: string[] = [];
    for (let v = 0; v < plan.projected; v++) {
      // A projected variable the pattern never mentions stays unbound: SPARQL JSON leaves it out of the row.
      if (values[v] === -1) continue;
      let json = termJson.get(values[v]);
      if (json === undefined) {
        json = cellOf(store.termOf(values[v]));
        termJson.set(values[v], json);
      }
      parts.push(`${JSON.stringify(plan.variables[v])}:${json}`);
    }
    rows.push(`{${parts.join(',')}}`);
    return rows.length < (plan.limit ?? Infinity);
  };

  const step = (k: number): boolean => {
    if (k === order.length) return emit();
    const pi = order[k];
    const pat = plan.patterns[pi];
    const c = ids[pi];
    const bind = (i: number) => {
      const s = pat[i];
      return 'v' in s ? values[s.v] : c[i];
    };
    const fresh: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = pat[i];
      if ('v' in s && values[s.v] === -1 && !fresh.includes(s.v)) fresh.push(s.v);
    }
    let more = true;
    store.scan(
      bind(0),
      bind(1),
      bind(2),
      graph,
      (s, p, o) => {
        if (++visited > opts.budget) throw new OverBudget();
        const got = [s, p, o];
        // A variable repeated within the pattern must take the same term in each place.
        for (let i = 0; i < 3; i++) {
          const sl = pat[i];
          if (!('v' in sl) || !fresh.includes(sl.v)) continue;
          if (values[sl.v] === -1) values[sl.v] = got[i];
          else if (values[sl.v] !== got[i]) {
            for (const v of fresh) values[v] = -1;
            return true;
          }
        }
        more = step(k + 1);
        for (const v of fresh) values[v] = -1;
        return more;
      },
      opts.unionDefaultGraph,
    );
    return more;
  };

  try {
    step(0);
  } catch (e) {
    if (e instanceof OverBudget) return undefined;
    throw e;
  }
  return { body: `${head}${rows.join(',')}]}}`, count: rows.length, truncated };
}

/** Greedy order: the smallest pattern first, then always a pattern joined to what is bound, smallest estimate first. */
function joinOrder(store: QuadStore, plan: BgpPlan, ids: Array<[number, number, number]>, graph: number): number[] {
  const estimates = ids.map(([s, p, o]) => store.estimate(s, p, o, graph));
  const bound = new Set<number>();
  const order: number[] = [];
  const left = plan.patterns.map((_, i) => i);
  while (left.length) {
    let best = -1;
    let bestCost = Infinity;
    for (const i of left) {
      const vars = plan.patterns[i].filter((s): s is { v: number } => 'v' in s).map((s) => s.v);
      const joined = vars.filter((v) => bound.has(v)).length;
      // Each bound variable narrows a scan by orders of magnitude; unconnected patterns come last (cross products).
      const cost = (order.length > 0 && joined === 0 ? 1e12 : 0) + estimates[i] / 1000 ** joined;
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    order.push(best);
    left.splice(left.indexOf(best), 1);
    for (const s of plan.patterns[best]) if ('v' in s) bound.add(s.v);
  }
  return order;
}

/** A query the index evaluator runs: its form and algebra, from a parse or from a remembered shape. */
export type IndexedQuery = IndexQuery;

function indexQuery(query: AnalyzedQuery): IndexQuery {
  return { form: query.form, algebra: query.query.algebra, graphs: query.query.graphs };
}

export interface DirectAnswer {
  /** Answers an analysed query from the indexes, or undefined (the engine answers). */
  answer(
    query: AnalyzedQuery,
    mediaType: string,
    maxRows: number,
    prefixes?: Record<string, string>,
  ): QueryOutput | Promise<QueryOutput> | undefined;
  /** The form and algebra of a text whose shape the indexes answered before, without parsing it; else undefined. */
  shape(text: string): IndexedQuery | undefined;
  /**
   * Learns the shape of a text met `times` times (at most so many characters long): parses it, and remembers it if
   * the indexes would take it. For a thread that parses nothing else (the server's: see QueryService).
   */
  learn(text: string, env: AnalyzeOptions, times: number): void;
  /** Answers a query known by its shape, or undefined. */
  answerShape(
    query: IndexedQuery,
    mediaType: string,
    maxRows: number,
    prefixes?: Record<string, string>,
    text?: string,
  ): QueryOutput | Promise<QueryOutput> | undefined;
}

/**
 * What answers queries from a store's indexes, or says it cannot (undefined: use the engine): SELECTs over one basic
 * graph pattern here, the rest of what the index evaluator takes (evaluate/) after; shapes it answered are
 * remembered, so the same query with other IRIs or strings is not parsed again. `budget` bounds the index entries
 * one query may visit.
 */
export function directAnswerer(store: QuadStore, opts: { unionDefaultGraph: boolean; budget: number; regex?: RegexPolicy }): DirectAnswer {
  const plans = new WeakMap<AnalyzedQuery, BgpPlan | null>();
  const evaluator = new IndexEvaluator(store, opts);
  const shapes = new ShapeCache();
  const answer: DirectAnswer['answer'] = (query, mediaType, maxRows, prefixes) => {
    if (query.form === 'SELECT' && mediaType === 'application/sparql-results+json') {
      let plan = plans.get(query);
      if (plan === undefined) {
        plan = planBgp(query.parsed) ?? null;
        plans.set(query, plan);
      }
      if (plan) {
        const found = runBgp(store, plan, { unionDefaultGraph: opts.unionDefaultGraph, maxRows, budget: opts.budget });
        return found && { form: 'SELECT', mediaType, ...found };
      }
    }
    return evaluator.answer(indexQuery(query), mediaType, { maxRows, prefixes });
  };
  return {
    answer(query, mediaType, maxRows, prefixes) {
      const out = answer(query, mediaType, maxRows, prefixes);
      // Only shapes the indexes answer are worth a template: the others go to the engine, which parses anyway.
      if (out && !query.graphParams) shapes.remember(query.text, query.query);
      return out;
    },
    shape: (text) => shapes.lookup(text),
    learn(text, env, times) {
      if (!shapes.recurs(text, times)) return;
      try {
        const query = analyzeQuery(text, env);
        if (evaluator.plan(indexQuery(query))) {
          shapes.remember(text, query.query);
          return;
        }
      } catch {
        // Not a query the indexes answer; the query process says what is wrong with it.
      }
      // Nor is the shape parsed again here: every further text of it goes straight to a query process.
      shapes.forget(text);
    },
    answerShape(query, mediaType, maxRows, prefixes, text?: string) {
      const out = evaluator.answer(query, mediaType, { maxRows, prefixes });
      // A shape the evaluator hands back (too much work, a value it leaves to the engine) is not tried here again.
      if (!out && text !== undefined) shapes.forget(text);
      return out;
    },
  };
}
