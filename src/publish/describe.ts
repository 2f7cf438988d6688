// Builds the document about one resource straight from the store, without the SPARQL engine.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { quadKey } from '../rdf/termKey';
import { Dataset } from '../store/dataset';
import { withoutReadings } from './readings';
import { dataModified } from './versionDates';

const { namedNode, quad, literal } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const DCT = 'http://purl.org/dc/terms/';
const VOID = 'http://rdfs.org/ns/void#';

/** Properties that give a resource a human name, most preferred first. */
export const LABEL_PROPERTIES = [
  'http://www.w3.org/2004/02/skos/core#prefLabel',
  'https://schema.org/name',
  'http://www.w3.org/2000/01/rdf-schema#label',
  'http://xmlns.com/foaf/0.1/name',
  'http://purl.org/dc/terms/title',
];

/** Classes whose instances exist only to describe another resource: qualified relations, anchors, identifiers. */
export function dependentClasses(base: string): Set<string> {
  return new Set([
    `${base}def/forum#Involvement`,
    `${base}def/forum#Claim`,
    `${base}def/forum#Mention`,
    'http://www.w3.org/ns/oa#SpecificResource',
    'http://www.w3.org/ns/oa#TextQuoteSelector',
    'http://www.w3.org/ns/oa#TextPositionSelector',
    'https://schema.org/PropertyValue',
    'http://www.w3.org/ns/prov#Association',
  ]);
}

/** The IRI of the whole published dataset (VoID / DCAT). */
export function datasetIri(base: string): string {
  return `${base}id/dataset`;
}

/** The document IRI for a thing IRI: `/id/x` → `/doc/x`; other IRIs (hash namespaces) are their own documents. */
export function documentIri(thing: string, base: string): string {
  return thing.startsWith(`${base}id/`) ? `${base}doc/${thing.slice(base.length + 3)}` : thing.replace(/#.*$/, '');
}

export interface Description {
  /** The things the document is about (one, or every term of a hash namespace). */
  topics: string[];
  documentIri: string;
  /**
   * The document for formats without graphs: each triple once, the interpretation graphs' readings not asserted
   * but reified with the interpretation behind them (readings.ts).
   */
  triples: RDF.Quad[];
  /** The same selection with its graphs kept (TriG, N-Quads; pages mark readings from it); the document's own statements in the default graph. */
  quads: RDF.Quad[];
}

/**
 * Describes `topics`: their own triples, the blank and dependent nodes hanging from them (recursively),
 * the triples pointing at them, the labels and types of every resource mentioned, and the document itself.
 * Returns undefined when no topic occurs in the dataset.
 */
export function describe(ds: Dataset, topics: readonly string[], docIri: string): Description | undefined {
  const out = new QuadSet();
  const dependent = dependentClasses(ds.baseIri);
  const seen = new Set<string>();
  const neighbours = new Set<string>();
  let found = false;

  const expand = (node: RDF.Term, depth: number) => {
    const key = `${node.termType}:${node.value}`;
    if (seen.has(key) || depth > 8) return;
    seen.add(key);
    for (const q of ds.match(node, null, null, null)) {
      out.add(q);
      if (q.object.termType === 'BlankNode' || (q.object.termType === 'NamedNode' && isDependent(ds, q.object, dependent))) {
        expand(q.object, depth + 1);
      } else if (q.object.termType === 'NamedNode') {
        neighbours.add(q.object.value);
      }
      if (q.predicate.termType === 'NamedNode') neighbours.add(q.predicate.value);
    }
  };

  for (const t of topics) {
    const node = namedNode(t);
    if (ds.mentions(t)) found = true;
    expand(node, 0);
    for (const q of ds.match(null, null, node, null)) {
      out.add(q);
      neighbours.add(q.subject.value);
      if (q.subject.termType === 'BlankNode') expand(q.subject, 1);
    }
  }
  if (!found) return undefined;
  for (const n of neighbours) {
    if (seen.has(`NamedNode:${n}`)) continue;
    const node = namedNode(n);
    for (const p of [RDF_TYPE, ...LABEL_PROPERTIES]) for (const q of ds.match(node, namedNode(p), null, null)) out.add(q);
  }
  const doc = namedNode(docIri);
  out.add(quad(doc, namedNode(RDF_TYPE), namedNode(`${FOAF}Document`)));
  for (const t of topics.slice(0, 1)) out.add(quad(doc, namedNode(`${FOAF}primaryTopic`), namedNode(t)));
  for (const t of topics.slice(1)) out.add(quad(doc, namedNode(`${FOAF}topic`), namedNode(t)));
  out.add(quad(doc, namedNode(`${VOID}inDataset`), namedNode(datasetIri(ds.baseIri))));
  out.add(quad(doc, namedNode(`${DCT}isPartOf`), namedNode(datasetIri(ds.baseIri))));
  // The data's own modification date (versionDates.ts), never the time it was loaded.
  const modified = dataModified(ds);
  if (modified) out.add(quad(doc, namedNode(`${DCT}modified`), literal(modified.value, namedNode(modified.datatype))));
  const quads = out.toArray();
  return { topics: [...topics], documentIri: docIri, triples: withoutReadings(ds, quads), quads };
}

function isDependent(ds: Dataset, node: RDF.NamedNode, dependent: Set<string>): boolean {
  for (const q of ds.match(node, namedNode(RDF_TYPE), null, null)) if (dependent.has(q.object.value)) return true;
  return false;
}

/** Every subject in a hash namespace (`…/def/forum#X`), plus the namespace document IRI itself. */
export function namespaceTerms(ds: Dataset, namespaceDoc: string): string[] {
  const index = ds.memo('hashNamespaces', () => {
    // One scan per dataset: subjects grouped by the IRI before their '#'.
    const byDoc = new Map<string, Set<string>>();
    for (const q of ds.quads()) {
      if (q.subject.termType !== 'NamedNode') continue;
      const hash = q.subject.value.indexOf('#');
      const doc = hash < 0 ? q.subject.value : q.subject.value.slice(0, hash);
      if (hash < 0 && !byDoc.has(doc)) continue; // a namespace document counts once some term hangs off it
      if (!byDoc.has(doc)) byDoc.set(doc, new Set());
      byDoc.get(doc)!.add(q.subject.value);
    }
    for (const [doc, terms] of byDoc)
      if (ds.store.countQuads(DataFactory.namedNode(doc), undefined, undefined, undefined) > 0) terms.add(doc);
    return byDoc;
  });
  const terms = index.get(namespaceDoc);
  if (!terms) return [];
  return [...terms].sort((a, b) => (a === namespaceDoc ? -1 : b === namespaceDoc ? 1 : a.localeCompare(b)));
}

/** Quads, each once. */
class QuadSet {
  private readonly items = new Map<string, RDF.Quad>();
  add(q: RDF.Quad): void {
    const key = quadKey(q);
    if (!this.items.has(key)) this.items.set(key, q);
  }
  toArray(): RDF.Quad[] {
    return [...this.items.values()];
  }
}
