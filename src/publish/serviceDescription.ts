// The SPARQL 1.1 Service Description of the endpoint, with absolute IRIs: languages, result formats, features, dataset.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { datasetIri } from './describe';
import { fragmentsAnnouncement } from '../fragments/controls';

const { namedNode, blankNode, literal, quad } = DataFactory;
const SD = 'http://www.w3.org/ns/sparql-service-description#';
const VOID = 'http://rdfs.org/ns/void#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_COMMENT = 'http://www.w3.org/2000/01/rdf-schema#comment';
const FORMATS_NS = 'http://www.w3.org/ns/formats/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

export const SD_PREFIXES = { sd: SD, void: VOID, formats: FORMATS_NS, rdfs: 'http://www.w3.org/2000/01/rdf-schema#', xsd: XSD };

/** The result formats the endpoint writes, as W3C format IRIs (https://www.w3.org/ns/formats/). */
export const RESULT_FORMAT_IRIS = [
  'SPARQL_Results_JSON',
  'SPARQL_Results_XML',
  'SPARQL_Results_CSV',
  'SPARQL_Results_TSV',
  'Turtle',
  'N-Triples',
  'JSON-LD',
  'RDF_XML',
  'TriG',
  'N-Quads',
].map((f) => FORMATS_NS + f);

export interface DescriptionOptions {
  unionDefaultGraph: boolean;
  limits: { timeoutMs: number; maxRows: number };
}

export function serviceDescription(ds: Dataset, endpoint: string, opts: DescriptionOptions): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const svc = namedNode(`${endpoint}#service`);
  t(svc, RDF_TYPE, namedNode(`${SD}Service`));
  t(svc, `${SD}endpoint`, namedNode(endpoint));
  t(svc, `${SD}supportedLanguage`, namedNode(`${SD}SPARQL10Query`));
  t(svc, `${SD}supportedLanguage`, namedNode(`${SD}SPARQL11Query`));
  for (const f of RESULT_FORMAT_IRIS) t(svc, `${SD}resultFormat`, namedNode(f));
  if (opts.unionDefaultGraph) t(svc, `${SD}feature`, namedNode(`${SD}UnionDefaultGraph`));
  t(svc, `${SD}feature`, namedNode(`${SD}EmptyGraphs`));
  // No sd:BasicFederatedQuery: the bundled engine cannot open remote sources, whatever the allow-list says.
  t(svc, `${SD}defaultEntailmentRegime`, namedNode('http://www.w3.org/ns/entailment/Simple'));
  t(
    svc,
    RDFS_COMMENT,
    literal(
      `Read-only. Each query may run ${opts.limits.timeoutMs / 1000} s and return ${opts.limits.maxRows} rows; ` +
        'longer results are cut off and say so in the X-Result-Truncated header. SERVICE, LOAD and remote FROM never reach the network.',
      'en',
    ),
  );
  const dsNode = blankNode('dataset');
  t(svc, `${SD}defaultDataset`, dsNode);
  t(dsNode, RDF_TYPE, namedNode(`${SD}Dataset`));
  t(dsNode, `${VOID}inDataset`, namedNode(datasetIri(ds.baseIri)));
  t(namedNode(datasetIri(ds.baseIri)), `${VOID}sparqlEndpoint`, namedNode(endpoint));
  // The same dataset is also served as Triple Pattern Fragments, which clients such as Comunica query themselves.
  out.push(...fragmentsAnnouncement(ds.baseIri, datasetIri(ds.baseIri)));
  const dg = blankNode('defaultGraph');
  t(dsNode, `${SD}defaultGraph`, dg);
  t(dg, RDF_TYPE, namedNode(`${SD}Graph`));
  t(
    dg,
    `${VOID}triples`,
    literal(
      String(opts.unionDefaultGraph ? ds.size : ds.store.countQuads(undefined, undefined, undefined, DataFactory.defaultGraph())),
      namedNode(`${XSD}integer`),
    ),
  );
  for (const g of ds.graphNames()) {
    const ng = blankNode();
    t(dsNode, `${SD}namedGraph`, ng);
    t(ng, RDF_TYPE, namedNode(`${SD}NamedGraph`));
    t(ng, `${SD}name`, namedNode(g));
    const gg = blankNode();
    t(ng, `${SD}graph`, gg);
    t(gg, RDF_TYPE, namedNode(`${SD}Graph`));
    t(
      gg,
      `${VOID}triples`,
      literal(String(ds.store.countQuads(undefined, undefined, undefined, namedNode(g))), namedNode(`${XSD}integer`)),
    );
  }
  return out;
}
