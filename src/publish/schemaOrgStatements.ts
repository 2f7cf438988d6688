// The schema.org statements about one node, from the fact graphs only: stated, entailed by the ontology's alignments, or mapped.
import type * as RDF from '@rdfjs/types';
import { createHash } from 'node:crypto';
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';
import { factMatch } from './factGraphs';

const { namedNode, blankNode, literal, quad } = DataFactory;
export const SCHEMA = 'https://schema.org/';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `${RDF_NS}type`;
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const DCT = 'http://purl.org/dc/terms/';
const PROV = 'http://www.w3.org/ns/prov#';
const NP = 'http://www.nanopub.org/nschema#';
const OWL = 'http://www.w3.org/2002/07/owl#';

/** Classes of other vocabularies read as a schema.org type (a key finding and its claims are claims the source makes). */
function classMap(base: string): Record<string, string> {
  return {
    [`${base}def/forum#Finding`]: 'Claim',
    [`${base}def/forum#Claim`]: 'Claim',
    [`${SKOS}Concept`]: 'DefinedTerm',
    [`${SKOS}ConceptScheme`]: 'DefinedTermSet',
    [`${OWL}Ontology`]: 'DefinedTermSet',
    [`${NP}Nanopublication`]: 'CreativeWork',
    [`${NP}Assertion`]: 'CreativeWork',
    [`${NP}Provenance`]: 'CreativeWork',
    [`${NP}PublicationInfo`]: 'CreativeWork',
  };
}

/** Properties of other vocabularies read as a schema.org property, where their meaning is the same. */
const PROPERTY_MAP: Record<string, string> = {
  [`${DCT}subject`]: 'about',
  [`${DCT}hasPart`]: 'hasPart',
  [`${DCT}isPartOf`]: 'isPartOf',
  [`${DCT}created`]: 'dateCreated',
  [`${DCT}modified`]: 'dateModified',
  [`${DCT}license`]: 'license',
  [`${SKOS}inScheme`]: 'inDefinedTermSet',
  [`${SKOS}notation`]: 'termCode',
  [`${PROV}wasAttributedTo`]: 'creator',
  [`${PROV}wasDerivedFrom`]: 'isBasedOn',
  [`${NP}hasAssertion`]: 'hasPart',
  [`${NP}hasProvenance`]: 'hasPart',
  [`${NP}hasPublicationInfo`]: 'hasPart',
};
const NAMES = [`${SKOS}prefLabel`, `${RDFS}label`, `${DCT}title`, 'http://xmlns.com/foaf/0.1/name'];
const DESCRIPTIONS = [`${SKOS}definition`, `${DCT}description`, `${RDFS}comment`];

/** `start` and everything the data declares above it with `rel` (rdfs:subClassOf, rdfs:subPropertyOf), transitively. */
function ancestors(ds: Dataset, start: string, rel: string): string[] {
  return ds.memo(`ancestors ${rel} ${start}`, () => {
    const out = [start];
    for (let i = 0; i < out.length; i++) {
      for (const q of ds.match(namedNode(out[i]), namedNode(rel), null, null)) {
        if (q.object.termType === 'NamedNode' && !out.includes(q.object.value)) out.push(q.object.value);
      }
    }
    return out;
  });
}

const S = (local: string) => namedNode(`${SCHEMA}${local}`);

/**
 * The schema.org statements about `node`, built from the fact graphs (never the reading graphs): its own schema.org
 * triples; those its other triples entail through the ontology's rdfs:subClassOf/subPropertyOf alignments (rf:Forum is
 * a schema:Event, rf:hasSession a schema:subEvent, rf:mentions a schema:mentions); the mappings above; a name and a
 * description from the usual label properties when it has none; and, for claims, their verbatim text, the source
 * document they appear in and the finding they are part of.
 */
export function schemaStatements(ds: Dataset, node: RDF.Quad_Subject): RDF.Quad[] {
  const base = ds.baseIri;
  const classes = classMap(base);
  const out: RDF.Quad[] = [];
  const add = (p: string, o: RDF.Quad_Object) => out.push(quad(node, S(p), o));
  const own = factMatch(ds, node, null, null);
  for (const q of own) {
    const p = q.predicate.value;
    if (p === RDF_TYPE) {
      if (q.object.termType !== 'NamedNode') continue;
      for (const c of ancestors(ds, q.object.value, `${RDFS}subClassOf`)) {
        if (c.startsWith(SCHEMA)) out.push(quad(node, namedNode(RDF_TYPE), namedNode(c)));
        else if (classes[c]) out.push(quad(node, namedNode(RDF_TYPE), S(classes[c])));
      }
      continue;
    }
    for (const sp of ancestors(ds, p, `${RDFS}subPropertyOf`)) {
      if (sp.startsWith(SCHEMA)) add(sp.slice(SCHEMA.length), q.object);
      else if (PROPERTY_MAP[sp]) add(PROPERTY_MAP[sp], q.object);
    }
  }
  const types = new Set(out.filter((q) => q.predicate.value === RDF_TYPE).map((q) => q.object.value));
  const has = (p: string) => out.some((q) => q.predicate.value === `${SCHEMA}${p}`);
  const fromFirst = (props: string[]) => {
    for (const p of props) {
      const lits = own.filter((q) => q.predicate.value === p && q.object.termType === 'Literal').map((q) => q.object);
      if (lits.length) return lits;
    }
    return [];
  };
  if (!has('name')) for (const l of fromFirst(NAMES)) add('name', l);
  else
    for (const q of own)
      if (q.predicate.value === `${DCT}title` && !out.some((o) => o.object.equals(q.object))) add('alternateName', q.object);
  if (!has('description')) for (const l of fromFirst(DESCRIPTIONS)) add('description', l);
  // A named graph of the record that is nothing else is a dataset of its own, part of the whole.
  if (types.size === 0 && node.termType === 'NamedNode' && ds.graphNames().includes(node.value)) {
    out.push(quad(node, namedNode(RDF_TYPE), S('Dataset')));
    add('isPartOf', namedNode(`${base}id/dataset`));
  }
  // A source document the record ships is readable at /source/{name}.
  const sourceName = node.value.startsWith(`${base}id/source/`) ? node.value.slice(base.length + 10) : undefined;
  if (sourceName && ds.info.sources.has(sourceName)) add('url', namedNode(`${base}source/${sourceName}`));
  if (types.has(`${SCHEMA}Claim`)) claimStatements(ds, node, own, add);
  if (types.has(`${SCHEMA}Event`) && has('startDate') && !has('eventStatus')) {
    // schema.org: EventScheduled "is assumed by default"; the data states no other status.
    add('eventStatus', S('EventScheduled'));
  }
  if ([...types].some((t) => t === `${SCHEMA}City` || t === `${SCHEMA}Place`) && !has('address')) out.push(...addressOf(ds, node));
  return out;
}

/** A claim's text (rf:verbatimText), where it appears (the source document) and what it is part of. */
function claimStatements(ds: Dataset, node: RDF.Quad_Subject, own: RDF.Quad[], add: (p: string, o: RDF.Quad_Object) => void): void {
  const base = ds.baseIri;
  for (const q of own) if (q.predicate.value === `${base}def/forum#verbatimText`) add('text', q.object);
  const parents = factMatch(ds, null, namedNode(`${base}def/forum#hasClaim`), node).map((q) => q.subject);
  for (const p of parents) add('isPartOf', p);
  for (const holder of [node, ...parents]) {
    for (const q of factMatch(ds, holder, namedNode(`${DCT}source`), null)) {
      if (q.object.termType === 'NamedNode') add('appearance', q.object);
    }
  }
}

/** A place's postal address from what the data says: the city's name as locality, the containing country's name. */
function addressOf(ds: Dataset, node: RDF.Quad_Subject): RDF.Quad[] {
  const isA = (t: RDF.Term, c: string) => factMatch(ds, t, namedNode(RDF_TYPE), S(c)).length > 0;
  const name = (t: RDF.Term) => factMatch(ds, t, S('name'), null).find((q) => q.object.termType === 'Literal')?.object;
  if (!isA(node, 'City')) return [];
  const locality = name(node);
  const country = factMatch(ds, node, S('containedInPlace'), null)
    .map((q) => q.object)
    .find((c) => isA(c, 'Country'));
  const countryName = country && name(country);
  if (!locality || !countryName) return [];
  const addr = blankNode(`address-${createHash('sha1').update(node.value).digest('hex').slice(0, 12)}`);
  return [
    quad(node, S('address'), addr),
    quad(addr, namedNode(RDF_TYPE), S('PostalAddress')),
    quad(addr, S('addressLocality'), literal(locality.value, (locality as RDF.Literal).language || undefined)),
    quad(addr, S('addressCountry'), literal(countryName.value, (countryName as RDF.Literal).language || undefined)),
  ];
}
