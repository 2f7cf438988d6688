// The contents of a named graph or a nanopublication, as the document its IRI dereferences to.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { quadKey } from '../rdf/termKey';
import type { Dataset } from '../store/dataset';
import { datasetIri, Description } from './describe';
import { withoutReadings } from './readings';
import { dataModified } from './versionDates';

const { namedNode, quad, literal } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const NP = 'http://www.nanopub.org/nschema#';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VOID = 'http://rdfs.org/ns/void#';
const DCT = 'http://purl.org/dc/terms/';

/** What a graph document holds: one named graph, or the four graphs of a nanopublication. */
export interface GraphDescription extends Description {
  /** The graphs whose contents the document holds, in order (a nanopublication: head, assertion, provenance, pubinfo). */
  graphs: string[];
  /** True for a nanopublication: its four graphs cannot be written in a format without graphs. */
  nanopublication: boolean;
}

/** The graphs of the nanopublication `iri` (head first), or undefined when it is not one in this dataset. */
export function nanopublicationGraphs(ds: Dataset, iri: string): string[] | undefined {
  const node = namedNode(iri);
  const head = ds.match(node, namedNode(RDF_TYPE), namedNode(`${NP}Nanopublication`), null)[0]?.graph;
  if (head?.termType !== 'NamedNode') return undefined;
  const part = (p: string) => ds.match(node, namedNode(`${NP}${p}`), null, head)[0]?.object;
  const parts = ['hasAssertion', 'hasProvenance', 'hasPublicationInfo'].map(part);
  return [head.value, ...parts.filter((t): t is RDF.NamedNode => t?.termType === 'NamedNode').map((t) => t.value)];
}

/**
 * The document a graph IRI (or a nanopublication IRI) names: every quad of the graph(s), graphs kept; what the data
 * says of each graph (its description in the meta graph, in that graph); and the document's own statements in the
 * default graph. Undefined when `iri` names neither a named graph nor a nanopublication of the dataset.
 */
export function describeGraph(ds: Dataset, iri: string): GraphDescription | undefined {
  const np = nanopublicationGraphs(ds, iri);
  const graphs = np ?? (ds.graphNames().includes(iri) ? [iri] : undefined);
  if (!graphs) return undefined;
  const out = new Map<string, RDF.Quad>();
  const add = (q: RDF.Quad) => out.set(quadKey(q), q);
  for (const g of graphs) for (const q of ds.match(null, null, null, namedNode(g))) add(q);
  for (const g of np ? [iri, ...graphs] : graphs) for (const q of ds.match(namedNode(g), null, null, null)) add(q);
  const doc = namedNode(iri);
  add(quad(doc, namedNode(RDF_TYPE), namedNode(`${FOAF}Document`)));
  add(quad(doc, namedNode(`${VOID}inDataset`), namedNode(datasetIri(ds.baseIri))));
  add(quad(doc, namedNode(`${DCT}isPartOf`), namedNode(datasetIri(ds.baseIri))));
  const modified = dataModified(ds);
  // A graph that states its own dcterms:modified keeps that one (the data's word); no second date is added.
  if (modified && ds.match(doc, namedNode(`${DCT}modified`), null, null).length === 0)
    add(quad(doc, namedNode(`${DCT}modified`), literal(modified.value, namedNode(modified.datatype))));
  const quads = [...out.values()];
  return {
    topics: [iri],
    documentIri: iri,
    graphs,
    nanopublication: np !== undefined,
    quads,
    triples: np ? [] : withoutReadings(ds, quads),
  };
}
