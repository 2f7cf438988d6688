// A read-only RDF/JS DatasetCore over a QuadStore's union graph (each triple once), for the validators.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { QuadStore } from './quadStore';

const ANY = -1;
const DEFAULT_GRAPH = DataFactory.defaultGraph();

/**
 * SHACL validates one data graph; ours is the union of every graph, a triple stated in two graphs counted once (or
 * sh:maxCount would see duplicates). Reading it off the store's indexes instead of copying a million quads into a
 * second store (shacl-engine's usual N3 Store) is what makes validation at scale cheap: that copy was ~90 % of the
 * checks' time at 300k quads, and gigabytes of transient heap at 1M.
 */
export class UnionGraphView implements RDF.DatasetCore {
  private distinct?: number;

  constructor(private readonly store: QuadStore) {}

  /** Distinct triples, counted once on first use. */
  get size(): number {
    if (this.distinct === undefined) {
      let n = 0;
      this.store.scan(
        ANY,
        ANY,
        ANY,
        ANY,
        () => {
          n++;
        },
        true,
      );
      this.distinct = n;
    }
    return this.distinct;
  }

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.DatasetCore {
    const out: RDF.Quad[] = [];
    // The union is the default graph of this view; it holds no named graphs.
    if (g && g.termType !== 'DefaultGraph' && g.termType !== 'Variable') return new Matches(out);
    const ids = [s, p, o].map((t) => (!t || t.termType === 'Variable' ? ANY : this.store.lookup(t)));
    if (ids.includes(undefined)) return new Matches(out);
    const [si, pi, oi] = ids as number[];
    this.store.scan(
      si,
      pi,
      oi,
      ANY,
      (a, b, c) => {
        out.push(
          DataFactory.quad(
            this.store.termOf(a) as RDF.Quad_Subject,
            this.store.termOf(b) as RDF.Quad_Predicate,
            this.store.termOf(c) as RDF.Quad_Object,
            DEFAULT_GRAPH,
          ),
        );
      },
      true,
    );
    return new Matches(out);
  }

  has(q: RDF.Quad): boolean {
    return q.graph.termType === 'DefaultGraph' && this.match(q.subject, q.predicate, q.object).size > 0;
  }

  add(_q: RDF.Quad): this {
    throw new Error('the union graph view is read-only');
  }
  delete(_q: RDF.Quad): this {
    throw new Error('the union graph view is read-only');
  }

  [Symbol.iterator](): Iterator<RDF.Quad> {
    return (this.match() as Matches)[Symbol.iterator]();
  }
}

/** The answer to one match: a small in-memory list. */
class Matches implements RDF.DatasetCore {
  constructor(private readonly quads: RDF.Quad[]) {}
  get size(): number {
    return this.quads.length;
  }
  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.DatasetCore {
    const ok = (t: RDF.Term, want?: RDF.Term | null) => !want || want.termType === 'Variable' || t.equals(want);
    return new Matches(this.quads.filter((q) => ok(q.subject, s) && ok(q.predicate, p) && ok(q.object, o) && ok(q.graph, g)));
  }
  has(q: RDF.Quad): boolean {
    return this.quads.some((x) => x.equals(q));
  }
  add(_q: RDF.Quad): this {
    throw new Error('read-only');
  }
  delete(_q: RDF.Quad): this {
    throw new Error('read-only');
  }
  [Symbol.iterator](): Iterator<RDF.Quad> {
    return this.quads[Symbol.iterator]();
  }
}
