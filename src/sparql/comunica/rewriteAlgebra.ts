// Copy-on-write rewriting of an algebra tree, for the workarounds that change a few operations of a shared tree.
import type { Operation } from '../syntax';

/** What a rewrite may call: `children` rewrites the operation's children, `visit` any node (an operation's input). */
export interface AlgebraWalk {
  children(o: Operation): Operation;
  visit(node: unknown): unknown;
}

/**
 * Rewrites every operation of `op` with `rewrite`, which returns a replacement or `walk.children(o)` to go on below.
 * Terms are left alone, and a node is copied only where something under it changed: the algebra given may be shared.
 */
export function rewriteAlgebra(op: Operation, rewrite: (o: Operation, walk: AlgebraWalk) => Operation): Operation {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      let changed = false;
      const out = node.map((n) => {
        const r = visit(n);
        if (r !== n) changed = true;
        return r;
      });
      return changed ? out : node;
    }
    if (!node || typeof node !== 'object' || typeof (node as { termType?: unknown }).termType === 'string') return node;
    return rewrite(node as Operation, walk);
  };
  const children = (o: Operation): Operation => {
    let copy: Operation | undefined;
    for (const [k, v] of Object.entries(o)) {
      if (!v || typeof v !== 'object') continue;
      const r = visit(v);
      if (r !== v) (copy ??= { ...o })[k] = r;
    }
    return copy ?? o;
  };
  const walk: AlgebraWalk = { children, visit };
  return visit(op) as Operation;
}
