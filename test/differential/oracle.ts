// The independent engine: oxigraph (wasm) over the same quads, with the endpoint's default graph spelt out.
import * as ox from 'oxigraph';

/**
 * oxigraph's `use_default_graph_as_union` is a multiset: a triple stated in two graphs matches twice. The endpoint's
 * union default graph is a set (an RDF graph is a set of triples, RDF 1.1 Concepts §3), and so is every FROM merge.
 * So the oracle holds the union, each triple once, as its real default graph; named graphs stay as they are, and
 * GRAPH ?g ranges over them alone in both engines.
 */
export class Oracle {
  private readonly store = new ox.Store();

  constructor(nquads: string) {
    this.store.load(nquads, { format: 'application/n-quads' });
    for (const q of this.store.match(null, null, null, null)) {
      this.store.add(ox.quad(q.subject, q.predicate, q.object, ox.defaultGraph()));
    }
  }

  /** The answer serialised: `json` or `csv` for SELECT/ASK, `nt` for CONSTRUCT. Throws the oracle's error. */
  answer(query: string, format: 'json' | 'csv' | 'nt'): string {
    return this.store.query(query, { results_format: format }) as string;
  }

  /** A literal as oxigraph keeps it: its value written back canonically (see vocabulary.ts). */
  static roundTrip(term: ox.Term): ox.Term {
    const store = new ox.Store();
    store.add(ox.quad(ox.namedNode('urn:s'), ox.namedNode('urn:p'), term as ox.Literal, ox.defaultGraph()));
    return store.match(null, null, null, null)[0].object;
  }
}
