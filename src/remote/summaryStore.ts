// A version's summary in the store: the dataset-level facts on its catalog entry, the sitemap's paths and the pages' listings in chunks of a graph of its own.
import { StoreClient } from './storeClient';
import { RequestPool } from './requestPool';
import { CATALOG_GRAPH, FL, iriRef, literal, textParts, versionIri } from './catalog';

/**
 * What `forum-ld publish --store` computes over the whole version for the replicas (publish/versionSummary.ts makes
 * it): the facts are memo entries, plain JSON this layer does not look into.
 */
export interface VersionSummary {
  facts: Array<[string, unknown]>;
  /** Memo entries that grow with the record (the pages' listings), stored apart and read only when a page asks. */
  listings: Array<[string, unknown]>;
  pagePaths: readonly string[];
}

/** The summary as a replica reads it at load: the facts, and the sitemap's size and chunking (its paths stay in the store). */
export interface StoredSummary {
  facts: Array<[string, unknown]>;
  pagePaths: number;
  chunk: number;
  /** Each listing's memo key and the number of parts its JSON text was cut in (absent: published without them). */
  listings?: Array<[string, number]>;
}

/** Sitemap paths per stored chunk: a file of the sitemap (50,000 paths) is 25 chunks, read with one query. */
export const PATHS_PER_CHUNK = 2000;
/** Chunks per INSERT DATA request (a few hundred kB). */
const CHUNKS_PER_REQUEST = 5;
/** Characters of a listing's JSON text per part (a part is one literal, one request). */
const LISTING_PART = 128 * 1024;

/** The graph holding a version's sitemap chunks (outside the prefix of its record graphs, dropped with the version). */
export function summaryGraph(version: string): string {
  return `${versionIri(version)}:summary`;
}

/**
 * Writes a version's summary: the chunks of the sitemap first, then the facts on the catalog entry, which is what
 * a replica looks for; `chunk`: paths per chunk (tests make it small).
 */
export async function writeSummary(
  client: StoreClient,
  version: string,
  summary: VersionSummary,
  opts: { parallel?: number; chunk?: number } = {},
): Promise<void> {
  const graph = iriRef(summaryGraph(version));
  const chunk = opts.chunk ?? PATHS_PER_CHUNK;
  await client.update(`DROP SILENT GRAPH ${graph}`);
  await client.update(`DELETE WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(versionIri(version))} ${iriRef(FL.summary)} ?s } }`);
  const pool = new RequestPool(opts.parallel ?? 4);
  const paths = summary.pagePaths;
  let lines: string[] = [];
  const flush = async () => {
    const body = `INSERT DATA { GRAPH ${graph} {\n${lines.join('\n')}\n} }`;
    lines = [];
    await pool.run(() => client.update(body));
  };
  for (let i = 0; i * chunk < paths.length; i++) {
    const slice = paths.slice(i * chunk, (i + 1) * chunk);
    lines.push(
      `${iriRef(`${summaryGraph(version)}:${i}`)} ${iriRef(FL.index)} ${i} ; ${iriRef(FL.paths)} ${literal(JSON.stringify(slice))} .`,
    );
    if (lines.length >= CHUNKS_PER_REQUEST) await flush();
  }
  if (lines.length) await flush();
  const listings: Array<[string, number]> = [];
  for (const [n, [key, value]] of summary.listings.entries()) {
    const parts = textParts(JSON.stringify(value) ?? 'null', LISTING_PART);
    listings.push([key, parts.length]);
    for (const [i, text] of parts.entries()) {
      const body = `INSERT DATA { GRAPH ${graph} { ${iriRef(listingPart(version, n, i))} ${iriRef(FL.text)} ${literal(text)} } }`;
      await pool.run(() => client.update(body));
    }
  }
  await pool.drain();
  const head: StoredSummary = { facts: summary.facts, pagePaths: paths.length, chunk, listings };
  await client.update(
    `INSERT DATA { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(versionIri(version))} ${iriRef(FL.summary)} ${literal(JSON.stringify(head))} } }`,
  );
}

/** The subject of part `i` of the version's `n`th listing (in the summary's graph). */
function listingPart(version: string, n: number, i: number): string {
  return `${summaryGraph(version)}:listing:${n}:${i}`;
}

/**
 * The value of one of the listings stored with the summary, its parts read with one query, with the length of its
 * JSON text (what a cache counts); undefined when the version has none under that key.
 */
export async function readListing(
  client: StoreClient,
  version: string,
  summary: Pick<StoredSummary, 'listings'>,
  key: string,
): Promise<{ value: unknown; chars: number } | undefined> {
  const n = (summary.listings ?? []).findIndex(([k]) => k === key);
  if (n < 0) return undefined;
  const count = summary.listings![n][1];
  const subjects = Array.from({ length: count }, (_, i) => iriRef(listingPart(version, n, i)));
  const res = await client.select(
    `SELECT ?c ?t WHERE { VALUES ?c { ${subjects.join(' ')} } GRAPH ${iriRef(summaryGraph(version))} { ?c ${iriRef(FL.text)} ?t } }`,
  );
  const parts = new Map((res.results?.bindings ?? []).map((row) => [row.c.value, row.t.value]));
  let text = '';
  for (let i = 0; i < count; i++) {
    const part = parts.get(listingPart(version, n, i));
    if (part === undefined) throw new Error(`version ${version}: the store holds no part ${i} of the listing "${key}"`);
    text += part;
  }
  return { value: JSON.parse(text), chars: text.length };
}

/** A version's summary, or undefined when it was published without one. */
export async function readSummary(client: StoreClient, version: string): Promise<StoredSummary | undefined> {
  const res = await client.select(
    `SELECT ?s WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(versionIri(version))} ${iriRef(FL.summary)} ?s } }`,
  );
  const text = res.results?.bindings[0]?.s?.value;
  if (!text) return undefined;
  const stored = JSON.parse(text) as StoredSummary;
  // JSON has no undefined: a fact computed as undefined comes back as null.
  return { ...stored, facts: stored.facts.map(([k, v]) => [k, v === null ? undefined : v]) };
}

/**
 * Triples per record graph (DEFAULT_GRAPH for the default graph), from the catalog; undefined when the version's
 * entry does not give every graph's count (published before they were recorded).
 */
export async function readGraphSizes(
  client: StoreClient,
  version: string,
  graphs: readonly string[],
): Promise<Map<string, number> | undefined> {
  const res = await client.select(
    `SELECT ?g ?n WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(versionIri(version))} ${iriRef(FL.staged)} ?s . ?s ${iriRef(FL.copyOf)} ?g ; ${iriRef(FL.triples)} ?n } }`,
  );
  const sizes = new Map((res.results?.bindings ?? []).map((row) => [row.g.value, Number(row.n.value)]));
  return graphs.every((g) => sizes.has(g)) ? sizes : undefined;
}

/** The sitemap's paths `from` (inclusive) to `to` (exclusive): the chunks holding them, with one query. */
export async function readPagePaths(
  client: StoreClient,
  version: string,
  summary: Pick<StoredSummary, 'pagePaths' | 'chunk'>,
  from: number,
  to: number,
): Promise<string[]> {
  const end = Math.min(to, summary.pagePaths);
  if (from >= end) return [];
  const first = Math.floor(from / summary.chunk);
  const last = Math.floor((end - 1) / summary.chunk);
  const res = await client.select(
    `SELECT ?i ?p WHERE { GRAPH ${iriRef(summaryGraph(version))} { ?c ${iriRef(FL.index)} ?i ; ${iriRef(FL.paths)} ?p . FILTER(?i >= ${first} && ?i <= ${last}) } }`,
  );
  const chunks = new Map((res.results?.bindings ?? []).map((row) => [Number(row.i.value), row.p.value]));
  const paths: string[] = [];
  for (let i = first; i <= last; i++) {
    const text = chunks.get(i);
    if (text === undefined) throw new Error(`version ${version}: the store holds no chunk ${i} of the sitemap`);
    paths.push(...(JSON.parse(text) as string[]));
  }
  return paths.slice(from - first * summary.chunk, end - first * summary.chunk);
}
