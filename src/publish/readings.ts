// Which triples are the curators' readings rather than the source's facts, and the interpretation behind each.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { termKey, tripleKey } from '../rdf/termKey';
import type { Dataset } from '../store/dataset';

const { namedNode, blankNode, quad, literal } = DataFactory;
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `${RDF_NS}type`;
const PROV_DERIVED = 'http://www.w3.org/ns/prov#wasDerivedFrom';
const PREF_LABEL = 'http://www.w3.org/2004/02/skos/core#prefLabel';

/** One interpretation a reading triple rests on: its confidence (concept and label) and basis in words. */
export interface Reading {
  interpretation?: string;
  /** The rdf:Statement of the data that names this triple as the interpretation's, when there is one. */
  statement?: string;
  confidence?: string;
  confidenceLabel?: string;
  basis?: string;
  /** The interpretation graph the triple is held in. */
  graph: string;
}

/** What the record reads rather than states, computed once per dataset version. */
export interface ReadingIndex {
  /** The named graphs holding rf:Interpretation nodes. */
  graphs: ReadonlySet<string>;
  /** Subjects that describe readings (interpretations and their statements): self-marked wherever they appear. */
  describers: ReadonlySet<string>;
  /** Every reading triple (graph: its interpretation graph) with the readings behind it. */
  triples: ReadonlyArray<{ quad: RDF.Quad; readings: Reading[] }>;
  /** The readings behind a triple held only in interpretation graphs; undefined for anything else. */
  of(t: RDF.Quad): Reading[] | undefined;
}

/**
 * A reading triple is one held only in interpretation graphs (graphs holding an rf:Interpretation) whose subject is
 * not itself an interpretation or a statement. Its readings: the interpretations an rdf:Statement of the same graph
 * matching it is prov:wasDerivedFrom; else, for the description of a provisional entity, the interpretations that
 * rf:denotes its subject; else the graph alone (a reading whose interpretation the data does not name).
 */
export function readingIndex(ds: Dataset): ReadingIndex {
  return ds.memo('readings', () => buildIndex(ds));
}

function buildIndex(ds: Dataset): ReadingIndex {
  const rf = `${ds.baseIri}def/forum#`;
  const graphs = new Set<string>();
  for (const q of ds.match(null, namedNode(RDF_TYPE), namedNode(`${rf}Interpretation`), null))
    if (q.graph.termType === 'NamedNode') graphs.add(q.graph.value);
  const describers = new Set<string>();
  for (const g of graphs) {
    for (const cls of [`${rf}Interpretation`, `${RDF_NS}Statement`])
      for (const q of ds.match(null, namedNode(RDF_TYPE), namedNode(cls), namedNode(g))) describers.add(termKey(q.subject));
  }
  const one = (s: RDF.Term, p: string, g: RDF.Term) => ds.match(s, namedNode(p), null, g)[0]?.object;
  const readingOf = (interpretation: string | undefined, graph: RDF.Term, statement?: string): Reading => {
    if (!interpretation) return { graph: graph.value, statement };
    const node = namedNode(interpretation);
    const confidence = one(node, `${rf}confidence`, graph);
    const label = confidence && ds.match(confidence, namedNode(PREF_LABEL), null, null).find((q) => q.object.termType === 'Literal');
    return {
      interpretation,
      statement,
      graph: graph.value,
      confidence: confidence?.value,
      confidenceLabel: label?.object.value,
      basis: one(node, `${rf}basis`, graph)?.value,
    };
  };
  const byKey = new Map<string, Reading[]>();
  const triples: Array<{ quad: RDF.Quad; readings: Reading[] }> = [];
  for (const g of graphs) {
    const graph = namedNode(g);
    for (const q of ds.match(null, null, null, graph)) {
      if (describers.has(termKey(q.subject))) continue;
      const key = tripleKey(q);
      if (byKey.has(key)) continue;
      // Also stated by a source, assertion, links or meta graph (or the ontology): a fact, whatever else reads it.
      if (ds.match(q.subject, q.predicate, q.object, null).some((o) => o.graph.termType !== 'NamedNode' || !graphs.has(o.graph.value)))
        continue;
      const stated = ds
        .match(null, namedNode(`${RDF_NS}subject`), q.subject, graph)
        .map((s) => s.subject)
        .filter((s) => one(s, `${RDF_NS}predicate`, graph)?.equals(q.predicate) && one(s, `${RDF_NS}object`, graph)?.equals(q.object));
      let readings = stated.flatMap((s) =>
        ds.match(s, namedNode(PROV_DERIVED), null, graph).map((d) => readingOf(d.object.value, graph, s.value)),
      );
      if (readings.length === 0)
        readings = ds.match(null, namedNode(`${rf}denotes`), q.subject, graph).map((d) => readingOf(d.subject.value, graph));
      if (readings.length === 0) readings = [readingOf(undefined, graph)];
      byKey.set(key, readings);
      triples.push({ quad: q, readings });
    }
  }
  // Most data has no readings: then no key is built per triple (the union dumps ask of every one).
  return { graphs, describers, triples, of: byKey.size === 0 ? () => undefined : (t) => byKey.get(tripleKey(t)) };
}

/** "reading, probable: basis …", the one marker every surface shows. */
export function readingMarker(r: Reading): string {
  const head = `reading, ${r.confidenceLabel ?? 'confidence not stated'}`;
  return r.basis ? `${head}: ${r.basis}` : head;
}

/**
 * The triples of a document for formats without graphs: every fact as is; every reading triple not asserted but
 * reified (an rdf:Statement, the data's own or a blank one) prov:wasDerivedFrom its interpretations; and each
 * interpretation or statement that appears, whole, with the label of its confidence. A client that ignores graphs so
 * reads a reading only as a reading.
 */
export function withoutReadings(ds: Dataset, quads: Iterable<RDF.Quad>): RDF.Quad[] {
  const index = readingIndex(ds);
  const out = new Map<string, RDF.Quad>();
  const add = (q: RDF.Quad) => {
    const t = q.graph.termType === 'DefaultGraph' ? q : quad(q.subject, q.predicate, q.object);
    out.set(tripleKey(t), t);
  };
  const described = new Set<string>();
  const describeNode = (node: RDF.Term) => {
    const key = termKey(node);
    if (described.has(key)) return;
    described.add(key);
    for (const q of ds.match(node, null, null, null)) {
      if (index.of(q)) continue;
      add(q);
      if (q.predicate.value === `${ds.baseIri}def/forum#confidence`)
        for (const l of ds.match(q.object, namedNode(PREF_LABEL), null, null)) add(l);
      if (q.predicate.value === PROV_DERIVED && index.describers.has(termKey(q.object))) describeNode(q.object);
    }
  };
  let n = 0;
  for (const q of quads) {
    const readings = index.of(q);
    if (!readings) {
      add(q);
      if (index.describers.has(termKey(q.subject))) describeNode(q.subject);
      continue;
    }
    for (const r of readings) {
      if (r.statement) {
        describeNode(namedNode(r.statement));
        continue;
      }
      const st = blankNode(`reading${n++}`);
      add(quad(st, namedNode(RDF_TYPE), namedNode(`${RDF_NS}Statement`)));
      add(quad(st, namedNode(`${RDF_NS}subject`), q.subject));
      add(quad(st, namedNode(`${RDF_NS}predicate`), q.predicate));
      add(quad(st, namedNode(`${RDF_NS}object`), q.object));
      add(quad(st, namedNode(PROV_DERIVED), namedNode(r.interpretation ?? r.graph)));
      if (r.interpretation) describeNode(namedNode(r.interpretation));
      else add(quad(st, namedNode('http://www.w3.org/2000/01/rdf-schema#comment'), literal(readingMarker(r), 'en')));
    }
  }
  return [...out.values()];
}
