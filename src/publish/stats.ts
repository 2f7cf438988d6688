// Counts a dataset for its VoID description: triples, entities, class and property partitions, graphs, vocabularies.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { runSteps, runStepsYielding, STEP } from '../store/triples';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export interface ClassPartition {
  readonly iri: string;
  readonly entities: number;
}
export interface PropertyPartition {
  readonly iri: string;
  readonly triples: number;
  readonly distinctSubjects: number;
  readonly distinctObjects: number;
}
export interface GraphCount {
  readonly iri: string;
  readonly triples: number;
}

export interface DatasetStats {
  /** Quads across all graphs (a triple stated in two graphs counts twice). */
  readonly quads: number;
  /** Distinct triples of the union graph: what the Turtle dump holds. */
  readonly triples: number;
  /** Distinct IRI subjects in the URI space (things the dataset is about). */
  readonly entities: number;
  readonly distinctSubjects: number;
  readonly distinctObjects: number;
  readonly classes: readonly ClassPartition[];
  readonly properties: readonly PropertyPartition[];
  /** Namespaces of every class and property used. */
  readonly vocabularies: readonly string[];
  readonly uriSpace: string;
}

/** The dataset's statistics, computed in one pass over the union graph and kept for the dataset's lifetime. */
export function datasetStats(ds: Dataset): DatasetStats {
  return ds.memo('stats', () => runSteps(statsSteps(ds)));
}

/** Computes the statistics a slice at a time (before a new version is swapped in), so serving never stalls on them. */
export async function prepareStats(ds: Dataset): Promise<DatasetStats> {
  const stats = await runStepsYielding(statsSteps(ds));
  return ds.memo('stats', () => stats);
}

function* statsSteps(ds: Dataset): Generator<void, DatasetStats> {
  const uriSpace = `${ds.baseIri}id/`;
  // One pass over the union graph by term ids (a term per id, so counting ids counts terms): no term is made but
  // the predicates' and classes' (the subjects' would stay in the store's cache: 185k terms at 1M quads).
  const store = ds.store;
  let subjects = 0;
  let entities = 0;
  const objects = new Set<number>();
  const members = new Map<number, Set<number>>();
  const byId = new Map<number, { triples: number; subjects: Set<number>; objects: Set<number> }>();
  const type = store.lookup(DataFactory.namedNode(RDF_TYPE)) ?? -1;
  let triples = 0;
  const visit = (s: number, p: number, o: number) => {
    triples++;
    objects.add(o);
    let counts = byId.get(p);
    if (!counts) {
      counts = { triples: 0, subjects: new Set(), objects: new Set() };
      byId.set(p, counts);
    }
    counts.triples++;
    counts.subjects.add(s);
    counts.objects.add(o);
    if (p === type) {
      let m = members.get(o);
      if (!m) {
        m = new Set();
        members.set(o, m);
      }
      m.add(s);
    }
    return true;
  };
  let since = 0;
  for (const subject of store.subjectIds()) {
    subjects++;
    // A key starting with the URI space is an IRI's (blank nodes' keys start with _:, triple terms' with <<).
    if (store.keyOf(subject).startsWith(uriSpace)) entities++;
    const before = triples;
    store.scan(subject, -1, -1, -1, visit, true);
    since += triples - before;
    if (since >= STEP) {
      since = 0;
      yield;
    }
  }
  const props = new Map([...byId].map(([p, counts]) => [store.termOf(p).value, counts]));
  const classMembers = new Map<string, Set<number>>();
  for (const [o, m] of members) {
    const c = store.termOf(o);
    if (c.termType === 'NamedNode') classMembers.set(c.value, m);
  }
  const byCountThenIri =
    <T extends { iri: string }>(count: (x: T) => number) =>
    (a: T, b: T) =>
      count(b) - count(a) || (a.iri < b.iri ? -1 : 1);
  const classes = [...classMembers].map(([iri, m]) => ({ iri, entities: m.size })).sort(byCountThenIri((c) => c.entities));
  const properties = [...props]
    .map(([iri, p]) => ({ iri, triples: p.triples, distinctSubjects: p.subjects.size, distinctObjects: p.objects.size }))
    .sort(byCountThenIri((p) => p.triples));
  const vocabularies = new Set<string>();
  for (const p of props.keys()) vocabularies.add(namespaceOf(p));
  for (const c of classMembers.keys()) vocabularies.add(namespaceOf(c));
  return Object.freeze({
    quads: ds.size,
    triples,
    entities,
    distinctSubjects: subjects,
    distinctObjects: objects.size,
    classes,
    properties,
    vocabularies: [...vocabularies].filter(Boolean).sort(),
    uriSpace,
  });
}

/**
 * The graphs with their triple counts, the default graph (iri '') first when it holds any. Apart from the other
 * statistics: they are one count per graph, which a store answers from its catalog (remote/versionReader.ts), and
 * their number grows with the data's (thousands of nanopublication graphs).
 */
export function graphCounts(ds: Dataset): readonly GraphCount[] {
  return ds.memo('graphCounts', () => {
    const graphs: GraphCount[] = [];
    const inDefault = ds.store.countQuads(undefined, undefined, undefined, DataFactory.defaultGraph());
    if (inDefault) graphs.push({ iri: '', triples: inDefault });
    for (const g of ds.graphNames())
      graphs.push({ iri: g, triples: ds.store.countQuads(undefined, undefined, undefined, DataFactory.namedNode(g)) });
    return graphs;
  });
}

/** The classes whose instances best show what the dataset is about, most telling first. */
export function preferredExampleClasses(base: string): string[] {
  return [
    `${base}def/forum#Forum`,
    `${base}def/forum#RoundTable`,
    `${base}def/forum#Finding`,
    'https://schema.org/Organization',
    `${base}def/forum#ParticipantGroup`,
    'https://schema.org/Place',
  ];
}

/** The namespace of a vocabulary term: up to and including its last '#' or '/'. */
export function namespaceOf(iri: string): string {
  const i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  return i < 0 ? '' : iri.slice(0, i + 1);
}

/**
 * A few resources that show what the dataset is about: instances of the preferred classes first,
 * then one of each of the most common classes, all in the URI space.
 */
export function exampleResources(ds: Dataset, preferredClasses: readonly string[] = [], max = 6): string[] {
  // Kept per dataset (and published with a version: versionSummary.ts): each class's members are read to pick one.
  return ds.memo(examplesKey(preferredClasses, max), () => pickExamples(ds, preferredClasses, max));
}

/** The memo key of exampleResources' answer for these arguments. */
export function examplesKey(preferredClasses: readonly string[] = [], max = 6): string {
  return `examples ${max} ${preferredClasses.join(' ')}`;
}

function pickExamples(ds: Dataset, preferredClasses: readonly string[], max: number): string[] {
  const uriSpace = `${ds.baseIri}id/`;
  const out: string[] = [];
  const classes = [
    ...preferredClasses,
    ...datasetStats(ds)
      .classes.map((c) => c.iri)
      .filter((c) => !preferredClasses.includes(c)),
  ];
  for (const c of classes) {
    const members = ds
      .match(null, DataFactory.namedNode(RDF_TYPE), DataFactory.namedNode(c), null)
      .map((q) => q.subject)
      .filter((s): s is RDF.NamedNode => s.termType === 'NamedNode' && s.value.startsWith(uriSpace))
      .map((s) => s.value)
      .filter((m) => !out.includes(m));
    // The most fully described member shows the most.
    const size = (iri: string) => ds.store.countQuads(DataFactory.namedNode(iri), undefined, undefined, undefined);
    const pick = members.sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1))[0];
    if (pick) out.push(pick);
    if (out.length >= max) break;
  }
  return out;
}
