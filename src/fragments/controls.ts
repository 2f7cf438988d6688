// What every fragment page says besides its data: the count, the page links, the dataset and its hydra:search form.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { DEFAULT_GRAPH_IRI, patternText, Selector } from './selector';

const { namedNode, blankNode, literal, quad } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  void: 'http://rdfs.org/ns/void#',
  dcterms: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  dcat: 'http://www.w3.org/ns/dcat#',
} as const;

/** The path the interface is served at, under the server's root. */
export const FRAGMENTS_PATH = '/fragments';
export const TPF_SPEC = 'https://linkeddatafragments.org/specification/triple-pattern-fragments/';
export const QPF_SPEC = 'https://linkeddatafragments.org/specification/quad-pattern-fragments/';

/**
 * The search form's URI template. `graph={graph}` is always expanded, to the empty string when a client leaves the
 * graph a variable, so that a quad-pattern client's `GRAPH ?g` reaches every graph, while a URL without `graph`
 * (a plain triple pattern fragment, as people and TPF clients write it) means the default graph.
 */
export function searchTemplate(origin: string): string {
  return `${origin}${FRAGMENTS_PATH}?graph={graph}{&subject,predicate,object}`;
}

export interface FragmentUrls {
  /** The fragment: the requested URL without its page parameter. */
  fragment: string;
  /** The page exactly as requested. */
  page: string;
  first: string;
  previous?: string;
  next?: string;
  /** Scheme, host and port the client reached the server at: the search form points there. */
  origin: string;
}

export interface DatasetFacts {
  /** The dataset's IRI (BASE id/dataset), which the VoID description describes. */
  iri: string;
  title: string;
  license: string;
  /** The VoID/DCAT description and the SPARQL endpoint, as published IRIs. */
  description: string;
  sparql: string;
}

/**
 * The metadata and controls of one page, in the order Comunica reads them: the count first (its count extractor
 * takes the first void:triples it sees); the dataset's subsets before what it says of itself (its service-description
 * extractor reads sd:defaultGraph only of a dataset already known to hold the page); and last the fragment as the
 * subset holding the page (the statement its metadata splitter finds the metadata graph by).
 */
export function fragmentMetadata(
  sel: Selector,
  count: { total: number; pageSize: number },
  urls: FragmentUrls,
  ds: DatasetFacts,
): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const int = (n: number) => literal(String(n), namedNode(`${NS.xsd}integer`));
  const fragment = namedNode(urls.fragment);
  const page = namedNode(urls.page);
  const dataset = namedNode(ds.iri);

  t(fragment, `${NS.void}triples`, int(count.total));
  t(fragment, `${NS.hydra}totalItems`, int(count.total));
  t(fragment, `${NS.rdf}type`, namedNode(`${NS.hydra}Collection`));
  t(fragment, `${NS.hydra}view`, page);
  t(page, `${NS.rdf}type`, namedNode(`${NS.hydra}PartialCollectionView`));
  t(page, `${NS.dcterms}title`, literal(`Linked Data Fragment of ${ds.title}`, 'en'));
  t(
    page,
    `${NS.dcterms}description`,
    literal(
      `${sel.graph.kind === 'default' ? 'Triple' : 'Quad'} Pattern Fragment of the dataset "${ds.title}" ` +
        `containing the ${sel.graph.kind === 'default' ? 'triples' : 'quads'} matching ${patternText(sel)}.`,
      'en',
    ),
  );
  t(page, `${NS.dcterms}source`, dataset);
  t(page, `${NS.hydra}itemsPerPage`, int(count.pageSize));
  t(page, `${NS.hydra}first`, namedNode(urls.first));
  if (urls.previous) t(page, `${NS.hydra}previous`, namedNode(urls.previous));
  if (urls.next) t(page, `${NS.hydra}next`, namedNode(urls.next));

  t(dataset, `${NS.void}subset`, fragment);
  if (urls.page !== urls.fragment) t(dataset, `${NS.void}subset`, page);
  out.push(...datasetControls(ds, urls.origin));
  t(fragment, `${NS.void}subset`, page);
  return out;
}

/** The dataset as every page presents it: what it is, where it is described, and the form reaching all its fragments. */
export function datasetControls(ds: DatasetFacts, origin: string): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const dataset = namedNode(ds.iri);
  t(dataset, `${NS.rdf}type`, namedNode(`${NS.void}Dataset`));
  t(dataset, `${NS.rdf}type`, namedNode(`${NS.hydra}Collection`));
  t(dataset, `${NS.dcterms}title`, literal(ds.title, 'en'));
  t(dataset, `${NS.dcterms}license`, namedNode(ds.license));
  t(dataset, `${NS.rdfs}seeAlso`, namedNode(ds.description));
  // Not sd:endpoint: a client that finds one prefers the SPARQL endpoint to the fragments.
  t(dataset, `${NS.void}sparqlEndpoint`, namedNode(ds.sparql));
  t(dataset, `${NS.sd}defaultGraph`, namedNode(DEFAULT_GRAPH_IRI));
  const form = blankNode('search');
  t(dataset, `${NS.hydra}search`, form);
  t(form, `${NS.rdf}type`, namedNode(`${NS.hydra}IriTemplate`));
  t(form, `${NS.hydra}template`, literal(searchTemplate(origin)));
  t(form, `${NS.hydra}variableRepresentation`, namedNode(`${NS.hydra}ExplicitRepresentation`));
  const mappings = [
    ['subject', `${NS.rdf}subject`],
    ['predicate', `${NS.rdf}predicate`],
    ['object', `${NS.rdf}object`],
    ['graph', `${NS.sd}graph`],
  ];
  for (const [name] of mappings) t(form, `${NS.hydra}mapping`, blankNode(name));
  for (const [name, property] of mappings) {
    t(blankNode(name), `${NS.hydra}variable`, literal(name));
    t(blankNode(name), `${NS.hydra}property`, namedNode(property));
  }
  return out;
}

/** The interface as a DCAT data service and distribution of the dataset, for the VoID/DCAT and service descriptions. */
export function fragmentsAnnouncement(base: string, datasetIri: string, license?: string): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const endpoint = namedNode(`${base}${FRAGMENTS_PATH.slice(1)}`);
  const service = namedNode(`${endpoint.value}#service`);
  const distribution = namedNode(`${endpoint.value}#distribution`);
  const dataset = namedNode(datasetIri);
  const title = literal('Triple Pattern Fragments (and quad patterns over the named graphs)', 'en');
  t(service, `${NS.rdf}type`, namedNode(`${NS.dcat}DataService`));
  t(service, `${NS.dcterms}title`, title);
  t(service, `${NS.dcat}endpointURL`, endpoint);
  t(service, `${NS.dcat}endpointDescription`, endpoint);
  t(service, `${NS.dcat}servesDataset`, dataset);
  t(service, `${NS.dcterms}conformsTo`, namedNode(TPF_SPEC));
  t(service, `${NS.dcterms}conformsTo`, namedNode(QPF_SPEC));
  if (license) t(service, `${NS.dcterms}license`, namedNode(license));
  t(dataset, `${NS.dcat}distribution`, distribution);
  t(distribution, `${NS.rdf}type`, namedNode(`${NS.dcat}Distribution`));
  t(distribution, `${NS.dcterms}title`, title);
  t(distribution, `${NS.dcat}accessURL`, endpoint);
  t(distribution, `${NS.dcat}accessService`, service);
  if (license) t(distribution, `${NS.dcterms}license`, namedNode(license));
  return out;
}
