// Well-known namespace prefixes, plus the dataset's own, used by serialisers, pages and the SPARQL editor.

export const COMMON_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  schema: 'https://schema.org/',
  org: 'http://www.w3.org/ns/org#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  dcterms: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  sh: 'http://www.w3.org/ns/shacl#',
  oa: 'http://www.w3.org/ns/oa#',
  np: 'http://www.nanopub.org/nschema#',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  wd: 'http://www.wikidata.org/entity/',
});

/** The dataset's own prefixes, derived from the base IRI. */
export function localPrefixes(base: string): Record<string, string> {
  return {
    rf: `${base}def/forum#`,
    rfsh: `${base}def/forum-shapes#`,
    event: `${base}id/event/`,
    organization: `${base}id/organization/`,
    country: `${base}id/country/`,
    finding: `${base}id/finding/`,
    concept: `${base}id/concept/`,
    platform: `${base}id/platform/`,
  };
}

export function allPrefixes(base: string): Record<string, string> {
  return { ...COMMON_PREFIXES, ...localPrefixes(base) };
}

/** Shortens an IRI to prefix:local when a prefix covers it and the local part is a simple name. */
export function compactIri(iri: string, prefixes: Record<string, string>): string | undefined {
  let best: [string, string] | undefined;
  for (const [p, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  if (!best) return undefined;
  const local = iri.slice(best[1].length);
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(local) || local === '' ? `${best[0]}:${local}` : undefined;
}
