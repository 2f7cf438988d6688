// Which graphs hold readings (curators' interpretations, curated external links) rather than what the sources state,
// and which of their statements are facts all the same (the links the data states as verified).
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';
import { tripleKey } from '../rdf/termKey';

const { namedNode } = DataFactory;
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const SAME_AS = ['http://www.w3.org/2002/07/owl#sameAs', 'https://schema.org/sameAs'];
const WD_ENTITY = /^http:\/\/www\.wikidata\.org\/entity\/(Q[1-9][0-9]*)$/;

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

/**
 * The identity links the data states as verified, as triple keys: an `owl:sameAs` or `schema:sameAs` from S to T
 * in a reading graph where an `rf:LinkEvidence` of that graph has `rf:linkSubject` S, `rf:linkTarget` T and
 * `rf:linkStatus` link-verified (at least two independent sources agree: the link scheme's "publishable as a link").
 * The Wikidata page of an item (https://www.wikidata.org/wiki/Q…, what schema.org consumers are given) counts as its
 * entity IRI. Evidence of another status (single source, unverified) makes nothing a fact, and neither does the
 * evidence node itself.
 */
export function verifiedLinks(ds: Dataset): ReadonlySet<string> {
  return ds.memo('verifiedLinks', () => {
    const rf = `${ds.baseIri}def/forum#`;
    const verified = namedNode(`${ds.baseIri}id/concept/link-verified`);
    const out = new Set<string>();
    for (const graph of readingGraphs(ds)) {
      const g = namedNode(graph);
      for (const status of ds.match(null, namedNode(`${rf}linkStatus`), verified, g)) {
        const e = status.subject;
        for (const subject of ds.match(e, namedNode(`${rf}linkSubject`), null, g)) {
          for (const target of ds.match(e, namedNode(`${rf}linkTarget`), null, g)) {
            const qid = WD_ENTITY.exec(target.object.value)?.[1];
            const names = [target.object.value, ...(qid ? [`https://www.wikidata.org/wiki/${qid}`] : [])];
            for (const p of SAME_AS)
              for (const q of ds.match(subject.object, namedNode(p), null, g))
                if (q.object.termType === 'NamedNode' && names.includes(q.object.value)) out.add(tripleKey(q));
          }
        }
      }
    }
    return out;
  });
}

/**
 * Triples matching the pattern in any graph but the reading graphs, each once, graph names dropped; of the reading
 * graphs, only the verified links (`verifiedLinks`).
 */
export function factMatch(ds: Dataset, s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null): RDF.Quad[] {
  const readings = readingGraphs(ds);
  const links = verifiedLinks(ds);
  const seen = new Set<string>();
  const out: RDF.Quad[] = [];
  for (const q of ds.match(s, p, o, null)) {
    if (q.graph.termType === 'NamedNode' && readings.has(q.graph.value) && !links.has(tripleKey(q))) continue;
    const k = tripleKey(q);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(DataFactory.quad(q.subject, q.predicate, q.object));
  }
  return out;
}
