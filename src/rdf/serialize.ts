// Writes quads in any supported RDF format: in memory, Turtle and the line formats through N3.js, JSON-LD and RDF/XML by their own writers.
import { DataFactory } from 'n3';
import { iriParts, PrefixedWriter } from './prefixedWriter';
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import { Format } from './formats';
import { rdfXmlChunks } from './rdfxml';

export interface SerializeOptions {
  prefixes?: Record<string, string>;
  /** JSON-LD: the context object to compact with, and the IRI to name it by in the output. */
  context?: { object: Record<string, unknown>; url?: string };
  /** RDF/XML: base used only for relative output; absolute IRIs are written by default. */
  baseIri?: string;
}

const N3_FORMATS: Record<string, string> = { ttl: 'Turtle', trig: 'TriG', nt: 'N-Triples', nq: 'N-Quads' };

/** Triple formats cannot hold graph names: quads are written into the default graph. */
function forFormat(quads: Iterable<RDF.Quad>, format: Format): Iterable<RDF.Quad> {
  if (format.kind === 'dataset') return quads;
  return (function* () {
    for (const q of quads) yield q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object);
  })();
}

/** Serialises a small set of quads (a resource's document) into a string. */
export async function serializeQuads(quads: Iterable<RDF.Quad>, format: Format, opts: SerializeOptions = {}): Promise<string> {
  if (N3_FORMATS[format.name]) {
    const lineBased = format.name === 'nt' || format.name === 'nq';
    const list = groupBySubject([...forFormat(quads, format)]);
    const writer = new PrefixedWriter({
      format: N3_FORMATS[format.name],
      prefixes: lineBased ? undefined : usedPrefixes(list, opts.prefixes),
    });
    for (const q of list) writer.addQuad(q);
    return new Promise((resolve, reject) => writer.end((err, out) => (err ? reject(err) : resolve(out))));
  }
  if (format.name === 'jsonld') return `${JSON.stringify(await toJsonLd(quads, opts), null, 2)}\n`;
  if (format.name === 'rdf') return toRdfXml(forFormat(quads, format), opts);
  throw new Error(`${format.label} is not an RDF serialisation`);
}

/** Quads of one graph and subject together, in order of first appearance, so Turtle and TriG state each subject once. */
function groupBySubject(quads: RDF.Quad[]): RDF.Quad[] {
  // A description of one resource (a DESCRIBE of one IRI) is one group already.
  const first = quads[0];
  let i = 1;
  while (i < quads.length && quads[i].subject.equals(first.subject) && quads[i].graph.equals(first.graph)) i++;
  if (i >= quads.length) return quads;
  const groups = new Map<string, RDF.Quad[]>();
  for (const q of quads) {
    const k = `${q.graph.value}\u0000${q.subject.termType}${q.subject.value}`;
    const g = groups.get(k);
    if (g) g.push(q);
    else groups.set(k, [q]);
  }
  return ([] as RDF.Quad[]).concat(...groups.values());
}

/** Which prefixes of a table an IRI takes: their names, and a bit per table entry (tables of up to 31 entries). */
interface Covering {
  names: readonly string[];
  mask: number;
}

/** A prefix table, and the prefixes each IRI takes, worked out once per table and IRI. */
interface PrefixTable {
  entries: Array<[string, string]>;
  atStem: Array<[string, string]>;
  others: Array<[string, string]>;
  byStem: Map<string, readonly string[]>;
  byIri: Map<string, Covering>;
  /** The used prefixes as one object per set of them (by mask), so a writer can keep what it derives from it. */
  byMask: Map<number, Record<string, string>>;
}
const tables = new WeakMap<Record<string, string>, PrefixTable>();
const MAX_STEMS = 50_000;
const MASKED = 31;

function tableOf(prefixes: Record<string, string>): PrefixTable {
  let t = tables.get(prefixes);
  if (!t) {
    const entries = Object.entries(prefixes);
    t = {
      entries,
      atStem: entries.filter(([, ns]) => ns.endsWith('/') || ns.endsWith('#')),
      others: entries.filter(([, ns]) => !ns.endsWith('/') && !ns.endsWith('#')),
      byStem: new Map(),
      byIri: new Map(),
      byMask: new Map(),
    };
    tables.set(prefixes, t);
  }
  return t;
}

/**
 * The prefixes whose namespace an IRI starts with. A namespace ending in `/` or `#` covers an IRI exactly when it
 * covers the IRI's stem (up to its last `/` or `#`), so stems are worked out once too.
 */
function covering(t: PrefixTable, iri: string): Covering {
  let found = t.byIri.get(iri);
  if (found) return found;
  const { stem } = iriParts(iri);
  let atStem = t.byStem.get(stem);
  if (!atStem) {
    atStem = t.atStem.filter(([, ns]) => stem.startsWith(ns)).map(([p]) => p);
    if (t.byStem.size >= MAX_STEMS) t.byStem.clear();
    t.byStem.set(stem, atStem);
  }
  const others = t.others.filter(([, ns]) => iri.startsWith(ns)).map(([p]) => p);
  const names = others.length ? [...atStem, ...others] : atStem;
  let mask = 0;
  if (t.entries.length <= MASKED) for (let i = 0; i < t.entries.length; i++) if (names.includes(t.entries[i][0])) mask |= 1 << i;
  found = { names, mask };
  if (t.byIri.size >= MAX_STEMS) t.byIri.clear();
  t.byIri.set(iri, found);
  return found;
}

/**
 * Only the prefixes some IRI in the quads starts with, so documents do not list unused ones. Which ones an IRI takes
 * is kept per prefix table (the service's is one object for every answer): one lookup per term.
 */
function usedPrefixes(quads: readonly RDF.Quad[], prefixes: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!prefixes) return undefined;
  const table = tableOf(prefixes);
  const iriOf = (t: RDF.Term) =>
    t.termType === 'NamedNode' ? t.value : t.termType === 'Literal' ? (t as RDF.Literal).datatype.value : undefined;
  if (table.entries.length <= MASKED) {
    let mask = 0;
    for (const q of quads) {
      for (const t of [q.subject, q.predicate, q.object, q.graph]) {
        const v = iriOf(t);
        if (v) mask |= covering(table, v).mask;
      }
    }
    let out = table.byMask.get(mask);
    if (!out) {
      out = Object.fromEntries(table.entries.filter((_, i) => mask & (1 << i)));
      if (table.byMask.size >= MAX_STEMS) table.byMask.clear();
      table.byMask.set(mask, out);
    }
    return out;
  }
  const used = new Set<string>();
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.graph]) {
      const v = iriOf(t);
      if (v) for (const p of covering(table, v).names) used.add(p);
    }
  }
  return Object.fromEntries(table.entries.filter(([p]) => used.has(p)));
}

/** Expands quads to JSON-LD and, given a context, compacts them so keys are readable. */
export async function toJsonLd(quads: Iterable<RDF.Quad>, opts: SerializeOptions = {}): Promise<Record<string, unknown>> {
  const nquads = await serializeQuads(quads, {
    name: 'nq',
    mediaType: 'application/n-quads',
    extensions: ['nq'],
    kind: 'dataset',
    label: 'N-Quads',
  });
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads', useNativeTypes: false });
  if (!opts.context) return { '@graph': expanded };
  const compacted = await jsonld.compact(expanded, opts.context.object as jsonld.ContextDefinition, {
    documentLoader: (async (url: string) => {
      throw new Error(`no remote context ${url}`);
    }) as never,
  });
  if (opts.context.url) compacted['@context'] = opts.context.url;
  return compacted as Record<string, unknown>;
}

function toRdfXml(quads: Iterable<RDF.Quad>, opts: SerializeOptions): string {
  const sorted = [...quads].sort((a, b) => (a.subject.value < b.subject.value ? -1 : a.subject.value > b.subject.value ? 1 : 0));
  return [...rdfXmlChunks(sorted, opts.prefixes)].join('');
}
