// The version in service in the store, as a replica serves it: documents read pattern by pattern, the whole version only where still needed.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { LoadResult, RecordDataset, RecordInfo } from '../ingest/load';
import { parseNamedQuery, NamedQuery } from '../api/namedQueries';
import { Dataset } from '../store/dataset';
import { QuadStoreBuilder } from '../store/quadStore';
import { StoreClient } from './storeClient';
import { DEFAULT_GRAPH, readCatalog, readPayload, stagedGraph, VersionEntry, iriRef } from './catalog';
import { NeedsWholeVersion, VersionReader } from './versionReader';
import { rdfTerm } from './sparqlResults';
import { readGraphSizes, readListing, readPagePaths, readSummary, StoredSummary } from './summaryStore';
import { StoreFragments } from './fragmentQuery';

/** Versioned graphs read per query. */
const GRAPHS_PER_READ = 500;

/** Bytes of triple-pattern answers a replica keeps per version (see versionReader.ts). */
export const PATTERN_CACHE_BYTES = 64_000_000;

/**
 * One version in the store as a replica serves it: a shell dataset (its info, size and graph names, no triples),
 * documents made over what they read (`describing`), and the whole version read only for the surfaces that still need
 * it (`whole`), once, and then kept for the version.
 */
export class StoreVersion {
  readonly reader: VersionReader;
  /** Fragment pages as bounded queries, cached within the same bound as the patterns. */
  readonly fragments: StoreFragments;
  private wholeRead?: Promise<RecordDataset>;
  private held?: RecordDataset;
  private shellDataset?: RecordDataset;

  /** The sitemap's paths the publisher listed, read from the store a slice at a time (a version with a summary). */
  readonly pagePaths?: { readonly count: number; slice(from: number, to: number): Promise<string[]> };

  constructor(
    private readonly client: StoreClient,
    readonly entry: VersionEntry,
    readonly info: RecordInfo,
    cacheBytes = PATTERN_CACHE_BYTES,
    /** What was stored with the version beside its triples: its summary, its graphs' sizes (summaryStore.ts). */
    known: { summary?: StoredSummary; graphSizes?: ReadonlyMap<string, number> } = {},
  ) {
    const summary = known.summary;
    const listings = new Set((summary?.listings ?? []).map(([k]) => k));
    this.reader = new VersionReader(client, entry, info, cacheBytes, {
      memos: summary?.facts,
      graphSizes: known.graphSizes,
      listings: { has: (key) => listings.has(key), read: (key) => readListing(client, entry.version, summary!, key) },
    });
    this.fragments = new StoreFragments(client, entry.version, cacheBytes, known.graphSizes !== undefined);
    if (summary) {
      this.pagePaths = {
        count: summary.pagePaths,
        slice: (from, to) => readPagePaths(client, entry.version, summary, from, to),
      };
    }
  }

  /** True when the version came with its summary: the dataset-level surfaces are made without the whole version. */
  get summarised(): boolean {
    return this.pagePaths !== undefined;
  }

  /** The whole version when a surface has had it read, else the shell (what the memo of complete readings knows). */
  get dataset(): RecordDataset {
    return this.held ?? (this.shellDataset ??= this.reader.shell());
  }

  /** Computes, over what they read, the facts the shell must know (every page's Last-Modified); before the first `dataset`. */
  async warm(compute: (ds: RecordDataset) => void): Promise<void> {
    await this.reader.describing(async (ds) => compute(ds));
    this.shellDataset = undefined;
  }

  /** True once the whole version is held by this process. */
  get holdsWhole(): boolean {
    return this.held !== undefined;
  }

  /** Runs `render` over what it reads of the version; over the whole version when it needs that or holds it already. */
  async describing<T>(
    render: (ds: RecordDataset) => Promise<T>,
    needs: { hashNamespaces?: boolean; stored?: readonly string[] } = {},
  ): Promise<T> {
    if (this.held) return render(this.held);
    try {
      return await this.reader.describing(render, needs);
    } catch (e) {
      if (!(e instanceof NeedsWholeVersion)) throw e;
      return render(await this.whole());
    }
  }

  /** The whole version, read from the store once and kept (the surfaces not yet made from the store: docs/store.md). */
  whole(): Promise<RecordDataset> {
    this.wholeRead ??= readWholeVersion(this.client, this.entry, this.info).then(
      (ds) => {
        this.held = ds;
        return ds;
      },
      (e: Error) => {
        this.wholeRead = undefined;
        throw e;
      },
    );
    return this.wholeRead;
  }
}

/**
 * The version the store's pointer names, without reading its triples: the catalog entry and the payload (contexts,
 * sources, named queries). `expect`: the base this server publishes under; a version published for another base is
 * refused rather than served with wrong links.
 */
export async function loadFromStore(
  client: StoreClient,
  expect: { baseIri: string; cacheBytes?: number },
): Promise<LoadResult & { version?: StoreVersion }> {
  let catalog: Awaited<ReturnType<typeof readCatalog>>;
  try {
    catalog = await readCatalog(client);
  } catch (e) {
    return { ok: false, problems: [{ severity: 'violation', message: `the store cannot be read: ${(e as Error).message}` }] };
  }
  const entry = catalog.versions.find((v) => v.version === catalog.current);
  if (!entry) {
    return {
      ok: false,
      problems: [
        { severity: 'violation', message: `the store at ${client.where} holds no published version: run forum-ld publish --store first` },
      ],
    };
  }
  if (entry.base !== expect.baseIri) {
    return {
      ok: false,
      problems: [
        {
          severity: 'violation',
          message: `version ${entry.version} in the store was published for the base <${entry.base}>, not <${expect.baseIri}>: serve it with --base ${entry.base}`,
        },
      ],
    };
  }
  const payload = await readPayload(client, entry.version);
  const namedQueries: NamedQuery[] = [];
  for (const f of payload.queries) {
    const r = parseNamedQuery(f.file, f.text, entry.base);
    if (r.query) namedQueries.push(r.query);
  }
  const info: RecordInfo = {
    baseIri: entry.base,
    files: payload.files,
    contexts: new Map(Object.entries(payload.contexts)),
    sources: new Map(Object.entries(payload.sources)),
    version: entry.version,
    loadedAt: entry.loadedAt,
    namedQueries,
  };
  // The summary and the graph sizes the publisher stored (none from a publisher that stored none: then read whole).
  const summary = await readSummary(client, entry.version);
  const graphSizes = await readGraphSizes(client, entry.version, entry.graphs);
  const version = new StoreVersion(client, entry, info, expect.cacheBytes, { summary, graphSizes });
  return { ok: true, dataset: version.dataset, problems: [], version };
}

/**
 * Every quad of a version, into this process: each of its versioned graphs read with one SELECT (blank nodes keep the
 * store's identities). Refused when the size read back differs from the catalog's (a store's row limit cut an answer).
 */
export async function readWholeVersion(client: StoreClient, entry: VersionEntry, info: RecordInfo): Promise<RecordDataset> {
  const builder = new QuadStoreBuilder();
  // Graphs in groups (thousands of small nanopublication graphs would be thousands of requests); the store's blank
  // node identities hold across requests (Virtuoso: nodeID://…), so a node split over two answers stays one node.
  const staged = new Map(entry.graphs.map((g) => [stagedGraph(entry.version, g), g]));
  const names = [...staged.keys()];
  for (let i = 0; i < names.length; i += GRAPHS_PER_READ) {
    const group = names.slice(i, i + GRAPHS_PER_READ);
    const res = await client.select(`SELECT ?g ?s ?p ?o WHERE { VALUES ?g { ${group.map(iriRef).join(' ')} } GRAPH ?g { ?s ?p ?o } }`);
    for (const row of res.results?.bindings ?? []) {
      const g = staged.get(row.g.value)!;
      const graph: RDF.Quad_Graph = g === DEFAULT_GRAPH ? DataFactory.defaultGraph() : DataFactory.namedNode(g);
      builder.add(
        DataFactory.quad(
          rdfTerm(row.s) as RDF.Quad_Subject,
          rdfTerm(row.p) as RDF.Quad_Predicate,
          rdfTerm(row.o) as RDF.Quad_Object,
          graph,
        ),
      );
    }
  }
  const dataset: RecordDataset = new Dataset<RecordInfo>(builder.build(), info);
  if (dataset.size !== entry.quads)
    throw new Error(`version ${entry.version}: the store gave ${dataset.size} quads, the catalog says ${entry.quads}`);
  return dataset;
}
