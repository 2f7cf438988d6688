// Which graphs hold readings (curators' interpretations, curated external links) rather than what the sources state.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';
import { tripleKey } from '../rdf/termKey';

const { namedNode } = DataFactory;
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

/**
 * The named graphs that hold readings: any graph stating an `rf:Interpretation` (a curator's reading of a span,
 * with the triples of its default reading) or an `rf:LinkEvidence` (a curated link to an external identifier).
 * Decided by what a graph holds, not by its name, so a record that names its graphs otherwise is treated the same.
 * Everything else (source graphs, nanopublication assertions and their provenance, the record's metadata, the
 * ontology and schemes) is what the sources state or what the record says about itself.
 */
export function readingGraphs(ds: Dataset): ReadonlySet<string> {
  return ds.memo('readingGraphs', () => {
    const out = new Set<string>();
    for (const cls of ['Interpretation', 'LinkEvidence']) {
      for (const q of ds.match(null, RDF_TYPE, namedNode(`${ds.baseIri}def/forum#${cls}`), null)) {
        if (q.graph.termType === 'NamedNode') out.add(q.graph.value);
      }
    }
    return out;
  });
}

/** Triples matching the pattern in any graph but the reading graphs, each once, graph names dropped. */
export function factMatch(ds: Dataset, s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null): RDF.Quad[] {
  const readings = readingGraphs(ds);
  const seen = new Set<string>();
  const out: RDF.Quad[] = [];
  for (const q of ds.match(s, p, o, null)) {
    if (q.graph.termType === 'NamedNode' && readings.has(q.graph.value)) continue;
    const k = tripleKey(q);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(DataFactory.quad(q.subject, q.predicate, q.object));
  }
  return out;
}
