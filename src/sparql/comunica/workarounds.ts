// Rewrites that steer Comunica 5.4 around known deviations from SPARQL 1.1, each naming its upstream issue and W3C test.
import { Generator, Parser } from 'sparqljs';
import type * as S from 'sparqljs';

export interface RewriteContext {
  /** IRIs of the named graphs in the store (the dataset when the query has no FROM / FROM NAMED); undefined if unknown. */
  namedGraphs: () => readonly string[] | undefined;
  /** Above this many named graphs GRAPH ?g is left to the engine, so a query never grows without bound. */
  maxGraphs?: number;
}

/** The text to run: the query itself, or an equivalent rewrite when it uses a construct the engine gets wrong. */
export function rewriteQuery(text: string, ctx: RewriteContext): string {
  if (!/\b(?:REDUCED|GRAPH)\b/i.test(text)) return text;
  let parsed: S.SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch {
    return text; // the engine reports the syntax error in its own words
  }
  if (parsed.type !== 'query') return text;
  let changed = dropReduced(parsed);
  const named = parsed.from && (parsed.from.default.length || parsed.from.named.length)
    ? parsed.from.named.map((n) => n.value) : undefined;
  const graphs = { list: named ?? null, ctx };
  const where = parsed.where && rewriteGraphs(parsed.where, graphs);
  if (where && where !== parsed.where) { parsed.where = where as S.Pattern[]; changed = true; }
  return changed ? new Generator().stringify(parsed) : text;
}

/**
 * REDUCED lets an engine drop any duplicates, so plain SELECT is always a correct answer. Comunica's REDUCED
 * (actor-query-operation-reduced-hash) drops every solution whose murmur hash it has seen, and that hash reads only
 * each term's `value`: "abc", "abc"@en and <abc> collide, so distinct solutions vanish (W3C reduced/reduced-2).
 * No upstream issue found (the actor came with comunica/comunica#376); hash joins re-check terms and are not affected.
 */
function dropReduced(node: unknown): boolean {
  let changed = false;
  walk(node, (o) => {
    if (o.type === 'query' && o.reduced) { o.reduced = false; changed = true; }
  });
  return changed;
}

/**
 * Comunica pushes GRAPH ?g down into the quad patterns inside it (comunica/comunica#1643). That is not the SPARQL
 * semantics — eval(GRAPH ?g P) = ⋃ over named graphs i of Join(eval(P in graph i), {?g → i}) — whenever P can yield
 * solutions without reading a quad, or hides ?g: `GRAPH ?g {}` lists no graphs (comunica/comunica#1679, W3C
 * graph/graph-empty), a subquery or aggregate inside loses ?g (aggregates/agg-empty-group-count-graph), VALUES or
 * OPTIONAL mentioning ?g are joined too early (bindings/graph, graph/graph-optional), and `GRAPH <absent> {}`
 * yields a solution (graph/graph-empty-not-exist). Such a GRAPH ?g becomes the union over the named graphs of
 * `{ GRAPH <i> { P } VALUES ?g { <i> } }`, which is the definition spelt out (a BIND stands in for the VALUES
 * where P never names ?g); GRAPH <absent> { P } without quad patterns becomes empty.
 */
function rewriteGraphs(node: unknown, graphs: { list: string[] | null; ctx: RewriteContext }): unknown {
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((n) => { const r = rewriteGraphs(n, graphs); if (r !== n) changed = true; return r; });
    return changed ? out : node;
  }
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (!v || typeof v !== 'object' || k === 'from') continue;
    const r = rewriteGraphs(v, graphs);
    if (r !== v) (copy ??= { ...o })[k] = r;
  }
  const current = (copy ?? o) as unknown as S.GraphPattern;
  if (current.type !== 'graph' || !Array.isArray(current.patterns)) return copy ?? node;
  const list = graphs.list ?? graphs.ctx.namedGraphs();
  if (!list) return copy ?? node;
  if (current.name.termType === 'NamedNode') {
    if (!yieldsWithoutQuads(current.patterns) || list.includes(current.name.value)) return copy ?? node;
    return nothing();
  }
  if (!needsPerGraph(current.patterns, current.name.value)) return copy ?? node;
  if (list.length > (graphs.ctx.maxGraphs ?? 500)) return copy ?? node;
  if (list.length === 0) return nothing();
  const variable = current.name;
  // Join with {?g → i}: a BIND when P never names ?g (Comunica loses an aggregate's empty group when it joins a
  // subquery with VALUES), else VALUES, since BIND may not reassign a variable P binds.
  const inner = mentions(current.patterns, variable.value);
  return {
    type: 'union',
    patterns: list.map((iri, i) => {
      const name = { termType: 'NamedNode', value: iri };
      return {
        type: 'group',
        patterns: [
          { type: 'graph', name, patterns: renameBlankNodes(current.patterns, `_w${i}`) },
          inner ? { type: 'values', values: [{ [`?${variable.value}`]: name }] } : { type: 'bind', variable, expression: name },
        ],
      };
    }),
  };
}

/** A copy with every blank-node label suffixed: one label may not appear in two copies of a pattern. */
function renameBlankNodes<T>(node: T, suffix: string): T {
  if (Array.isArray(node)) return node.map((n) => renameBlankNodes(n, suffix)) as T;
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (o.termType === 'BlankNode') return { termType: 'BlankNode', value: `${o.value as string}${suffix}` } as T;
  if (typeof o.termType === 'string') return node;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, renameBlankNodes(v, suffix)])) as T;
}

/** A group with no solution: `{ FILTER(false) }`. */
function nothing(): S.GroupPattern {
  const falseLiteral = { termType: 'Literal', value: 'false', language: '', datatype: { termType: 'NamedNode', value: 'http://www.w3.org/2001/XMLSchema#boolean' } };
  return { type: 'group', patterns: [{ type: 'filter', expression: falseLiteral as never }] };
}

/** Whether pushing the graph into quad patterns would differ from evaluating P once per named graph. */
function needsPerGraph(patterns: S.Pattern[], g: string): boolean {
  if (yieldsWithoutQuads(patterns)) return true;
  for (const p of patterns) {
    // A triple pattern naming ?g equates it with the graph either way; anywhere else ?g must stay unbound inside P.
    if (p.type !== 'bgp' && mentions(p, g)) return true;
    let nested = false;
    walk(p, (o) => { if (o.type === 'query' || o.type === 'graph' || o.type === 'service') nested = true; });
    if (nested) return true;
  }
  return false;
}

/** True when a group of patterns can produce a solution that no quad pattern in it has bound to a graph. */
function yieldsWithoutQuads(patterns: readonly S.Pattern[]): boolean {
  return !patterns.some(bindsGraph);
}

function bindsGraph(p: S.Pattern): boolean {
  switch (p.type) {
    case 'bgp': return p.triples.length > 0;
    case 'group': return p.patterns.some(bindsGraph);
    case 'union': return p.patterns.every(bindsGraph);
    default: return false; // optional, minus, filter, bind, values, subquery, nested graph, service
  }
}

function mentions(node: unknown, variable: string): boolean {
  let found = false;
  walk(node, (o) => {
    if (o.termType === 'Variable' && o.value === variable) found = true;
    // VALUES rows name their variables in keys ('?g'), not as terms.
    if (o.type === 'values' && (o.values as S.ValuePatternRow[]).some((r) => `?${variable}` in r)) found = true;
  });
  return found;
}

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) { for (const n of node) walk(n, visit); return; }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  visit(o);
  for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v, visit);
}

/**
 * SPARQL/XML for an ASK answer. Comunica 5.4's XML serialiser always calls `metadata()` for the head, but
 * QueryEngine.resultToString passes boolean results on without one, so every ASK in XML throws "action.metadata
 * is not a function" (51 W3C tests, e.g. ask/ask-1). No upstream issue found.
 */
export function booleanXml(value: boolean): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head></head>\n  <boolean>${value}</boolean>\n</sparql>\n`;
}
