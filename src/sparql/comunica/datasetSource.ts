// The RDF/JS source Comunica queries: SPARQL dataset semantics decided here, not by Comunica's unionDefaultGraph.
// Comunica 5.4 over rdf-stores lets GRAPH ?g match the unnamed graph (binding ?g to ""), and in union mode
// answers DISTINCT and subqueries from the unnamed graph only; both are avoided by giving it a source whose
// default graph already is what we mean and whose named graphs are only the named ones.
import type * as RDF from '@rdfjs/types';
import { ArrayIterator, AsyncIterator, wrap } from 'asynciterator';
import { DataFactory } from 'n3';
import { tripleKey } from '../../rdf/termKey';

export interface MatchableStore {
  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Stream<RDF.Quad> | AsyncIterator<RDF.Quad>;
  countQuads?(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number;
}

export class DatasetSource implements RDF.Source {
  /**
   * @param union the default graph is the union of all graphs, each triple once (the endpoint's choice);
   *              otherwise it is the unnamed graph (SPARQL's plain dataset).
   * @param multiGraph whether triples may occur in several graphs: only then the union needs de-duplication.
   */
  constructor(
    private readonly store: MatchableStore,
    private readonly union: boolean,
    private readonly multiGraph: boolean,
  ) {}

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): AsyncIterator<RDF.Quad> {
    const stream = (graph: RDF.Term | null | undefined) => {
      const r = this.store.match(s, p, o, graph);
      return r instanceof AsyncIterator ? r : wrap<RDF.Quad>(r as never, { autoStart: false });
    };
    if (g && g.termType === 'DefaultGraph') {
      if (!this.union) return stream(g);
      const all = stream(null);
      const asDefault = (q: RDF.Quad) => (q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object));
      if (!this.multiGraph) return all.map(asDefault);
      const seen = new Set<string>();
      return all
        .filter((q) => {
          const k = tripleKey(q);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        })
        .map(asDefault);
    }
    if (!g || g.termType === 'Variable') {
      // GRAPH ?g ranges over the named graphs only.
      return stream(null).filter((q) => q.graph.termType !== 'DefaultGraph');
    }
    return g.termType === 'NamedNode' ? stream(g) : new ArrayIterator<RDF.Quad>([], { autoStart: false });
  }

  /** Cardinality estimate for Comunica's join planning (an upper bound where union triples repeat). */
  countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number {
    if (!this.store.countQuads) return Number.POSITIVE_INFINITY;
    if (g && g.termType === 'DefaultGraph') return this.union ? this.store.countQuads(s, p, o, null) : this.store.countQuads(s, p, o, g);
    if (!g || g.termType === 'Variable')
      return this.store.countQuads(s, p, o, null) - this.store.countQuads(s, p, o, DataFactory.defaultGraph());
    return this.store.countQuads(s, p, o, g);
  }
}
