// The SPARQL 1.1 Service Description of the endpoint, with absolute IRIs.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { datasetIri } from '../store/describe';

const { namedNode, blankNode, literal, quad } = DataFactory;
const SD = 'http://www.w3.org/ns/sparql-service-description#';
const VOID = 'http://rdfs.org/ns/void#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const FORMATS_NS = 'http://www.w3.org/ns/formats/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

export function serviceDescription(ds: Dataset, endpoint: string, opts: { unionDefaultGraph: boolean }): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const svc = namedNode(`${endpoint}#service`);
  t(svc, RDF_TYPE, namedNode(`${SD}Service`));
  t(svc, `${SD}endpoint`, namedNode(endpoint));
  t(svc, `${SD}supportedLanguage`, namedNode(`${SD}SPARQL10Query`));
  t(svc, `${SD}supportedLanguage`, namedNode(`${SD}SPARQL11Query`));
  for (const f of ['SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'N-Triples', 'JSON-LD', 'RDF_XML', 'TriG', 'N-Quads']) {
    t(svc, `${SD}resultFormat`, namedNode(FORMATS_NS + f));
  }
  if (opts.unionDefaultGraph) t(svc, `${SD}feature`, namedNode(`${SD}UnionDefaultGraph`));
  t(svc, `${SD}feature`, namedNode(`${SD}EmptyGraphs`));
  const dsNode = blankNode('dataset');
  t(svc, `${SD}defaultDataset`, dsNode);
  t(dsNode, RDF_TYPE, namedNode(`${SD}Dataset`));
  t(dsNode, `${VOID}inDataset`, namedNode(datasetIri(ds.baseIri)));
  const dg = blankNode('defaultGraph');
  t(dsNode, `${SD}defaultGraph`, dg);
  t(dg, RDF_TYPE, namedNode(`${SD}Graph`));
  t(dg, `${VOID}triples`, literal(String(opts.unionDefaultGraph ? ds.size : ds.store.countQuads(undefined, undefined, undefined, DataFactory.defaultGraph())), namedNode(`${XSD}integer`)));
  for (const g of ds.graphNames()) {
    const ng = blankNode();
    t(dsNode, `${SD}namedGraph`, ng);
    t(ng, RDF_TYPE, namedNode(`${SD}NamedGraph`));
    t(ng, `${SD}name`, namedNode(g));
    const gg = blankNode();
    t(ng, `${SD}graph`, gg);
    t(gg, RDF_TYPE, namedNode(`${SD}Graph`));
    t(gg, `${VOID}triples`, literal(String(ds.store.countQuads(undefined, undefined, undefined, namedNode(g))), namedNode(`${XSD}integer`)));
  }
  return out;
}
