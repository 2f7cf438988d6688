// SELECT and ASK answered from the store's indexes: a pattern plan (plan.ts, execute.ts) under projection, DISTINCT,
// ORDER BY (top-k under a LIMIT), LIMIT/OFFSET and GROUP BY with COUNT, written as SPARQL JSON.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { QuadStore } from '../../store/quadStore';
import type { Operation } from '../syntax';
import { Execution } from './execute';
import { type PlanNode, type PlanOptions, planPattern, Slots } from './plan';
import { compareKeys, type OrderKey, orderKey, termJson, XSD_INTEGER } from './terms';

interface Count {
  /** Slot of the aggregate's own variable. */
  slot: number;
  /** Slot counted (bound values), or undefined for COUNT(*). */
  arg?: number;
  distinct: boolean;
}

export interface SelectPlan {
  form: 'SELECT' | 'ASK';
  slots: Slots;
  pattern: PlanNode;
  /** Projected slots and their names, in the head's order. */
  projected: number[];
  names: string[];
  distinct: boolean;
  order: Array<{ slot: number; descending: boolean }>;
  group?: { keys: number[]; counts: Count[]; renames: Array<[from: number, to: number]> };
  offset: number;
  limit?: number;
}

/** The plan of a query's algebra when the evaluator takes all of it, else undefined. */
export function planSelect(algebra: Operation, store: QuadStore, opts: PlanOptions = {}): SelectPlan | undefined {
  const slots = new Slots(opts);
  let op = algebra;
  if (op.type === 'ask') {
    const pattern = planPattern(op.input as Operation, store, slots);
    return pattern && { form: 'ASK', slots, pattern, projected: [], names: [], distinct: false, order: [], offset: 0, limit: 1 };
  }
  let offset = 0;
  let limit: number | undefined;
  if (op.type === 'slice') {
    offset = (op.start as number) ?? 0;
    limit = op.length as number | undefined;
    op = op.input as Operation;
  }
  // REDUCED may drop duplicates or keep them: keeping them is one of its answers.
  const distinct = op.type === 'distinct';
  if (op.type === 'distinct' || op.type === 'reduced') op = op.input as Operation;
  if (op.type !== 'project') return undefined;
  const names = (op.variables as RDF.Variable[]).map((v) => v.value);
  op = op.input as Operation;
  const order: SelectPlan['order'] = [];
  if (op.type === 'orderby') {
    for (const e of op.expressions as Operation[]) {
      const descending = e.subType === 'operator' && e.operator === 'desc';
      const key = descending ? (e.args as Operation[])[0] : e;
      if (key.subType !== 'term' || (key.term as RDF.Term).termType !== 'Variable') return undefined;
      order.push({ slot: slots.of((key.term as RDF.Term).value), descending });
    }
    op = op.input as Operation;
  }
  const renames: Array<[number, number]> = [];
  while (op.type === 'extend') {
    const e = op.expression as Operation;
    if (e.subType !== 'term' || (e.term as RDF.Term).termType !== 'Variable') return undefined;
    renames.unshift([slots.of((e.term as RDF.Term).value), slots.of((op.variable as RDF.Variable).value)]);
    op = op.input as Operation;
  }
  let group: SelectPlan['group'];
  if (op.type === 'group') {
    const keys = (op.variables as RDF.Variable[]).map((v) => slots.of(v.value));
    const counts: Count[] = [];
    for (const a of op.aggregates as Operation[]) {
      if (String(a.aggregator).toLowerCase() !== 'count') return undefined;
      const e = a.expression as Operation;
      const arg =
        e.subType === 'wildcard'
          ? undefined
          : e.subType === 'term' && (e.term as RDF.Term).termType === 'Variable'
            ? (e.term as RDF.Term).value
            : null;
      if (arg === null) return undefined;
      counts.push({
        slot: slots.of((a.variable as RDF.Variable).value),
        arg: arg === undefined ? undefined : slots.of(arg),
        distinct: Boolean(a.distinct),
      });
    }
    group = { keys, counts, renames };
    op = op.input as Operation;
  } else if (renames.length) return undefined;
  const pattern = planPattern(op, store, slots);
  if (!pattern) return undefined;
  if (group) {
    // Outside GROUP BY's keys a variable has no value per group; COUNT(DISTINCT *) counts the pattern's solutions.
    const visible = new Set([...group.keys, ...group.counts.map((c) => c.slot), ...renames.map(([, to]) => to)]);
    if (names.some((n) => !visible.has(slots.of(n))) || order.some((k) => !visible.has(k.slot))) return undefined;
    if (group.counts.some((c) => c.arg === undefined && c.distinct)) return undefined;
  }
  return { form: 'SELECT', slots, pattern, projected: names.map((n) => slots.of(n)), names, distinct, order, group, offset, limit };
}

export interface SelectAnswer {
  /** SPARQL JSON, or for ASK the boolean. */
  body: string;
  value?: boolean;
  count: number;
  truncated: boolean;
}

/** Runs a plan; throws OverBudget or Fallback (terms.ts) when the engine must answer instead. */
export function runSelect(store: QuadStore, plan: SelectPlan, opts: { graph: number; budget: number; maxRows: number }): SelectAnswer {
  const ex = new Execution(store, plan.slots.names.length, opts.graph, opts.budget);
  const row = ex.row;
  if (plan.form === 'ASK') {
    let found = false;
    ex.run(plan.pattern, () => {
      found = true;
      return false;
    });
    return { body: '', value: found, count: 1, truncated: false };
  }
  // Terms made by the query (counts) get ids below -1.
  const made: RDF.Term[] = [];
  const term = (id: number): RDF.Term | undefined => (id >= 0 ? store.termOf(id) : id === -1 ? undefined : made[-id - 2]);
  const out = new Writer(plan, opts.maxRows, term);
  if (!plan.group && !plan.order.length) {
    ex.run(plan.pattern, () => out.add(row));
    return out.answer();
  }
  let rows: Int32Array[] = [];
  if (plan.group) rows = groups(ex, plan, plan.group, made);
  const keys = new Map<number, OrderKey>();
  const keyOf = (id: number): OrderKey => {
    let k = keys.get(id);
    if (!k) keys.set(id, (k = orderKey(term(id))));
    return k;
  };
  const cmp = (a: Int32Array, b: Int32Array): number => {
    for (const k of plan.order) {
      const c = compareKeys(keyOf(a[k.slot]), keyOf(b[k.slot]));
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
  if (!plan.group) {
    // Top-k: with a LIMIT and no DISTINCT only the first offset + limit rows are kept, sorted now and then.
    const keep = !plan.distinct && plan.limit !== undefined ? plan.offset + plan.limit : Infinity;
    ex.run(plan.pattern, () => {
      rows.push(row.slice());
      if (rows.length > 2 * keep + 256) rows = rows.sort(cmp).slice(0, keep);
      return true;
    });
  }
  if (plan.order.length) rows.sort(cmp);
  for (const r of rows) if (!out.add(r)) break;
  return out.answer();
}

/** GROUP BY with COUNTs: one row per group, the keys and the counts (xsd:integer) bound, then renamed as projected. */
function groups(ex: Execution, plan: SelectPlan, g: NonNullable<SelectPlan['group']>, made: RDF.Term[]): Int32Array[] {
  const byKey = new Map<string, { keys: number[]; n: number[]; seen: Array<Set<number> | undefined> }>();
  const fresh = () => ({
    keys: [] as number[],
    n: g.counts.map(() => 0),
    seen: g.counts.map((c) => (c.distinct ? new Set<number>() : undefined)),
  });
  // Without GROUP BY there is one group, even over no solutions (§18.5: COUNT is then 0).
  if (!g.keys.length) byKey.set('', fresh());
  const row = ex.row;
  ex.run(plan.pattern, () => {
    const key = g.keys.map((k) => row[k]).join(' ');
    let acc = byKey.get(key);
    if (!acc) {
      acc = fresh();
      acc.keys = g.keys.map((k) => row[k]);
      byKey.set(key, acc);
    }
    g.counts.forEach((c, i) => {
      if (c.arg === undefined) acc!.n[i]++;
      else if (row[c.arg] !== -1) {
        const seen = acc!.seen[i];
        if (!seen) acc!.n[i]++;
        else if (!seen.has(row[c.arg])) {
          seen.add(row[c.arg]);
          acc!.n[i]++;
        }
      }
    });
    return true;
  });
  const ids = new Map<number, number>();
  const countId = (n: number) => {
    let id = ids.get(n);
    if (id === undefined) {
      made.push(DataFactory.literal(String(n), DataFactory.namedNode(XSD_INTEGER)));
      id = -made.length - 1;
      ids.set(n, id);
    }
    return id;
  };
  const rows: Int32Array[] = [];
  for (const acc of byKey.values()) {
    const r = new Int32Array(plan.slots.names.length).fill(-1);
    g.keys.forEach((k, i) => {
      r[k] = acc.keys[i] ?? -1;
    });
    g.counts.forEach((c, i) => {
      r[c.slot] = countId(acc.n[i]);
    });
    for (const [from, to] of g.renames) r[to] = r[from];
    rows.push(r);
  }
  return rows;
}

/** Projection, DISTINCT, OFFSET, LIMIT and the row cap over solutions in order, written as SPARQL JSON rows. */
class Writer {
  private readonly rows: string[] = [];
  private readonly seen?: Set<string | number>;
  private skipped = 0;
  private truncated = false;
  /** Each column's cells by term id: terms repeat down a column. */
  private readonly json: Array<Map<number, string>>;
  private readonly head: string;

  constructor(
    private readonly plan: SelectPlan,
    private readonly maxRows: number,
    private readonly term: (id: number) => RDF.Term | undefined,
  ) {
    if (plan.distinct) this.seen = new Set();
    this.json = plan.projected.map(() => new Map());
    this.head = `{"head":{"vars":${JSON.stringify(plan.names)}},"results":{"bindings":[`;
  }

  /** Takes a solution; false when no more are wanted. */
  add(row: Int32Array): boolean {
    const { plan } = this;
    if (plan.limit === 0) return false;
    if (this.seen) {
      let key: string | number;
      if (plan.projected.length === 1) key = row[plan.projected[0]];
      else {
        key = '';
        for (const s of plan.projected) key += `${row[s]} `;
      }
      if (this.seen.has(key)) return true;
      this.seen.add(key);
    }
    if (this.skipped < plan.offset) {
      this.skipped++;
      return true;
    }
    // One solution past the row cap shows the answer was cut.
    if (this.rows.length >= this.maxRows) {
      this.truncated = true;
      return false;
    }
    let text = '{';
    for (let i = 0; i < plan.projected.length; i++) {
      const id = row[plan.projected[i]];
      if (id === -1) continue;
      let cell = this.json[i].get(id);
      if (cell === undefined) {
        cell = `${JSON.stringify(plan.names[i])}:${termJson(this.term(id)!)}`;
        this.json[i].set(id, cell);
      }
      text += text.length > 1 ? `,${cell}` : cell;
    }
    this.rows.push(`${text}}`);
    return this.rows.length < (plan.limit ?? Infinity);
  }

  answer(): SelectAnswer {
    return { body: `${this.head}${this.rows.join(',')}]}}`, count: this.rows.length, truncated: this.truncated };
  }
}
