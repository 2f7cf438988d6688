// The query mix, written against the generated catalog (IRIs that exist in the data).
import { Catalog } from './generate';

export interface BenchQuery {
  name: string;
  /** What the query exercises, for the table. */
  kind: string;
  text: string;
  form: 'SELECT' | 'DESCRIBE';
  /** The n-th text of an uncached run: new each time (another constant where there is one, and a comment). */
  vary: (n: number) => string;
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

/** Picks the n-th item of a sample, round robin (the uncached runs walk the sample). */
const nth = <T>(items: readonly T[], n: number): T => items[n % items.length];

/**
 * The twelve query shapes. `text` is the query asked again and again (cached runs); `vary(n)` gives the n-th
 * text of an uncached run: another constant where the shape has one (an edition, a country), and always a comment
 * with the counter, so that no result or query cache (ours, or any peer's) has seen the text before.
 */
export function queryMix(c: Catalog): BenchQuery[] {
  const P = prefixes(c.base);
  const shapes: Array<Omit<BenchQuery, 'vary'> & { at?: (n: number) => string }> = [
    { name: 'lookup', kind: 'one subject', form: 'SELECT', text: lookupQuery(c), at: (n) => lookupQuery(c, nth(c.editionSample, n)) },
    {
      name: 'describe',
      kind: 'DESCRIBE edition',
      form: 'DESCRIBE',
      text: `DESCRIBE <${c.edition}>`,
      at: (n) => `DESCRIBE <${nth(c.editionSample, n)}>`,
    },
    { name: 'join-3', kind: '3-pattern join', form: 'SELECT', text: joinQuery(c), at: (n) => joinQuery(c, nth(c.countrySample, n)) },
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
      name: 'path-seq',
      kind: 'property path /',
      form: 'SELECT',
      text: pathSeqQuery(c, c.country),
      at: (n) => pathSeqQuery(c, nth(c.countrySample, n)),
    },
    {
      name: 'path-star',
      kind: 'path * roll-up',
      form: 'SELECT',
      text: `${P}SELECT ?f WHERE { ?f rf:mentionsTopic/skos:broader* <${c.topTopic}> }`,
    },
    { name: 'union', kind: 'UNION', form: 'SELECT', text: unionQuery(c, c.edition), at: (n) => unionQuery(c, nth(c.editionSample, n)) },
    { name: 'distinct-types', kind: 'DISTINCT types', form: 'SELECT', text: 'SELECT DISTINCT ?type WHERE { ?s a ?type }' },
  ];
  return shapes.map(({ at, ...q }) => ({ ...q, vary: (n: number) => `${at ? at(n) : q.text}\n# bench ${n}` }));
}

/** Editions held in a country, through a sequence path. */
function pathSeqQuery(c: Catalog, country: string): string {
  return `${prefixes(c.base)}SELECT ?e WHERE { ?e schema:location/schema:containedInPlace <${country}> }`;
}

/** An edition's supporters, partners and funders. */
function unionQuery(c: Catalog, edition: string): string {
  return `${prefixes(c.base)}SELECT ?org WHERE { { <${edition}> rf:supportedBy ?org } UNION { <${edition}> rf:inPartnershipWith ?org } UNION { <${edition}> rf:financiallySupportedBy ?org } }`;
}
