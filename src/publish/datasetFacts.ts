// What the record says of its own extent, for the DCAT and schema.org descriptions alike: time, places, topics, makers.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';
import { factMatch } from './factGraphs';

const { namedNode } = DataFactory;
const SCHEMA = 'https://schema.org/';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const DCT = 'http://purl.org/dc/terms/';
const PROV = 'http://www.w3.org/ns/prov#';
const FOAF = 'http://xmlns.com/foaf/0.1/';

/** A bound of the covered period: an xsd:date (`2019-12-13`) or, for an edition known only by its year, an xsd:gYear. */
export type DateBound = string;

/**
 * The span of time the record covers. Each event counts with its own dates when it has them, and with its edition
 * year only when it has none (an edition known only as "2017" starts no later than that year and ends within it).
 * So the period ends on the last event's end date (2019-12-13), not at the end of its year. Undefined without dates.
 */
export function temporalCoverage(ds: Dataset): { start: DateBound; end: DateBound } | undefined {
  // Each fact here reads all the things of a kind: kept per dataset, and published with a version (versionSummary.ts).
  return ds.memo('temporalCoverage', () => coveredPeriod(ds));
}

function coveredPeriod(ds: Dataset): { start: DateBound; end: DateBound } | undefined {
  const dated = new Map<string, { start?: string; end?: string; year?: string }>();
  const at = (s: RDF.Term) => dated.get(s.value) ?? dated.set(s.value, {}).get(s.value)!;
  for (const [p, key] of [
    [`${SCHEMA}startDate`, 'start'],
    [`${SCHEMA}endDate`, 'end'],
  ] as const) {
    for (const q of factMatch(ds, null, namedNode(p), null)) {
      const d = /^\d{4}-\d{2}-\d{2}/.exec(q.object.value)?.[0];
      if (q.object.termType === 'Literal' && d && q.subject.termType === 'NamedNode') at(q.subject)[key] = d;
    }
  }
  for (const q of factMatch(ds, null, namedNode(`${ds.baseIri}def/forum#editionYear`), null)) {
    const y = /^\d{4}$/.exec(q.object.value)?.[0];
    if (y && q.subject.termType === 'NamedNode') at(q.subject).year = y;
  }
  let start: string | undefined;
  let end: string | undefined;
  // A year compares by its first day as a start and by its last day as an end; at a tie the exact date wins.
  const firstDay = (b: string) => (b.length === 4 ? `${b}-01-01` : b);
  const lastDay = (b: string) => (b.length === 4 ? `${b}-12-31` : b);
  for (const e of dated.values()) {
    const from = e.start ?? e.end ?? e.year;
    const to = e.end ?? e.start ?? e.year;
    if (!from || !to) continue;
    if (!start || firstDay(from) < firstDay(start) || (firstDay(from) === firstDay(start) && from.length > start.length)) start = from;
    if (!end || lastDay(to) > lastDay(end) || (lastDay(to) === lastDay(end) && to.length > end.length)) end = to;
  }
  return start && end ? { start, end } : undefined;
}

export interface NamedThing {
  iri: string;
  name: string;
}

/** The places where the record's events took place, then the places containing them (Dushanbe, then Tajikistan). */
export function spatialCoverage(ds: Dataset): NamedThing[] {
  return ds.memo('spatialCoverage', () => places(ds));
}

function places(ds: Dataset): NamedThing[] {
  const out: string[] = [];
  const add = (t: RDF.Term) => {
    if (t.termType === 'NamedNode' && !out.includes(t.value)) out.push(t.value);
  };
  for (const q of factMatch(ds, null, namedNode(`${SCHEMA}location`), null)) add(q.object);
  for (let i = 0; i < out.length; i++) {
    for (const q of factMatch(ds, namedNode(out[i]), namedNode(`${SCHEMA}containedInPlace`), null)) add(q.object);
  }
  return out.map((iri) => ({ iri, name: nameOf(ds, iri) })).filter((p): p is NamedThing => p.name !== undefined);
}

/**
 * Keywords: the labels of the concepts the record's things are about (`schema:about`, `dcterms:subject` and the
 * properties the ontology declares under them, such as `rf:mentionsTopic`), sorted; at most `max`.
 */
export function keywords(ds: Dataset, max = 50): string[] {
  return ds.memo(`keywords ${max}`, () => topicLabels(ds, max));
}

function topicLabels(ds: Dataset, max: number): string[] {
  const props = subPropertiesOf(ds, [`${SCHEMA}about`, `${DCT}subject`]);
  const concepts = new Set<string>();
  for (const p of props)
    for (const q of factMatch(ds, null, namedNode(p), null)) if (q.object.termType === 'NamedNode') concepts.add(q.object.value);
  const words = new Set<string>();
  for (const c of concepts) {
    const label = pickLiteral(factMatch(ds, namedNode(c), namedNode(`${SKOS}prefLabel`), null).map((q) => q.object));
    if (label) words.add(label);
  }
  return [...words].sort((a, b) => a.localeCompare(b, 'en')).slice(0, max);
}

/** Who made the record: the agents its named graphs are attributed to (`prov:wasAttributedTo`), with their names. */
export function creators(ds: Dataset): NamedThing[] {
  return ds.memo('creators', () => attributedAgents(ds));
}

function attributedAgents(ds: Dataset): NamedThing[] {
  const agents = new Set<string>();
  for (const g of ds.graphNames()) {
    for (const q of factMatch(ds, namedNode(g), namedNode(`${PROV}wasAttributedTo`), null)) {
      if (q.object.termType === 'NamedNode') agents.add(q.object.value);
    }
  }
  return [...agents]
    .sort()
    .map((iri) => ({ iri, name: nameOf(ds, iri) }))
    .filter((a): a is NamedThing => a.name !== undefined);
}

/** The named graphs the record gives a name (one name looked up per graph: kept per dataset, published with a version). */
export function namedGraphs(ds: Dataset): NamedThing[] {
  return ds.memo('namedGraphs', () =>
    ds
      .graphNames()
      .map((iri) => ({ iri, name: nameOf(ds, iri) }))
      .filter((x): x is NamedThing => x.name !== undefined),
  );
}

/** A thing's name as the record states it (outside the reading graphs): schema:name, skos:prefLabel, foaf:name, rdfs:label. */
export function nameOf(ds: Dataset, iri: string): string | undefined {
  for (const p of [`${SCHEMA}name`, `${SKOS}prefLabel`, `${FOAF}name`, `${RDFS}label`]) {
    const l = pickLiteral(factMatch(ds, namedNode(iri), namedNode(p), null).map((q) => q.object));
    if (l) return l;
  }
  return undefined;
}

/** English first, then untagged, then any. */
export function pickLiteral(terms: RDF.Term[]): string | undefined {
  const lits = terms.filter((o): o is RDF.Literal => o.termType === 'Literal');
  return (lits.find((x) => x.language === 'en') ?? lits.find((x) => !x.language) ?? lits[0])?.value;
}

/** `props` and every property the data declares under them with rdfs:subPropertyOf, transitively. */
export function subPropertiesOf(ds: Dataset, props: readonly string[]): string[] {
  const out = [...props];
  for (let i = 0; i < out.length; i++) {
    for (const q of ds.match(null, namedNode(`${RDFS}subPropertyOf`), namedNode(out[i]), null)) {
      if (q.subject.termType === 'NamedNode' && !out.includes(q.subject.value)) out.push(q.subject.value);
    }
  }
  return out;
}
