// The query mix, written against the generated catalog (IRIs that exist in the data).
import { Catalog } from './generate';

export interface BenchQuery {
  name: string;
  /** What the query exercises, for the table. */
  kind: string;
  text: string;
  form: 'SELECT' | 'DESCRIBE';
}

const prefixes = (base: string) => `PREFIX rf: <${base}def/forum#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
`;

/** SELECT ?p ?o of one subject: the SPARQL lookup. */
export function lookupQuery(c: Catalog, subject = c.edition): string {
  return `SELECT ?p ?o WHERE { <${subject}> ?p ?o }`;
}

/** Financial supporters of the editions held in a country: the 3-pattern join. */
export function joinQuery(c: Catalog, country = c.country): string {
  return `${prefixes(c.base)}SELECT ?edition ?org WHERE {
  ?city schema:containedInPlace <${country}> .
  ?edition schema:location ?city .
  ?edition rf:financiallySupportedBy ?org .
}`;
}

export function queryMix(c: Catalog): BenchQuery[] {
  const P = prefixes(c.base);
  return [
    { name: 'lookup', kind: 'one subject', form: 'SELECT', text: lookupQuery(c) },
    { name: 'describe', kind: 'DESCRIBE edition', form: 'DESCRIBE', text: `DESCRIBE <${c.edition}>` },
    { name: 'join-3', kind: '3-pattern join', form: 'SELECT', text: joinQuery(c) },
    {
      name: 'join-2',
      kind: '2-pattern join',
      form: 'SELECT',
      text: `${P}SELECT ?s ?name WHERE { ?s rf:sessionOf <${c.edition}> ; schema:name ?name }`,
    },
    {
      name: 'optional',
      kind: 'OPTIONAL',
      form: 'SELECT',
      text: `${P}SELECT ?e ?n ?place WHERE { ?e rf:inSeries <${c.series0}> . OPTIONAL { ?e rf:editionNumber ?n } OPTIONAL { ?e schema:location ?place } }`,
    },
    {
      name: 'contains',
      kind: 'FILTER CONTAINS',
      form: 'SELECT',
      text: `${P}SELECT ?f WHERE { ?f a rf:Finding ; rf:verbatimText ?t . FILTER(CONTAINS(?t, "${c.rareWord}")) }`,
    },
    {
      name: 'regex',
      kind: 'FILTER REGEX',
      form: 'SELECT',
      text: `${P}SELECT ?o ?name WHERE { ?o a org:Organization ; schema:name ?name . FILTER(REGEX(?name, "^(central|regional) .*institute", "i")) }`,
    },
    {
      name: 'group-count',
      kind: 'COUNT GROUP BY',
      form: 'SELECT',
      text: `${P}SELECT ?topic (COUNT(?f) AS ?n) WHERE { ?f rf:mentionsTopic ?topic } GROUP BY ?topic`,
    },
    {
      name: 'order-limit',
      kind: 'ORDER BY LIMIT',
      form: 'SELECT',
      text: `${P}SELECT ?e ?start WHERE { ?e a rf:Forum ; schema:startDate ?start } ORDER BY DESC(?start) ?e LIMIT 10`,
    },
    {
      name: 'path',
      kind: 'property path',
      form: 'SELECT',
      text: `${P}SELECT ?f WHERE { ?f rf:mentionsTopic/skos:broader* <${c.topTopic}> }`,
    },
    {
      name: 'union',
      kind: 'UNION',
      form: 'SELECT',
      text: `${P}SELECT ?org WHERE { { <${c.edition}> rf:supportedBy ?org } UNION { <${c.edition}> rf:inPartnershipWith ?org } UNION { <${c.edition}> rf:financiallySupportedBy ?org } }`,
    },
    { name: 'distinct-types', kind: 'DISTINCT types', form: 'SELECT', text: 'SELECT DISTINCT ?type WHERE { ?s a ?type }' },
  ];
}
