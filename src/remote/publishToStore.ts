// Loads a checked version into the store under versioned graph names, then moves the pointer (and the served graphs) in one update.
import { createHash } from 'node:crypto';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Writer as N3Writer } from 'n3';
import type { RecordDataset } from '../ingest/load';
import { StoreClient } from './storeClient';
import { RequestPool } from './requestPool';
import { switchVersion } from './switchVersion';
import { readSummary, summaryGraph, VersionSummary, writeSummary } from './summaryStore';
import {
  CATALOG_GRAPH,
  DEFAULT_GRAPH,
  FL,
  iriRef,
  literal,
  payloadPartIri,
  payloadParts,
  readCatalog,
  stagedGraph,
  UNION_GRAPH,
  VersionEntry,
  VersionPayload,
  versionIri,
} from './catalog';

export interface PublishReport {
  version: string;
  quads: number;
  graphs: number;
  /** False when the store already held this version whole: only the pointer moved. */
  uploaded: boolean;
  uploadMs: number;
  switchMs: number;
  /** Versions whose graphs were removed (past --keep). */
  pruned: string[];
}

/** Catalog triples per INSERT DATA request. */
const CATALOG_LINES = 1500;
/** Graphs copied into the union graph per request. */
const UNION_GROUP = 200;
/** Triples per INSERT DATA request of small graphs; a graph this large or larger goes alone, by a Graph Store Protocol PUT. */
const BATCH_TRIPLES = 10_000;
/** Upload requests in flight at once (`publish --parallel`). */
export const DEFAULT_PARALLEL = 4;
/** Lines of N-Triples per chunk of a graph's upload body. */
const LINES_PER_CHUNK = 20_000;

/**
 * Publishes a loaded, checked dataset: each graph is PUT (Graph Store Protocol) into its versioned name, the version's
 * catalog entry is written last (so a version is complete or absent), then one SPARQL Update request replaces the
 * served graphs and moves the pointer. Readers of the store see the old version or the new one, never half of either.
 */
export async function publishToStore(
  client: StoreClient,
  dataset: RecordDataset,
  payload: VersionPayload,
  opts: {
    keep?: number;
    parallel?: number;
    listed?: number;
    log?: (message: string) => void;
    /** Made only when it is written (a version the store holds with its summary needs none). */
    summary?: () => VersionSummary;
  } = {},
): Promise<PublishReport> {
  const log = opts.log ?? (() => undefined);
  const version = dataset.info.version;
  const catalog = await readCatalog(client);
  const known = catalog.versions.find((v) => v.version === version);
  const t0 = Date.now();
  const graphs = recordGraphs(dataset);
  if (!known) {
    // A half-written earlier attempt of this version is overwritten graph by graph (PUT replaces).
    await client.update(forgetEntry(version));
    // Large graphs one PUT each; small ones (nanopublications: thousands of graphs of a few triples) together, whole
    // graphs per INSERT DATA request. Never a graph split over requests: a blank node is one node only within one.
    // The requests go `parallel` at a time: each is its own transaction in the store, and none is visible to readers
    // before the switch, so their order does not matter; most of a request's time is the store's, not ours.
    // Virtuoso registers each language tag and datatype it has not seen in a table of its own, and uploads that
    // register the same one at once collide: one fails (SR197), or its literals lose their tag. So one request
    // registers them all before the uploads run in parallel.
    await registerLiteralKinds(client, version, dataset);
    const pool = new RequestPool(opts.parallel ?? DEFAULT_PARALLEL);
    let batch: string[] = [];
    let batched = 0;
    const flush = async () => {
      if (batch.length) {
        const body = `INSERT DATA {\n${batch.join('\n')}\n}`;
        await pool.run(() => client.update(body));
      }
      batch = [];
      batched = 0;
    };
    const digests = new Map<string, string>();
    for (const g of graphs) {
      const target = stagedGraph(version, g.name);
      const { lines, blank } = ntriplesLines(dataset, g.term);
      if (!blank) digests.set(g.name, graphDigest(lines));
      // Virtuoso refuses blank nodes in INSERT DATA (SPARQL 1.1 allows them): graphs with any go by PUT too.
      if (g.count >= BATCH_TRIPLES || blank) {
        if (g.count >= BATCH_TRIPLES) log(`loading graph <${g.name}> (${g.count} triples) into <${target}>`);
        // One body with its length: Virtuoso does not read chunked request bodies.
        const body = Buffer.concat(chunked(lines).map((c) => Buffer.from(c, 'utf8')));
        await pool.run(() => client.putGraph(target, body));
        continue;
      }
      if (batched + g.count > BATCH_TRIPLES) await flush();
      batch.push(`GRAPH ${iriRef(target)} {\n${lines.join('')}}`);
      batched += g.count;
    }
    await flush();
    await pool.drain();
    log(`loaded ${graphs.length} graphs in ${Date.now() - t0} ms`);
    // The union, each triple once (a graph is a set), built in the store so its blank nodes are the graphs' own;
    // in groups of graphs (Virtuoso turns VALUES into an IN () with a bounded number of arguments). Not visible to
    // readers before the switch, so several requests are fine.
    const union = iriRef(stagedGraph(version, UNION_GRAPH));
    await client.update(`DROP SILENT GRAPH ${union}`);
    for (let k = 0; k < graphs.length; k += UNION_GROUP) {
      const staged = graphs
        .slice(k, k + UNION_GROUP)
        .map((g) => iriRef(stagedGraph(version, g.name)))
        .join(' ');
      await client.update(`INSERT { GRAPH ${union} { ?s ?p ?o } } WHERE { VALUES ?g { ${staged} } GRAPH ?g { ?s ?p ?o } }`);
    }
    log(`built the union graph: ${Date.now() - t0} ms since the start`);
    const v = iriRef(versionIri(version));
    const entry = [
      `${v} a ${iriRef(FL.Version)}`,
      `${iriRef(FL.base)} ${literal(dataset.baseIri)}`,
      `${iriRef(FL.loadedAt)} ${literal(dataset.info.loadedAt.toISOString())}^^<http://www.w3.org/2001/XMLSchema#dateTime>`,
      `${iriRef(FL.quads)} ${dataset.size}`,
    ].join(' ;\n  ');
    await client.update(`INSERT DATA { GRAPH ${iriRef(CATALOG_GRAPH)} { ${entry} . } }`);
    // The payload in parts, one request each: at a million triples its sources alone are 10 MB, which Virtuoso
    // refuses as one literal (SR578) and takes minutes over as a few large ones.
    const parts = payloadParts(payload);
    for (let k = 0; k < parts.length; k++) {
      const part = iriRef(payloadPartIri(version, k));
      await client.update(
        `INSERT DATA { GRAPH ${iriRef(CATALOG_GRAPH)} { ${v} ${iriRef(FL.payloadPart)} ${part} . ${part} ${iriRef(FL.index)} ${k} ; ${iriRef(FL.text)} ${literal(parts[k])} . } }`,
      );
    }
    // The graph lists in requests of bounded size: Virtuoso's parser runs out of memory on one of thousands of triples.
    const lines = graphs.flatMap((g) => {
      const staged = iriRef(stagedGraph(version, g.name));
      return [
        `${v} ${iriRef(FL.graph)} ${iriRef(g.name)} .`,
        `${v} ${iriRef(FL.staged)} ${staged} .`,
        `${staged} ${iriRef(FL.copyOf)} ${iriRef(g.name)} .`,
        `${staged} ${iriRef(FL.triples)} ${g.count} .`,
        ...(digests.has(g.name) ? [`${staged} ${iriRef(FL.digest)} ${literal(digests.get(g.name)!)} .`] : []),
      ];
    });
    for (let k = 0; k < lines.length; k += CATALOG_LINES)
      await client.update(`INSERT DATA { GRAPH ${iriRef(CATALOG_GRAPH)} {\n${lines.slice(k, k + CATALOG_LINES).join('\n')}\n} }`);
    if (opts.summary) await writeSummary(client, version, opts.summary(), opts);
    // Marked complete only once everything above is in: readers ignore entries without it.
    await client.update(`INSERT DATA { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(versionIri(version))} ${iriRef(FL.complete)} true } }`);
  } else {
    log(`the store already holds version ${version}: only the pointer moves`);
    // Loaded by a forum-ld that stored no summary (its replicas would read it whole for the dataset-level surfaces),
    // or one without the pages' listings (they would read every listed thing's name by triple patterns).
    if (opts.summary && !(await readSummary(client, version))?.listings) await writeSummary(client, version, opts.summary(), opts);
  }
  const uploadMs = Date.now() - t0;
  const t1 = Date.now();
  const current = catalog.versions.find((v) => v.version === catalog.current);
  const switched = await switchVersion(client, { version, graphs: graphs.map((g) => g.name) }, current, opts);
  log(
    `switched: ${switched.first ? `first version, ${switched.moved} graphs copied before the pointer moved` : `${switched.moved} of ${graphs.length} graphs moved`}`,
  );
  const switchMs = Date.now() - t1;
  const pruned = await prune(client, version, current?.version, opts.keep ?? 3);
  return { version, quads: dataset.size, graphs: graphs.length, uploaded: !known, uploadMs, switchMs, pruned };
}

/** Puts a version the store already holds back in service (`forum-ld publish --restore`): the same switch. */
export async function restoreVersion(client: StoreClient, wanted: string, opts: { listed?: number } = {}): Promise<VersionEntry> {
  const catalog = await readCatalog(client);
  const current = catalog.versions.find((v) => v.version === catalog.current);
  const target =
    wanted === 'previous'
      ? catalog.versions.find((v) => v.version !== catalog.current)
      : catalog.versions.find((v) => v.version === wanted || (wanted.length >= 6 && v.version.startsWith(wanted)));
  if (!target) {
    const held = catalog.versions.map((v) => `${v.version} (${v.loadedAt.toISOString()})`).join(', ') || 'none';
    throw new Error(`the store holds no version "${wanted}" to restore; it holds: ${held}`);
  }
  await switchVersion(client, target, current, opts);
  return target;
}

/** Removes the graphs and entries of versions past the newest `keep` (never the one in service or the one before it). */
async function prune(client: StoreClient, serving: string, previous: string | undefined, keep: number): Promise<string[]> {
  const { versions } = await readCatalog(client);
  const kept = new Set([serving, ...(previous ? [previous] : [])]);
  for (const v of versions) if (kept.size < Math.max(keep, kept.size)) kept.add(v.version);
  const gone = versions.filter((v) => !kept.has(v.version));
  for (const v of gone) {
    // Driven by the catalog, not one DROP per graph: thousands of graphs overrun Virtuoso's limit on a request.
    const cat = iriRef(CATALOG_GRAPH);
    const ops = [
      `DELETE { GRAPH ?sg { ?s ?p ?o } } WHERE { GRAPH ${cat} { ${iriRef(versionIri(v.version))} ${iriRef(FL.staged)} ?sg } GRAPH ?sg { ?s ?p ?o } }`,
      `DROP SILENT GRAPH ${iriRef(stagedGraph(v.version, UNION_GRAPH))}`,
      `DROP SILENT GRAPH ${iriRef(summaryGraph(v.version))}`,
    ];
    ops.push(`DELETE WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(versionIri(v.version))} ${iriRef(FL.staged)} ?sg . ?sg ?p ?o } }`);
    ops.push(forgetEntry(v.version));
    await client.update(ops.join(' ;\n'));
  }
  return gone.map((v) => v.version);
}

interface RecordGraph {
  name: string;
  term: RDF.NamedNode | RDF.DefaultGraph;
  count: number;
}

/** The record's graphs: each named graph, and the default graph (under DEFAULT_GRAPH) when it holds triples. */
function recordGraphs(dataset: RecordDataset): RecordGraph[] {
  const out: RecordGraph[] = [];
  const dg = DataFactory.defaultGraph();
  const inDefault = dataset.store.countQuads(undefined, undefined, undefined, dg);
  if (inDefault > 0) out.push({ name: DEFAULT_GRAPH, term: dg, count: inDefault });
  for (const name of dataset.graphNames()) {
    const term = DataFactory.namedNode(name);
    out.push({ name, term, count: dataset.store.countQuads(undefined, undefined, undefined, term) });
  }
  return out;
}

/** One graph as N-Triples lines, and whether it holds blank nodes (which a digest cannot compare across versions). */
function ntriplesLines(dataset: RecordDataset, graph: RDF.NamedNode | RDF.DefaultGraph): { lines: string[]; blank: boolean } {
  const writer = new N3Writer({ format: 'N-Triples' });
  const lines: string[] = [];
  let blank = false;
  for (const q of dataset.store.readQuads(undefined, undefined, undefined, graph) as Iterable<RDF.Quad>) {
    if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode') blank = true;
    lines.push(writer.quadToString(q.subject, q.predicate, q.object));
  }
  return { lines, blank };
}

/** One literal of each language tag and datatype the version uses, written into a scratch graph that is dropped at once. */
async function registerLiteralKinds(client: StoreClient, version: string, dataset: RecordDataset): Promise<void> {
  const kinds = new Map<string, RDF.Literal>();
  for (const [o] of dataset.store.readDistinctTerms(['object'])) {
    if (o.termType !== 'Literal') continue;
    const key = o.language ? `@${o.language}` : o.datatype.value;
    if (!kinds.has(key)) kinds.set(key, o as RDF.Literal);
  }
  if (!kinds.size) return;
  const scratch = DataFactory.namedNode(`${versionIri(version)}:literal-kinds`);
  const writer = new N3Writer({ format: 'N-Triples' });
  const lines = [...kinds.values()].map((o) => writer.quadToString(scratch, scratch, o)).join('');
  await client.update(`INSERT DATA { GRAPH ${iriRef(scratch.value)} {\n${lines}} } ;\nDROP SILENT GRAPH ${iriRef(scratch.value)}`);
}

/** The lines joined in chunks (no single string of a whole large graph, which could pass V8's string length limit). */
function chunked(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < lines.length; k += LINES_PER_CHUNK) out.push(lines.slice(k, k + LINES_PER_CHUNK).join(''));
  return out;
}

/** SHA-256 of a graph without blank nodes, over its sorted lines: the same triples give the same digest in any version. */
function graphDigest(lines: readonly string[]): string {
  const hash = createHash('sha256');
  for (const l of [...lines].sort()) hash.update(l);
  return hash.digest('hex');
}

/** What the store keeps of a version beside its triples; `queryFiles`: the named queries' files as read (loadNamedQueries). */
export function versionPayload(dataset: RecordDataset, queryFiles: ReadonlyArray<{ file: string; text: string }>): VersionPayload {
  return {
    files: [...dataset.info.files],
    contexts: Object.fromEntries(dataset.info.contexts),
    sources: Object.fromEntries(dataset.info.sources),
    queries: queryFiles.map((f) => ({ file: f.file.split(/[\\/]/).pop()!, text: f.text })),
  };
}

/** Removes a version's catalog entry: its payload parts, then the entry itself. */
function forgetEntry(version: string): string {
  const cat = iriRef(CATALOG_GRAPH);
  const v = iriRef(versionIri(version));
  return `DELETE WHERE { GRAPH ${cat} { ${v} ${iriRef(FL.payloadPart)} ?part . ?part ?p ?o } } ;\nDELETE WHERE { GRAPH ${cat} { ${v} ?p ?o } }`;
}
