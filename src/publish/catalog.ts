// The DCAT-AP 3 catalogue around the dataset: who publishes it, whom to contact, its themes, and the types DCAT-AP checks.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';
import { factMatch } from './factGraphs';
import { pickLiteral } from './datasetFacts';

const { namedNode, blankNode, literal, quad } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';

/** The EU Vocabularies data-theme table (DCAT-AP's controlled vocabulary for dcat:theme), with its English labels. */
export const DATA_THEME = 'http://publications.europa.eu/resource/authority/data-theme';
const DATA_THEME_LABELS: Record<string, string> = {
  AGRI: 'Agriculture, fisheries, forestry and food',
  ECON: 'Economy and finance',
  EDUC: 'Education, culture and sport',
  ENER: 'Energy',
  ENVI: 'Environment',
  GOVE: 'Government and public sector',
  HEAL: 'Health',
  INTR: 'International issues',
  JUST: 'Justice, legal system and public safety',
  REGI: 'Regions and cities',
  SOCI: 'Population and society',
  TECH: 'Science and technology',
  TRAN: 'Transport',
};

/** The catalogue that lists the dataset and its services: `BASE id/catalog` (303 to the description, like the dataset). */
export function catalogIri(base: string): string {
  return `${base}id/catalog`;
}

export interface CatalogFacts {
  title: string;
  publisher: string;
  dataset: string;
  services: string[];
  license: string;
  issued: RDF.Literal;
  modified: RDF.Literal;
  places: string[];
  taxonomies: string[];
}

/** The catalogue: what the site publishes (its one dataset and its data services), by whom, since when, where. */
export function catalogStatements(base: string, f: CatalogFacts): RDF.Quad[] {
  const catalog = namedNode(catalogIri(base));
  const out: RDF.Quad[] = [];
  const t = (p: string, o: RDF.Quad_Object) => out.push(quad(catalog, namedNode(p), o));
  t(RDF_TYPE, namedNode(`${DCAT}Catalog`));
  t(`${DCT}title`, literal(`Catalogue of ${base}`, 'en'));
  t(
    `${DCT}description`,
    literal(`What ${base} publishes: the dataset "${f.title}", its SPARQL endpoint and its Triple Pattern Fragments.`, 'en'),
  );
  t(`${DCT}publisher`, namedNode(f.publisher));
  t(`${DCAT}dataset`, namedNode(f.dataset));
  for (const s of f.services) t(`${DCAT}service`, namedNode(s));
  t(`${FOAF}homepage`, namedNode(base));
  t(`${DCT}license`, namedNode(f.license));
  t(`${DCT}issued`, f.issued);
  t(`${DCT}modified`, f.modified);
  for (const p of f.places) t(`${DCT}spatial`, namedNode(p));
  for (const s of f.taxonomies) t(`${DCAT}themeTaxonomy`, namedNode(s));
  return out;
}

export interface PublisherConfig {
  name?: string;
  iri?: string;
}
export interface ContactConfig {
  email?: string;
  url?: string;
}

export interface Publisher {
  iri: string;
  name: string;
  /** True when nothing was configured: the publisher is then the deployment's operators, described as such. */
  unconfigured: boolean;
}

/**
 * The publisher. The source names none, so it is what the deployment configures (PUBLISHER_NAME, PUBLISHER_IRI); with
 * nothing configured it is whoever operates this site, described as such (`BASE id/publisher`, "The operators of
 * BASE"), never an organisation made up for the purpose.
 */
export function publisherOf(base: string, cfg: PublisherConfig): Publisher {
  const unconfigured = !cfg.name && !cfg.iri;
  return {
    iri: cfg.iri ?? `${base}id/publisher`,
    name: cfg.name ?? cfg.iri ?? `The operators of ${base}`,
    unconfigured,
  };
}

/** Statements about the publisher and the contact point (vcard), for the catalogue and the dataset. */
export function agentStatements(
  base: string,
  publisher: Publisher,
  contact: ContactConfig,
): { quads: RDF.Quad[]; contact: RDF.Quad_Subject } {
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const pub = namedNode(publisher.iri);
  t(pub, RDF_TYPE, namedNode(`${FOAF}Agent`));
  t(pub, `${FOAF}name`, literal(publisher.name));
  if (publisher.unconfigured) {
    t(pub, `${FOAF}homepage`, namedNode(base));
    t(
      pub,
      `${RDFS}comment`,
      literal(
        'The source names no publisher and this deployment was configured with none (PUBLISHER_NAME, PUBLISHER_IRI): the publisher is whoever operates this site.',
        'en',
      ),
    );
  }
  const point = blankNode('contact');
  t(point, RDF_TYPE, namedNode(`${VCARD}Kind`));
  t(point, `${VCARD}fn`, literal(publisher.name));
  if (contact.email) t(point, `${VCARD}hasEmail`, namedNode(`mailto:${contact.email}`));
  // Without a configured address the only honest way to reach the operators is the site itself.
  t(point, `${VCARD}hasURL`, namedNode(contact.url ?? base));
  return { quads: out, contact: point };
}

/**
 * The themes the data states for the dataset (`dcat:theme`), each as the skos:Concept DCAT-AP asks for: the EU
 * data-theme labels for that table's IRIs, else the labels the data gives. Themes without a label are left out.
 */
export function themeStatements(ds: Dataset, dataset: RDF.NamedNode): { quads: RDF.Quad[]; taxonomies: string[] } {
  const out: RDF.Quad[] = [];
  const taxonomies = new Set<string>();
  for (const q of factMatch(ds, dataset, namedNode(`${DCAT}theme`), null)) {
    if (q.object.termType !== 'NamedNode') continue;
    const theme = q.object;
    const code = theme.value.startsWith(`${DATA_THEME}/`) ? theme.value.slice(DATA_THEME.length + 1) : undefined;
    const label =
      (code && DATA_THEME_LABELS[code]) ?? pickLiteral(factMatch(ds, theme, namedNode(`${SKOS}prefLabel`), null).map((x) => x.object));
    if (!label) continue;
    const scheme = code ? DATA_THEME : factMatch(ds, theme, namedNode(`${SKOS}inScheme`), null)[0]?.object.value;
    out.push(quad(dataset, namedNode(`${DCAT}theme`), theme));
    out.push(quad(theme, namedNode(RDF_TYPE), namedNode(`${SKOS}Concept`)));
    out.push(quad(theme, namedNode(`${SKOS}prefLabel`), literal(label, 'en')));
    if (scheme) {
      out.push(quad(theme, namedNode(`${SKOS}inScheme`), namedNode(scheme)));
      taxonomies.add(scheme);
    }
  }
  for (const scheme of taxonomies) {
    const title =
      scheme === DATA_THEME
        ? 'Data theme'
        : pickLiteral(
            factMatch(ds, namedNode(scheme), null, null)
              .filter((q) => /title|prefLabel|label$/.test(q.predicate.value))
              .map((q) => q.object),
          );
    out.push(quad(namedNode(scheme), namedNode(RDF_TYPE), namedNode(`${SKOS}ConceptScheme`)));
    out.push(quad(namedNode(scheme), namedNode(`${DCT}title`), literal(title ?? scheme, 'en')));
  }
  return { quads: out, taxonomies: [...taxonomies] };
}

/**
 * What DCAT-AP's shapes check with sh:class, stated: every such class here is the declared rdfs:range of the
 * property that points at the node (dct:license → dct:LicenseDocument, dcat:mediaType → dct:MediaType, …), so each
 * type is an entailment of the description made explicit for validators that do no reasoning.
 */
export function rangeTypes(quads: readonly RDF.Quad[]): RDF.Quad[] {
  const ranges: Record<string, string> = {
    [`${DCT}license`]: `${DCT}LicenseDocument`,
    [`${DCAT}mediaType`]: `${DCT}MediaType`,
    [`${DCAT}compressFormat`]: `${DCT}MediaType`,
    [`${DCT}format`]: `${DCT}MediaTypeOrExtent`,
    [`${DCT}conformsTo`]: `${DCT}Standard`,
    [`${DCT}spatial`]: `${DCT}Location`,
    [`${DCAT}landingPage`]: `${FOAF}Document`,
    [`${FOAF}homepage`]: `${FOAF}Document`,
    'http://spdx.org/rdf/terms#algorithm': 'http://spdx.org/rdf/terms#ChecksumAlgorithm',
  };
  const out = new Map<string, RDF.Quad>();
  for (const q of quads) {
    const cls = ranges[q.predicate.value];
    if (cls && q.object.termType === 'NamedNode') out.set(`${q.object.value} ${cls}`, quad(q.object, namedNode(RDF_TYPE), namedNode(cls)));
  }
  return [...out.values()];
}
