// Rewrites of the parsed query (never its text) that steer Comunica 5.4 around deviations from SPARQL 1.1.
import { astFactory, AstFactory, AstNode, Operation, ParsedQuery, someNode, translate } from '../syntax';
import { rewriteAlgebra } from './rewriteAlgebra';

export interface RewriteContext {
  /** IRIs of the named graphs in the store (the dataset when the query has no FROM / FROM NAMED); undefined if unknown. */
  namedGraphs: () => readonly string[] | undefined;
  /** Above this many named graphs GRAPH ?g is left to the engine, so a query never grows without bound. */
  maxGraphs?: number;
}

/** The algebra to hand Comunica: the query's own, or that of an equivalent rewrite where it would go wrong. */
export function operationFor(query: ParsedQuery, ctx: RewriteContext): Operation {
  const ast = rewriteGraphs(query.ast, ctx);
  // A rewritten tree is translated again: a translation, not a parse (the text was read once).
  return dropReduced(ast === query.ast ? query.algebra : translate(ast));
}

/**
 * REDUCED lets an engine drop any duplicates, so plain SELECT is always a correct answer. Comunica's REDUCED
 * (actor-query-operation-reduced-hash) drops every solution whose murmur hash it has seen, and that hash reads only
 * each term's `value`: "abc", "abc"@en and <abc> collide, so distinct solutions vanish (W3C reduced/reduced-2).
 * No upstream issue found (the actor came with comunica/comunica#376); hash joins re-check terms and are not affected.
 * Copies what it changes: the algebra given may be shared.
 */
export function dropReduced(op: Operation): Operation {
  return rewriteAlgebra(op, (o, walk) => (o.type === 'reduced' ? (walk.visit(o.input) as Operation) : walk.children(o)));
}

/**
 * Comunica pushes GRAPH ?g down into the quad patterns inside it (comunica/comunica#1643). That is not the SPARQL
 * semantics — eval(GRAPH ?g P) = ⋃ over named graphs i of Join(eval(P in graph i), {?g → i}) — whenever P can yield
 * solutions without reading a quad, or hides ?g: `GRAPH ?g {}` lists no graphs (comunica/comunica#1679, W3C
 * graph/graph-empty), a subquery or aggregate inside loses ?g (aggregates/agg-empty-group-count-graph), VALUES or
 * OPTIONAL mentioning ?g are joined too early (bindings/graph, graph/graph-optional), and `GRAPH <absent> {}`
 * yields a solution (graph/graph-empty-not-exist). Such a GRAPH ?g becomes the union over the named graphs of
 * `{ GRAPH <i> { P } VALUES ?g { <i> } }`, which is the definition spelt out (a BIND stands in for the VALUES
 * where P never names ?g); GRAPH <c> { P } without quad patterns gets FILTER(<c> IN (named graphs)).
 * The syntax tree is rewritten (the algebra no longer knows which patterns a GRAPH covered); untouched parts are
 * shared, IRIs are copied as written (the translation resolves them, against BASE and prefixes, as everywhere).
 */
export function rewriteGraphs(ast: AstNode, ctx: RewriteContext): AstNode {
  if (ast.type !== 'query' || !ast.where) return ast;
  const clauses = (ast.datasets as { clauses?: Array<{ clauseType: string; value: AstNode }> } | undefined)?.clauses ?? [];
  // With a dataset clause, the named graphs are exactly its FROM NAMED (none, if it has only FROM).
  const declared = clauses.length ? clauses.filter((c) => c.clauseType === 'named').map((c) => c.value) : undefined;
  const state: GraphState = { declared, ctx, F: undefined };
  const where = rewriteNode(ast.where, state);
  return where === ast.where ? ast : { ...ast, where };
}

interface GraphState {
  declared: AstNode[] | undefined;
  ctx: RewriteContext;
  F: AstFactory | undefined;
}

/** The named graphs as IRI terms of the syntax tree; undefined when the store cannot list them. */
function namedGraphTerms(state: GraphState): AstNode[] | undefined {
  if (state.declared) return state.declared;
  const F = (state.F ??= astFactory());
  return state.ctx.namedGraphs()?.map((iri) => F.termNamed(F.gen(), iri));
}

function rewriteNode(node: unknown, state: GraphState): unknown {
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((n) => {
      const r = rewriteNode(n, state);
      if (r !== n) changed = true;
      return r;
    });
    return changed ? out : node;
  }
  if (!node || typeof node !== 'object') return node;
  const o = node as AstNode;
  if (o.type === 'term') return node;
  let copy: AstNode | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (!v || typeof v !== 'object' || k === 'loc') continue;
    const r = rewriteNode(v, state);
    if (r !== v) (copy ??= { ...o })[k] = r;
  }
  const current = copy ?? o;
  if (current.type !== 'pattern' || current.subType !== 'graph') return current;
  const patterns = current.patterns as AstNode[];
  const name = current.name as AstNode;
  const list = namedGraphTerms(state);
  if (!list || list.length > (state.ctx.maxGraphs ?? 500)) return current;
  const F = (state.F ??= astFactory());
  if (name.subType !== 'variable') {
    if (!yieldsWithoutQuads(patterns)) return current;
    const known = F.expressionOperation('in', [name, ...list], F.gen());
    return F.patternGroup([current, F.patternFilter(known, F.gen())], F.gen());
  }
  const variable = String(name.value);
  if (!needsPerGraph(patterns, variable)) return current;
  if (list.length === 0) return nothing(F);
  // Join with {?g → i}: a BIND when P never names ?g (Comunica loses an aggregate's empty group when it joins a
  // subquery with VALUES), else VALUES, since BIND may not reassign a variable P binds.
  const inner = mentions(patterns, variable);
  return F.patternUnion(
    list.map((graph, i) =>
      F.patternGroup(
        [
          F.patternGraph(graph, renameBlankNodes(patterns, `_w${i}`), F.gen()),
          inner ? F.patternValues([name], [{ [variable]: graph }], F.gen()) : F.patternBind(graph, name, F.gen()),
        ],
        F.gen(),
      ),
    ),
    F.gen(),
  );
}

/** A copy with every blank-node label suffixed: one label may not appear in two copies of a pattern. */
function renameBlankNodes<T>(node: T, suffix: string): T {
  if (Array.isArray(node)) return node.map((n) => renameBlankNodes(n, suffix)) as T;
  if (!node || typeof node !== 'object') return node;
  const o = node as unknown as AstNode;
  if (o.type === 'term' && o.subType === 'blankNode') return { ...o, label: `${String(o.label)}${suffix}` } as T;
  if (o.type === 'term') return node;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'loc' ? v : renameBlankNodes(v, suffix)])) as T;
}

/** A group with no solution: `{ FILTER(false) }`. */
function nothing(F: AstFactory): AstNode {
  const falseLiteral = F.termLiteral(F.gen(), 'false', F.termNamed(F.gen(), 'http://www.w3.org/2001/XMLSchema#boolean'));
  return F.patternGroup([F.patternFilter(falseLiteral, F.gen())], F.gen());
}

/** Whether pushing the graph into quad patterns would differ from evaluating P once per named graph. */
function needsPerGraph(patterns: AstNode[], g: string): boolean {
  if (yieldsWithoutQuads(patterns)) return true;
  for (const p of patterns) {
    // A triple pattern naming ?g equates it with the graph either way; anywhere else ?g must stay unbound inside P.
    if (p.subType !== 'bgp' && mentions(p, g)) return true;
    if (someNode(p, (o) => o.type === 'query' || (o.type === 'pattern' && (o.subType === 'graph' || o.subType === 'service')))) return true;
  }
  return false;
}

/** True when a group of patterns can produce a solution that no quad pattern in it has bound to a graph. */
function yieldsWithoutQuads(patterns: readonly AstNode[]): boolean {
  return !patterns.some(bindsGraph);
}

function bindsGraph(p: AstNode): boolean {
  if (p.type !== 'pattern') return false; // a subquery
  switch (p.subType) {
    case 'bgp':
      return (p.triples as unknown[]).length > 0;
    case 'group':
      return (p.patterns as AstNode[]).some(bindsGraph);
    case 'union':
      return (p.patterns as AstNode[]).every(bindsGraph);
    default:
      return false; // optional, minus, filter, bind, values, nested graph, service
  }
}

function mentions(node: unknown, variable: string): boolean {
  return someNode(
    node,
    (o) =>
      (o.type === 'term' && o.subType === 'variable' && o.value === variable) ||
      // VALUES rows name their variables in keys, not as terms.
      (o.type === 'pattern' && o.subType === 'values' && (o.values as Array<Record<string, unknown>>).some((r) => variable in r)),
  );
}
