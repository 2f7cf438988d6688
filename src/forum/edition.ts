// The record of one forum edition as a bounded graph: the edition, its sessions, involvements, findings and what they name.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { LABEL_PROPERTIES } from '../publish/describe';
import { termKey, tripleKey } from '../rdf/termKey';

const { namedNode, quad } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SCHEMA = 'https://schema.org/';
const OA = 'http://www.w3.org/ns/oa#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';

/** The forum ontology's terms for a deployment's base. */
export function forumTerms(base: string) {
  const rf = `${base}def/forum#`;
  return {
    Forum: `${rf}Forum`,
    Presentation: `${rf}Presentation`,
    hasSession: `${rf}hasSession`,
    sessionOf: `${rf}sessionOf`,
    involvement: `${rf}involvement`,
    involvementRole: `${rf}involvementRole`,
    agentMention: `${rf}agentMention`,
    sourcePhrase: `${rf}sourcePhrase`,
    findingOf: `${rf}findingOf`,
    hasClaim: `${rf}hasClaim`,
    textAnchor: `${rf}textAnchor`,
    verbatimText: `${rf}verbatimText`,
    sequenceNumber: `${rf}sequenceNumber`,
    presenter: `${rf}presenter`,
    inSeries: `${rf}inSeries`,
    attendedBy: `${rf}attendedBy`,
    editionYear: `${rf}editionYear`,
  };
}

/** True when the IRI names a forum edition in this dataset. */
export function isEdition(ds: Dataset, iri: string): boolean {
  return ds.store.countQuads(namedNode(iri), namedNode(RDF_TYPE), namedNode(forumTerms(ds.baseIri).Forum), undefined) > 0;
}

/** The sessions, involvements and findings of an edition, in reading order (sequence number, then IRI). */
export function editionParts(ds: Dataset, edition: string): { sessions: string[]; involvements: string[]; findings: string[] } {
  const rf = forumTerms(ds.baseIri);
  const e = namedNode(edition);
  const iris = (terms: RDF.Term[]) => [...new Set(terms.filter((t) => t.termType === 'NamedNode').map((t) => t.value))];
  const sessions = iris([
    ...ds.match(e, namedNode(rf.hasSession), null, null).map((q) => q.object),
    ...ds.match(e, namedNode(`${SCHEMA}subEvent`), null, null).map((q) => q.object),
    ...ds.match(null, namedNode(rf.sessionOf), e, null).map((q) => q.subject),
  ]);
  const involvements = iris(ds.match(e, namedNode(rf.involvement), null, null).map((q) => q.object));
  const findings = iris(ds.match(null, namedNode(rf.findingOf), e, null).map((q) => q.subject));
  const order = (a: string, b: string) => seq(ds, a, rf.sequenceNumber) - seq(ds, b, rf.sequenceNumber) || (a < b ? -1 : a > b ? 1 : 0);
  // Sessions in the order the source tells them (a plenary before the round tables), numbered ones by number.
  const source = [...ds.info.sources.values()].join('\n');
  const told = (iri: string) => {
    const text = ds.match(namedNode(iri), namedNode(rf.verbatimText), null, null)[0]?.object.value;
    const at = text ? source.indexOf(text) : -1;
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const sessionOrder = (a: string, b: string) => told(a) - told(b) || order(a, b);
  return { sessions: sessions.sort(sessionOrder), involvements: involvements.sort(order), findings: findings.sort(order) };
}

function seq(ds: Dataset, iri: string, p: string): number {
  const v = ds.match(namedNode(iri), namedNode(p), null, null)[0]?.object.value;
  return v === undefined ? Number.MAX_SAFE_INTEGER : Number(v);
}

/**
 * Every triple (graph names dropped, each once) of the edition, its sessions, involvements and findings with their
 * claims and text anchors, following blank nodes; plus the types and names of anything else they mention.
 */
export function editionGraph(ds: Dataset, edition: string): RDF.Quad[] {
  const rf = forumTerms(ds.baseIri);
  const { sessions, involvements, findings } = editionParts(ds, edition);
  const out = new Map<string, RDF.Quad>();
  const whole = new Set<string>();
  const mentioned = new Set<string>();
  // Nodes reached through these predicates belong to the record and are included whole.
  const inner = new Set([rf.hasClaim, rf.textAnchor, rf.agentMention, `${OA}hasSelector`, `${OA}hasTarget`]);
  const add = (node: RDF.Term) => {
    const key = termKey(node);
    if (whole.has(key)) return;
    whole.add(key);
    for (const q of ds.match(node, null, null, null)) {
      const t = quad(q.subject, q.predicate, q.object);
      out.set(tripleKey(t), t);
      if (q.object.termType === 'BlankNode' || (q.object.termType === 'NamedNode' && inner.has(q.predicate.value))) add(q.object);
      else if (q.object.termType === 'NamedNode' && q.predicate.value !== RDF_TYPE) mentioned.add(q.object.value);
    }
  };
  for (const iri of [edition, ...sessions, ...involvements, ...findings]) add(namedNode(iri));
  const naming = [RDF_TYPE, ...LABEL_PROPERTIES, `${SKOS}definition`];
  for (const iri of mentioned) {
    if (whole.has(termKey(namedNode(iri)))) continue;
    for (const p of naming) {
      for (const q of ds.match(namedNode(iri), namedNode(p), null, null)) {
        const t = quad(q.subject, q.predicate, q.object);
        out.set(tripleKey(t), t);
      }
    }
  }
  return [...out.values()];
}
