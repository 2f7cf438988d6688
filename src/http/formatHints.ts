// Result-format hints (`format=json`, `output=text/csv`) resolved against what a query form offers; they override Accept.
import type { Format } from '../rdf/formats';

/** Short names for SELECT/ASK results (Fuseki's, plus `sparql` for its XML). */
const RESULT_NAMES: Record<string, string> = { json: 'json', xml: 'xml', sparql: 'xml', csv: 'csv', tsv: 'tsv' };

/**
 * Short names for CONSTRUCT/DESCRIBE graphs. `json` and `xml` mean JSON-LD and RDF/XML here, as in Fuseki and in
 * SPARQLWrapper, whose default `xml` names "SPARQL XML or RDF/XML, depending on the query type". `n3` gets Turtle,
 * which every N3 reader reads.
 */
const GRAPH_NAMES: Record<string, string> = {
  json: 'jsonld',
  'json-ld': 'jsonld',
  jsonld: 'jsonld',
  xml: 'rdf',
  rdf: 'rdf',
  'rdf+xml': 'rdf',
  rdfxml: 'rdf',
  ttl: 'ttl',
  turtle: 'ttl',
  text: 'ttl',
  n3: 'ttl',
  nt: 'nt',
  'n-triples': 'nt',
  ntriples: 'nt',
  trig: 'trig',
  nq: 'nq',
  'n-quads': 'nq',
  nquads: 'nq',
};

export type HintKind = 'results' | 'graph';

/**
 * The first hint (in the order given) that names one of the offered formats, by short name or media type; a value
 * may list several media types (SPARQLWrapper sends `application/ld+json,application/x-json+ld`). Values that name
 * nothing offered are passed over, so Accept decides when no hint fits.
 */
export function hintedFormat(hints: readonly string[], offered: readonly Format[], kind: HintKind): Format | undefined {
  const names = kind === 'results' ? RESULT_NAMES : GRAPH_NAMES;
  for (const hint of hints) {
    for (const part of hint.split(',')) {
      const key = part.split(';')[0].trim().toLowerCase();
      if (!key) continue;
      const byName = Object.hasOwn(names, key) ? names[key] : undefined;
      const found = byName
        ? offered.find((f) => f.name === byName)
        : offered.find((f) => f.mediaType === key || (f.aliases ?? []).includes(key));
      if (found) return found;
    }
  }
  return undefined;
}
