// Counts a dataset for its VoID description: triples, entities, class and property partitions, graphs, vocabularies.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { distinctSubjects, prepareSubjects, runSteps, runStepsYielding, STEP, unionTriples } from '../store/triples';
import { termKey } from '../rdf/termKey';

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
  /** Named graphs with their triple counts; the default graph has iri ''. */
  readonly graphs: readonly GraphCount[];
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
  await prepareSubjects(ds);
  const stats = await runStepsYielding(statsSteps(ds));
  return ds.memo('stats', () => stats);
}

function* statsSteps(ds: Dataset): Generator<void, DatasetStats> {
  const uriSpace = `${ds.baseIri}id/`;
  const subjects = distinctSubjects(ds);
  const objects = new Set<string>();
  const classMembers = new Map<string, Set<string>>();
  const props = new Map<string, { triples: number; subjects: Set<string>; objects: Set<string> }>();
  let triples = 0;
  for (const q of unionTriples(ds, subjects)) {
    if (++triples % STEP === 0) yield;
    const ok = termKey(q.object);
    objects.add(ok);
    const sk = termKey(q.subject);
    let p = props.get(q.predicate.value);
    if (!p) {
      p = { triples: 0, subjects: new Set(), objects: new Set() };
      props.set(q.predicate.value, p);
    }
    p.triples++;
    p.subjects.add(sk);
    p.objects.add(ok);
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
      let members = classMembers.get(q.object.value);
      if (!members) {
        members = new Set();
        classMembers.set(q.object.value, members);
      }
      members.add(sk);
    }
  }
  const byCountThenIri =
    <T extends { iri: string }>(count: (x: T) => number) =>
    (a: T, b: T) =>
      count(b) - count(a) || (a.iri < b.iri ? -1 : 1);
  const classes = [...classMembers].map(([iri, m]) => ({ iri, entities: m.size })).sort(byCountThenIri((c) => c.entities));
  const properties = [...props]
    .map(([iri, p]) => ({ iri, triples: p.triples, distinctSubjects: p.subjects.size, distinctObjects: p.objects.size }))
    .sort(byCountThenIri((p) => p.triples));
  const graphs: GraphCount[] = [];
  const inDefault = ds.store.countQuads(undefined, undefined, undefined, DataFactory.defaultGraph());
  if (inDefault) graphs.push({ iri: '', triples: inDefault });
  for (const g of ds.graphNames())
    graphs.push({ iri: g, triples: ds.store.countQuads(undefined, undefined, undefined, DataFactory.namedNode(g)) });
  const vocabularies = new Set<string>();
  for (const p of props.keys()) vocabularies.add(namespaceOf(p));
  for (const c of classMembers.keys()) vocabularies.add(namespaceOf(c));
  return Object.freeze({
    quads: ds.size,
    triples,
    entities: subjects.filter((s) => s.termType === 'NamedNode' && s.value.startsWith(uriSpace)).length,
    distinctSubjects: subjects.length,
    distinctObjects: objects.size,
    classes,
    properties,
    graphs,
    vocabularies: [...vocabularies].filter(Boolean).sort(),
    uriSpace,
  });
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
