// Runs a pattern plan over the store's indexes, pushing each solution (term ids in one shared row) to a callback:
// index nested-loop joins, OPTIONAL as a left join probing the indexes per solution, paths by breadth-first search.
import type { QuadStore } from '../../store/quadStore';
import { TRUE, type TermOf } from './expressions';
import type { IdPath, PlanNode, Slot } from './plan';
import { Fallback } from './terms';

/** More index entries would be visited than allowed: the engine answers instead (it can be stopped by the timeout). */
export class OverBudget extends Error {}

/** Called per solution; false stops the evaluation. */
export type Emit = () => boolean;

export class Execution {
  /** The current solution: a term id per slot, -1 unbound. */
  readonly row: Int32Array;
  private visited = 0;
  private readonly orders = new Map<PlanNode, Map<string, number[]>>();
  private readonly materialized = new Map<PlanNode, Int32Array[]>();
  private readonly nodes = new Map<number, boolean>();
  /** Closures already searched in this execution, per path and direction: a node reached from many starts. */
  private readonly closures = new Map<IdPath, Map<number, number[]>>();
  readonly termOf: TermOf;

  constructor(
    private readonly store: QuadStore,
    slots: number,
    /** Graph id to scan, -1 for the union of all graphs (each triple once). */
    private readonly graph: number,
    private readonly budget: number,
  ) {
    this.row = new Int32Array(slots).fill(-1);
    this.termOf = Object.assign((id: number) => store.termOf(id), { charge: (units: number) => this.tick(units) });
  }

  /** Counts work; throws OverBudget past the budget. */
  tick(n = 1): void {
    this.visited += n;
    if (this.visited > this.budget) throw new OverBudget();
  }

  run(node: PlanNode, emit: Emit): boolean {
    // A pattern that may not see outer bindings, some of which it mentions, is evaluated alone and joined.
    if (!node.safe && node.vars.some((v) => this.row[v] !== -1)) return this.joinMaterialized(node, emit);
    switch (node.k) {
      case 'bgp':
        return this.bgp(node, emit);
      case 'path':
        return this.path(node, emit);
      case 'join':
        return this.join(node.inputs, 0, emit);
      case 'union':
        for (const input of node.inputs) if (!this.run(input, emit)) return false;
        return true;
      case 'filter':
        return this.run(node.input, () => (node.test(this.row, this.termOf) === TRUE ? emit() : true));
      case 'leftjoin':
        return this.run(node.left, () => {
          let matched = false;
          const more = this.run(node.right, () => {
            if (node.expr && node.expr(this.row, this.termOf) !== TRUE) return true;
            matched = true;
            return emit();
          });
          if (!more) return false;
          return matched ? true : emit();
        });
    }
  }

  private join(inputs: PlanNode[], i: number, emit: Emit): boolean {
    if (i === inputs.length) return emit();
    return this.run(inputs[i], () => this.join(inputs, i + 1, emit));
  }

  /** The node's solutions on their own (once per execution), each joined with the current row where compatible. */
  private joinMaterialized(node: PlanNode, emit: Emit): boolean {
    let solutions = this.materialized.get(node);
    if (!solutions) {
      const saved = node.vars.map((v) => this.row[v]);
      for (const v of node.vars) this.row[v] = -1;
      const found: Int32Array[] = [];
      const row = this.row;
      this.run(node, () => {
        this.tick();
        found.push(Int32Array.from(node.vars, (v) => row[v]));
        return true;
      });
      node.vars.forEach((v, i) => {
        this.row[v] = saved[i];
      });
      solutions = found;
      this.materialized.set(node, solutions);
    }
    const bound: number[] = [];
    for (const sol of solutions) {
      this.tick();
      let ok = true;
      bound.length = 0;
      for (let i = 0; i < node.vars.length; i++) {
        const v = node.vars[i];
        if (sol[i] === -1) continue;
        if (this.row[v] === -1) {
          this.row[v] = sol[i];
          bound.push(v);
        } else if (this.row[v] !== sol[i]) {
          ok = false;
          break;
        }
      }
      const more = ok ? emit() : true;
      for (const v of bound) this.row[v] = -1;
      if (!more) return false;
    }
    return true;
  }

  private bgp(node: Extract<PlanNode, { k: 'bgp' }>, emit: Emit): boolean {
    const { patterns } = node;
    if (patterns.some((p) => p.some((s) => 'id' in s && s.id < 0))) return true;
    const row = this.row;
    const key = node.vars.map((v) => (row[v] === -1 ? 0 : 1)).join('');
    let byKey = this.orders.get(node);
    if (!byKey) this.orders.set(node, (byKey = new Map()));
    let order = byKey.get(key);
    if (!order) byKey.set(key, (order = this.joinOrder(node)));
    // Each filter runs at the first step after which all it reads is bound.
    const boundAt = new Set(node.vars.filter((v) => row[v] !== -1));
    const checks: Array<Array<(typeof node.filters)[number]>> = order.map(() => []);
    const pending = [...node.filters];
    for (let k = 0; k < order.length; k++) {
      for (const s of patterns[order[k]]) if ('v' in s) boundAt.add(s.v);
      for (let f = pending.length - 1; f >= 0; f--) {
        if (pending[f].vars.every((v) => boundAt.has(v))) checks[k].push(...pending.splice(f, 1));
      }
    }
    if (!order.length) {
      // The empty pattern has one solution, which its conditions may still reject.
      return node.filters.every((f) => f.test(row, this.termOf) === TRUE) ? emit() : true;
    }
    checks[order.length - 1].push(...pending);
    const union = this.graph === -1;
    const step = (k: number): boolean => {
      if (k === order.length) return emit();
      const pat = patterns[order[k]];
      const fresh: number[] = [];
      const ids = [0, 0, 0];
      for (let i = 0; i < 3; i++) {
        const s = pat[i];
        if ('id' in s) ids[i] = s.id;
        else if (row[s.v] !== -1) ids[i] = row[s.v];
        else {
          ids[i] = -1;
          if (!fresh.includes(s.v)) fresh.push(s.v);
        }
      }
      let more = true;
      const got = [0, 0, 0];
      this.store.scan(
        ids[0],
        ids[1],
        ids[2],
        this.graph,
        (s, p, o) => {
          this.tick();
          got[0] = s;
          got[1] = p;
          got[2] = o;
          // A variable repeated within the pattern must take the same term in each place.
          for (let i = 0; i < 3; i++) {
            const sl = pat[i];
            if (!('v' in sl) || ids[i] !== -1) continue;
            if (row[sl.v] === -1) row[sl.v] = got[i];
            else if (row[sl.v] !== got[i]) {
              for (const v of fresh) row[v] = -1;
              return true;
            }
          }
          let pass = true;
          for (const f of checks[k]) {
            if (f.test(row, this.termOf) !== TRUE) {
              pass = false;
              break;
            }
          }
          if (pass) more = step(k + 1);
          for (const v of fresh) row[v] = -1;
          return more;
        },
        union,
      );
      return more;
    };
    return step(0);
  }

  /** Greedy order: the smallest pattern first, then always one joined to what is bound, smallest estimate first. */
  private joinOrder(node: Extract<PlanNode, { k: 'bgp' }>): number[] {
    const row = this.row;
    const estimates = node.patterns.map((p) =>
      this.store.estimate(...(p.map((s) => ('id' in s ? s.id : row[s.v])) as [number, number, number]), this.graph),
    );
    const bound = new Set(node.vars.filter((v) => row[v] !== -1));
    const order: number[] = [];
    const left = node.patterns.map((_, i) => i);
    while (left.length) {
      let best = -1;
      let bestCost = Infinity;
      for (const i of left) {
        const vars = node.patterns[i].filter((s): s is { v: number } => 'v' in s).map((s) => s.v);
        const fresh = vars.filter((v) => !bound.has(v)).length;
        const joined = vars.length - fresh;
        // Each bound variable narrows a scan by orders of magnitude; unconnected patterns come last (cross products).
        const cost = (bound.size > 0 && joined === 0 && fresh > 0 ? 1e12 : 0) + estimates[i] / 1000 ** joined;
        if (cost < bestCost) {
          bestCost = cost;
          best = i;
        }
      }
      order.push(best);
      left.splice(left.indexOf(best), 1);
      for (const s of node.patterns[best]) if ('v' in s) bound.add(s.v);
    }
    return order;
  }

  private path(node: Extract<PlanNode, { k: 'path' }>, emit: Emit): boolean {
    const row = this.row;
    const value = (s: Slot) => ('id' in s ? s.id : row[s.v]);
    const s = value(node.s);
    const o = value(node.o);
    const bindEnd = (slot: Slot, fixed: number, end: number): boolean => {
      if (fixed !== -1) return fixed === end ? emit() : true;
      const v = (slot as { v: number }).v;
      row[v] = end;
      const more = emit();
      row[v] = -1;
      return more;
    };
    if (s !== -1) {
      for (const end of this.ends(s, node.path, true, node.constants)) {
        // ?x p* ?x: the end must be the start.
        if ('v' in node.o && 'v' in node.s && node.o.v === node.s.v) {
          if (end === s && !emit()) return false;
          continue;
        }
        if (!bindEnd(node.o, o, end)) return false;
      }
      return true;
    }
    if (o !== -1) {
      for (const end of this.ends(o, node.path, false, node.constants)) if (!bindEnd(node.s, -1, end)) return false;
      return true;
    }
    // Both ends open: only a single step is read off the indexes; closures over every node go to the engine.
    const link = node.path.k === 'link' ? node.path : node.path.k === 'inv' && node.path.path.k === 'link' ? node.path.path : undefined;
    if (!link || ('v' in node.s && 'v' in node.o && node.s.v === node.o.v)) throw new Fallback();
    const forward = node.path.k === 'link';
    let more = true;
    // One scan of the predicate: in the union of graphs each triple comes once, so each pair of ends once.
    this.store.scan(
      -1,
      link.p,
      -1,
      this.graph,
      (a, _p, b) => {
        this.tick();
        const [x, y] = forward ? [a, b] : [b, a];
        row[(node.s as { v: number }).v] = x;
        row[(node.o as { v: number }).v] = y;
        more = emit();
        row[(node.s as { v: number }).v] = -1;
        row[(node.o as { v: number }).v] = -1;
        return more;
      },
      this.graph === -1,
    );
    return more;
  }

  /** The other ends of the path's matches from `node` with multiplicity (§18.4): links once, sequences joined, closures distinct. */
  private ends(node: number, path: IdPath, forward: boolean, constants: number[]): number[] {
    switch (path.k) {
      case 'link': {
        if (path.p < 0) return [];
        const out: number[] = [];
        this.store.scan(
          forward ? node : -1,
          path.p,
          forward ? -1 : node,
          this.graph,
          (s, _p, o) => {
            this.tick();
            out.push(forward ? o : s);
            return true;
          },
          this.graph === -1,
        );
        return out;
      }
      case 'inv':
        return this.ends(node, path.path, !forward, constants);
      case 'alt':
        return path.items.flatMap((p) => this.ends(node, p, forward, constants));
      case 'seq': {
        const items = forward ? path.items : [...path.items].reverse();
        // Only the first step starts at the path's own end; the others start at intermediate nodes.
        return items.reduce<number[]>(
          (from, item, i) => from.flatMap((n) => this.ends(n, item, forward, i === 0 ? constants : [])),
          [node],
        );
      }
      default: {
        const memoKey = forward ? node : -node - 2;
        let memo = this.closures.get(path);
        if (!memo) this.closures.set(path, (memo = new Map()));
        const known = constants.includes(node) ? undefined : memo.get(memoKey);
        if (known) return known;
        const seen = new Set<number>();
        if (path.k !== '+' && (constants.includes(node) || this.isNode(node))) seen.add(node);
        const frontier = [node];
        while (frontier.length) {
          const at = frontier.pop()!;
          for (const next of new Set(this.ends(at, path.path, forward, []))) {
            if (seen.has(next)) continue;
            seen.add(next);
            if (path.k !== '?') frontier.push(next);
          }
          if (path.k === '?') break;
        }
        const found = [...seen];
        if (!constants.includes(node)) memo.set(memoKey, found);
        return found;
      }
    }
  }

  /** Whether a term is a subject or object of the graph (what a zero-length path may start from). */
  private isNode(id: number): boolean {
    let known = this.nodes.get(id);
    if (known === undefined) {
      known = false;
      const hit = () => {
        known = true;
        return false;
      };
      this.store.scan(id, -1, -1, this.graph, hit);
      if (!known) this.store.scan(-1, -1, id, this.graph, hit);
      this.nodes.set(id, known);
    }
    return known;
  }
}
