// An immutable, dictionary-encoded quad store: four sorted id orders in shared memory, so worker threads query the
// very same indexes without copying or rebuilding them, at 64 bytes per quad plus one dictionary of distinct terms.
import type * as RDF from '@rdfjs/types';
import { AsyncIterator } from 'asynciterator';
import * as N3 from 'n3';
import { DEPTH, idBits, ORDERS, sortOrders } from './indexOrders';
import { DictionaryBuilder } from './dictionaryBuilder';
import { SharedDictionary, TermDictionary } from './termDictionary';
import type { KeySpans } from '../rdf/lineQuads';
import { termKey } from '../rdf/termKey';

const { quad } = N3.DataFactory;
const { termFromId } = N3;

/** For each order, where each position sits in its tuples. */
const SLOTS = ORDERS.map((o) => [0, 1, 2, 3].map((pos) => o.indexOf(pos)));
const POSITIONS = { subject: 0, predicate: 1, object: 2, graph: 3 } as const;
const WILDCARD = -1;
const ABSENT = -2;

/** What crosses to a worker thread: views of shared memory only, nothing is copied. */
export interface SharedQuads {
  dictionary: SharedDictionary;
  orders: Uint32Array[];
}

/** Collects quads, then sorts them once into the four orders. */
export class QuadStoreBuilder {
  private readonly dict: DictionaryBuilder;
  private data = new Uint32Array(4096);
  private n = 0;
  private lastSubjectId = -1;
  private lastGraphId = -1;

  /** `keyBytes`: how many bytes to set aside for the terms' keys at first (the loader gives the size of its files). */
  constructor(keyBytes?: number) {
    this.dict = new DictionaryBuilder(keyBytes);
  }

  add(q: RDF.Quad): void {
    const d = this.dict;
    this.push(d.idOfKey(termKey(q.subject)), d.idOfKey(termKey(q.predicate)), d.idOfKey(termKey(q.object)), d.idOfKey(termKey(q.graph)));
  }

  /** A quad given as the UTF-8 spans of its terms' keys (termKey; the default graph is empty), as rdf/lineQuads.ts reads them. */
  addKeys(k: KeySpans): void {
    const d = this.dict;
    const { bytes, from, to } = k;
    // Statements come grouped by subject and graph: comparing with the last one is cheaper than hashing again.
    const s =
      this.lastSubjectId >= 0 && d.is(this.lastSubjectId, bytes[0], from[0], to[0]) ? this.lastSubjectId : d.idOf(bytes[0], from[0], to[0]);
    const p = d.idOf(bytes[1], from[1], to[1]);
    const o = d.idOf(bytes[2], from[2], to[2]);
    const g =
      this.lastGraphId >= 0 && d.is(this.lastGraphId, bytes[3], from[3], to[3]) ? this.lastGraphId : d.idOf(bytes[3], from[3], to[3]);
    this.lastSubjectId = s;
    this.lastGraphId = g;
    this.push(s, p, o, g);
  }

  private push(s: number, p: number, o: number, g: number): void {
    if (this.n * 4 + 4 > this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const at = this.n++ * 4;
    this.data[at] = s;
    this.data[at + 1] = p;
    this.data[at + 2] = o;
    this.data[at + 3] = g;
  }

  addAll(quads: Iterable<RDF.Quad>): this {
    for (const q of quads) this.add(q);
    return this;
  }

  build(): QuadStore {
    const orders = sortOrders(this.data, this.n, idBits(this.dict.size));
    this.data = new Uint32Array(0);
    this.lastSubjectId = this.lastGraphId = -1;
    return new QuadStore({ dictionary: this.dict.finish(), orders });
  }
}

interface Plan {
  order: number;
  lo: number;
  hi: number;
  filters: Array<[slot: number, id: number]>;
}

export class QuadStore implements RDF.Source<RDF.Quad> {
  readonly size: number;
  private readonly dict: TermDictionary;
  private readonly orders: Uint32Array[];
  private readonly terms: Array<RDF.Term | undefined>;
  private repeats?: boolean;

  /** Over shared memory built by QuadStoreBuilder, in this or another thread. */
  constructor(private readonly shared: SharedQuads) {
    this.orders = shared.orders;
    this.size = this.orders[0].length / 4;
    this.dict = new TermDictionary(shared.dictionary);
    this.terms = new Array(this.dict.size);
  }

  static fromQuads(quads: Iterable<RDF.Quad>): QuadStore {
    return new QuadStoreBuilder().addAll(quads).build();
  }

  /** What another thread needs to open the same store (shared memory, no copy). */
  share(): SharedQuads {
    return this.shared;
  }

  /** Number of distinct terms (dictionary size). */
  get termCount(): number {
    return this.dict.size;
  }

  private term(id: number): RDF.Term {
    return (this.terms[id] ??= termFromId(this.dict.key(id)));
  }

  private idOf(t: RDF.Term | null | undefined): number {
    if (!t || t.termType === 'Variable') return WILDCARD;
    if (t.termType === 'Quad') return ABSENT;
    return this.dict.idOf(termKey(t)) ?? ABSENT;
  }

  /** The order and range to scan for a pattern (the narrowest of the four), plus checks for bound non-prefix positions. */
  private plan(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): Plan | undefined {
    const bound = [this.idOf(s), this.idOf(p), this.idOf(o), this.idOf(g)];
    if (bound.includes(ABSENT)) return undefined;
    return this.planIds(bound);
  }

  private planIds(bound: readonly number[]): Plan {
    let best: Plan | undefined;
    for (let k = 0; k < ORDERS.length; k++) {
      const order = ORDERS[k];
      const prefix: number[] = [];
      while (prefix.length < DEPTH[k] && bound[order[prefix.length]] !== WILDCARD) prefix.push(bound[order[prefix.length]]);
      const [lo, hi] = this.range(this.orders[k], prefix);
      if (!best || hi - lo < best.hi - best.lo) {
        const filters: Array<[number, number]> = [];
        for (let j = prefix.length; j < 4; j++) if (bound[order[j]] !== WILDCARD) filters.push([j, bound[order[j]]]);
        best = { order: k, lo, hi, filters };
      }
    }
    return best!;
  }

  // Id-level access, for evaluators that join on ids and materialise terms only for their answers.

  /** The id of a term, or undefined when the store does not hold it. */
  lookup(t: RDF.Term): number | undefined {
    return this.dict.idOf(termKey(t));
  }

  termOf(id: number): RDF.Term {
    return this.term(id);
  }

  /** An upper bound of the quads matching ids (-1 = any): the size of the scanned range. */
  estimate(s: number, p: number, o: number, g: number): number {
    const plan = this.planIds([s, p, o, g]);
    return plan.hi - plan.lo;
  }

  /**
   * Calls `visit(s, p, o, g)` for every quad matching ids (-1 = any); stops early when it returns false. With
   * `triplesOnce`, a triple stated in several graphs is visited once (the union default graph as a set of triples).
   * `skip` passes over that many matches first: a range that needs no checks is entered at its offset directly.
   */
  scan(
    s: number,
    p: number,
    o: number,
    g: number,
    visit: (s: number, p: number, o: number, g: number) => boolean | undefined,
    triplesOnce = false,
    skip = 0,
  ): void {
    const plan = this.planIds([s, p, o, g]);
    const a = this.orders[plan.order];
    const [ss, ps, os, gs] = SLOTS[plan.order];
    triplesOnce &&= this.repeatsTriples;
    let i = plan.lo;
    if (skip > 0 && !triplesOnce && plan.filters.length === 0) {
      i = Math.min(plan.hi, plan.lo + skip);
      skip = 0;
    }
    // SPOG, POSG and OSPG keep the copies of a triple side by side (its graphs sort last or not at all); GSPO does not.
    const seen = triplesOnce && plan.order === 3 ? new Set<string>() : undefined;
    for (; i < plan.hi; i++) {
      if (!this.accepts(a, i, plan.filters)) continue;
      const at = i * 4;
      if (triplesOnce) {
        if (seen) {
          const key = `${a[at + ss]} ${a[at + ps]} ${a[at + os]}`;
          if (seen.has(key)) continue;
          seen.add(key);
        } else if (i > plan.lo && a[at - 4 + ss] === a[at + ss] && a[at - 4 + ps] === a[at + ps] && a[at - 4 + os] === a[at + os]) {
          continue;
        }
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      if (visit(a[at + ss], a[at + ps], a[at + os], a[at + gs]) === false) return;
    }
  }

  /** The distinct objects of (s, p) in the union of the graphs, by id, read off SPOG (the checks' hot path: no plan). */
  objectsOf(s: number, p: number): number[] {
    return this.distinctThird(this.orders[0], s, p);
  }

  /** The distinct subjects of (p, o) in the union of the graphs, by id, read off POSG. */
  subjectsOf(p: number, o: number): number[] {
    return this.distinctThird(this.orders[1], p, o);
  }

  /** Third components of the tuples of `a` that start with (x, y); sorted there, so repeats (other graphs) sit side by side. */
  private distinctThird(a: Uint32Array, x: number, y: number): number[] {
    const out: number[] = [];
    if (x < 0 || y < 0) return out;
    let lo = 0;
    let hi = a.length / 4;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid * 4] < x || (a[mid * 4] === x && a[mid * 4 + 1] < y)) lo = mid + 1;
      else hi = mid;
    }
    let prev = -1;
    for (let i = lo * 4; i < a.length && a[i] === x && a[i + 1] === y; i += 4) {
      if (a[i + 2] !== prev) out.push((prev = a[i + 2]));
    }
    return out;
  }

  /** The exact number of quads (with `triplesOnce`, distinct triples) matching ids (-1 = any); a range without checks is counted by its bounds. */
  count(s: number, p: number, o: number, g: number, triplesOnce = false): number {
    const plan = this.planIds([s, p, o, g]);
    if (plan.filters.length === 0 && !(triplesOnce && this.repeatsTriples)) return plan.hi - plan.lo;
    let n = 0;
    this.scan(
      s,
      p,
      o,
      g,
      () => {
        n++;
      },
      triplesOnce,
    );
    return n;
  }

  /** Whether some triple is stated in more than one graph (found once, from SPOG, where its copies sit side by side). */
  get repeatsTriples(): boolean {
    if (this.repeats === undefined) {
      const a = this.orders[0];
      this.repeats = false;
      for (let i = 4; i < a.length; i += 4) {
        if (a[i] === a[i - 4] && a[i + 1] === a[i - 3] && a[i + 2] === a[i - 2]) {
          this.repeats = true;
          break;
        }
      }
    }
    return this.repeats;
  }

  /** [lo, hi): tuples of `a` whose first components equal `prefix`. */
  private range(a: Uint32Array, prefix: number[]): [number, number] {
    const n = a.length / 4;
    if (prefix.length === 0) return [0, n];
    const cmp = (i: number): number => {
      for (let j = 0; j < prefix.length; j++) {
        const d = a[i * 4 + j] - prefix[j];
        if (d !== 0) return d;
      }
      return 0;
    };
    let lo = 0,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(mid) < 0) lo = mid + 1;
      else hi = mid;
    }
    const start = lo;
    hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(mid) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return [start, lo];
  }

  private accepts(a: Uint32Array, i: number, filters: Plan['filters']): boolean {
    for (const [slot, id] of filters) if (a[i * 4 + slot] !== id) return false;
    return true;
  }

  private quadAt(k: number, i: number): RDF.Quad {
    const a = this.orders[k];
    const slots = SLOTS[k];
    return quad(
      this.term(a[i * 4 + slots[0]]) as RDF.Quad_Subject,
      this.term(a[i * 4 + slots[1]]) as RDF.Quad_Predicate,
      this.term(a[i * 4 + slots[2]]) as RDF.Quad_Object,
      this.term(a[i * 4 + slots[3]]) as RDF.Quad_Graph,
    );
  }

  *readQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): IterableIterator<RDF.Quad> {
    const plan = this.plan(s, p, o, g);
    if (!plan) return;
    const a = this.orders[plan.order];
    for (let i = plan.lo; i < plan.hi; i++) if (this.accepts(a, i, plan.filters)) yield this.quadAt(plan.order, i);
  }

  getQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Quad[] {
    return [...this.readQuads(s, p, o, g)];
  }

  countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number {
    const plan = this.plan(s, p, o, g);
    if (!plan) return 0;
    if (plan.filters.length === 0) return plan.hi - plan.lo;
    const a = this.orders[plan.order];
    let n = 0;
    for (let i = plan.lo; i < plan.hi; i++) if (this.accepts(a, i, plan.filters)) n++;
    return n;
  }

  /** RDF/JS Source: a lazy stream of the matching quads (variables and null match anything). */
  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): AsyncIterator<RDF.Quad> {
    return new RangeIterator(this, this.plan(s, p, o, g));
  }

  /**
   * Each distinct combination of the named positions (as rdf-stores' readDistinctTerms does): read off an order that
   * leads with those positions when there is one, else collected through a set.
   */
  *readDistinctTerms(names: ReadonlyArray<'subject' | 'predicate' | 'object' | 'graph'>): IterableIterator<RDF.Term[]> {
    const positions = names.map((n) => POSITIONS[n]);
    const k = ORDERS.findIndex((o, i) => positions.length <= DEPTH[i] && positions.every((p) => o.indexOf(p) < positions.length));
    const a = this.orders[Math.max(k, 0)];
    const slots = SLOTS[Math.max(k, 0)];
    const seen = k < 0 ? new Set<string>() : undefined;
    for (let i = 0; i < a.length; i += 4) {
      if (seen) {
        const id = positions.map((p) => a[i + slots[p]]).join(' ');
        if (seen.has(id)) continue;
        seen.add(id);
      } else if (i > 0 && positions.every((p) => a[i + slots[p]] === a[i - 4 + slots[p]])) {
        continue;
      }
      yield positions.map((p) => this.term(a[i + slots[p]]));
    }
  }

  /** Each distinct subject's id, in subject-first order: readDistinctTerms(['subject']) without making the terms. */
  *subjectIds(): IterableIterator<number> {
    const a = this.orders[0];
    for (let i = 0; i < a.length; i += 4) if (i === 0 || a[i] !== a[i - 4]) yield a[i];
  }

  /** The key (rdf/termKey.ts) of the term with this id, without making the term. */
  keyOf(id: number): string {
    return this.dict.key(id);
  }

  /** Named graphs (and the default graph when it holds quads), in id order. */
  graphs(): RDF.Term[] {
    const a = this.orders[3];
    const out: RDF.Term[] = [];
    for (let i = 0; i < a.length; i += 4) if (i === 0 || a[i] !== a[i - 4]) out.push(this.term(a[i]));
    return out;
  }

  /** @internal for RangeIterator */
  next(plan: Plan, i: number): number {
    const a = this.orders[plan.order];
    while (i < plan.hi && !this.accepts(a, i, plan.filters)) i++;
    return i;
  }

  /** @internal for RangeIterator */
  at(plan: Plan, i: number): RDF.Quad {
    return this.quadAt(plan.order, i);
  }
}

/** Reads matching quads straight from one order's range, one at a time, on demand; ends on the read after the last. */
class RangeIterator extends AsyncIterator<RDF.Quad> {
  private i: number;

  constructor(
    private readonly store: QuadStore,
    private readonly plan: Plan | undefined,
  ) {
    super();
    this.i = plan ? store.next(plan, plan.lo) : 0;
    // Even an empty range starts readable: ending inside the constructor would emit 'end' before anyone listens.
    this.readable = true;
  }

  override read(): RDF.Quad | null {
    if (this.closed) return null;
    if (!this.plan || this.i >= this.plan.hi) {
      this.close();
      return null;
    }
    const item = this.store.at(this.plan, this.i);
    this.i = this.store.next(this.plan, this.i + 1);
    return item;
  }
}
