// OPTIONAL { … FILTER(e) } that Comunica cannot run: the filter moved into the optional part where that changes nothing.
import type * as RDF from '@rdfjs/types';
import type { Operation } from '../syntax';
import { rewriteAlgebra } from './rewriteAlgebra';

/** Operations Comunica's bind join refuses to substitute bindings into (actor-rdf-join-optional-bind). */
const UNBINDABLE = new Set(['extend', 'group', 'leftjoin', 'minus']);

/**
 * Comunica 5.4 runs an OPTIONAL with a FILTER of its own, LeftJoin(A, B, e), only as a bind join, and its bind join
 * refuses a B holding a BIND, an aggregate, an OPTIONAL or a MINUS; so `OPTIONAL { ?s <p> ?o BIND(?o + 1 AS ?x)
 * FILTER(?x > 2) }` failed with "none of the configured actors were able to handle the join type optional". Such a
 * LeftJoin becomes LeftJoin(A, Filter(e, B)), which is the same (§18.5) when e reads no variable that A may bind
 * and B may leave unbound: then e has the same value on a solution of B as on its join with A's. Found by the
 * differential tests (docs/differential.md); no upstream issue found. Copies what it changes.
 */
export function filterInsideOptional(op: Operation): Operation {
  return rewriteAlgebra(op, (node, walk) => {
    const o = walk.children(node);
    if (o.type !== 'leftjoin' || !o.expression) return o;
    const [left, right] = o.input as Operation[];
    if (!contains(right, UNBINDABLE)) return o;
    const inLeft = variables(left);
    const sure = certainlyBound(right);
    if (![...variables(o.expression)].every((v) => !inLeft.has(v) || sure.has(v))) return o;
    return { type: 'leftjoin', input: [left, { type: 'filter', input: right, expression: o.expression }] };
  });
}

/** Every variable named anywhere in the node. */
function variables(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) variables(n, out);
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  const t = node as RDF.Term;
  if (t.termType === 'Variable') {
    out.add(t.value);
    return out;
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object') variables(v, out);
  return out;
}

function contains(node: unknown, types: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.some((n) => contains(n, types));
  if (!node || typeof node !== 'object' || typeof (node as { termType?: unknown }).termType === 'string') return false;
  const o = node as Operation;
  return types.has(o.type) || Object.values(o).some((v) => v && typeof v === 'object' && contains(v, types));
}

/** The variables every solution of the operation binds (a safe under-approximation). */
function certainlyBound(op: Operation): Set<string> {
  const inputs = (op.input ?? []) as Operation | Operation[];
  const list = Array.isArray(inputs) ? inputs : [inputs];
  switch (op.type) {
    case 'bgp':
      return variables(op.patterns);
    case 'pattern':
    case 'path':
      return variables([op.subject, op.object, op.predicate, op.graph].filter((t) => (t as RDF.Term).termType));
    case 'join':
      return new Set(list.flatMap((i) => [...certainlyBound(i)]));
    case 'leftjoin':
    case 'minus':
      return certainlyBound(list[0]);
    case 'union': {
      const sets = list.map(certainlyBound);
      return new Set(sets.length ? [...sets[0]].filter((v) => sets.every((s) => s.has(v))) : []);
    }
    case 'project': {
      const kept = new Set((op.variables as RDF.Variable[]).map((v) => v.value));
      return new Set([...certainlyBound(list[0])].filter((v) => kept.has(v)));
    }
    case 'filter':
    case 'extend':
    case 'distinct':
    case 'reduced':
    case 'orderby':
    case 'slice':
    case 'graph':
      return certainlyBound(list[0]);
    default:
      return new Set();
  }
}
