// What the store holds of forum-ld's versions: each version's graphs under versioned names, and a pointer to the one served.
import { StoreClient } from './storeClient';
import { JsonTerm } from './sparqlResults';

/** The catalog graph: one entry per version loaded, and the pointer to the version in service. */
export const CATALOG_GRAPH = 'urn:forum-ld:catalog';
/** The subject of the pointer (`fl:current`) in the catalog graph. */
export const PUBLICATION = 'urn:forum-ld:publication';
/** The record's default graph, as the store holds it: stores without an unnamed graph need a name for it. */
export const DEFAULT_GRAPH = 'urn:forum-ld:default';
/**
 * The union of a version's graphs, each triple once: the endpoint's default graph. Virtuoso's default graph over
 * several FROM graphs repeats a triple held by two of them; one graph built in the store keeps the union a set (and
 * the blank nodes the same nodes as in the named graphs).
 */
export const UNION_GRAPH = 'urn:forum-ld:union';
const NS = 'urn:forum-ld:vocab#';
export const FL = {
  Version: `${NS}Version`,
  current: `${NS}current`,
  previous: `${NS}previous`,
  graph: `${NS}graph`,
  /** A version's copy of one of its graphs (`fl:copyOf` says which), for the switch driven by the catalog. */
  staged: `${NS}staged`,
  copyOf: `${NS}copyOf`,
  /** SHA-256 of a staged graph's N-Triples, for a graph without blank nodes: equal digests, equal graphs, nothing to move. */
  digest: `${NS}digest`,
  base: `${NS}base`,
  loadedAt: `${NS}loadedAt`,
  quads: `${NS}quads`,
  /** The payload as one JSON literal (versions published before it was cut in parts). */
  payload: `${NS}payload`,
  /** One part of the payload's JSON text (`fl:index`, `fl:text`): Virtuoso refuses a literal of 10 MB in a request. */
  payloadPart: `${NS}payloadPart`,
  index: `${NS}index`,
  text: `${NS}text`,
  complete: `${NS}complete`,
  /** A staged graph's number of triples (what the RDF service description and VoID state per graph). */
  triples: `${NS}triples`,
  /** A version's summary (remote/summaryStore.ts): JSON of the dataset-level facts and the sitemap's size. */
  summary: `${NS}summary`,
  /** A chunk of the sitemap's paths (with its `fl:index`): the paths, a JSON array. */
  paths: `${NS}paths`,
};

/** The IRI of a version's catalog entry. */
export function versionIri(version: string): string {
  return `urn:forum-ld:version:${version}`;
}

/** Where a version keeps one of its graphs (the record's default graph under DEFAULT_GRAPH). */
export function stagedGraph(version: string, graph: string): string {
  return `urn:forum-ld:version:${version}:graph:${encodeURIComponent(graph)}`;
}

/** What a version carries beside its triples: the files' names, contexts, source texts and named queries. */
export interface VersionPayload {
  files: string[];
  contexts: Record<string, Record<string, unknown>>;
  sources: Record<string, string>;
  /** The named queries' files, as text (parsed again by each replica). */
  queries: Array<{ file: string; text: string }>;
}

export interface VersionEntry {
  version: string;
  base: string;
  loadedAt: Date;
  quads: number;
  /** The record's graph names (DEFAULT_GRAPH for its default graph). */
  graphs: string[];
}

/** SPARQL string literal: the value escaped as the grammar requires (ECHAR), never pasted raw. */
export function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** An IRI term, refused when it could break out of <…>. */
export function iriRef(iri: string): string {
  if (/[\u0000-\u0020<>"{}|^`\\]/.test(iri)) throw new Error(`not an IRI that can be written in SPARQL: ${iri}`);
  return `<${iri}>`;
}

const value = (t: JsonTerm | undefined) => t?.value;

/** Every complete version the store holds, newest first, and the one in service. */
export async function readCatalog(client: StoreClient, signal?: AbortSignal): Promise<{ current?: string; versions: VersionEntry[] }> {
  const res = await client.select(
    `SELECT ?v ?base ?at ?n ?g ?cur WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} {
      { ?e a ${iriRef(FL.Version)} ; ${iriRef(FL.complete)} true ; ${iriRef(FL.base)} ?base ; ${iriRef(FL.loadedAt)} ?at ; ${iriRef(FL.quads)} ?n ; ${iriRef(FL.graph)} ?g . BIND(STR(?e) AS ?v) }
      UNION { ${iriRef(PUBLICATION)} ${iriRef(FL.current)} ?c . BIND(STR(?c) AS ?cur) } } }`,
    {},
    signal,
  );
  let current: string | undefined;
  const byVersion = new Map<string, VersionEntry>();
  for (const row of res.results?.bindings ?? []) {
    const cur = value(row.cur);
    if (cur) current = cur.slice('urn:forum-ld:version:'.length);
    const v = value(row.v);
    if (!v) continue;
    const version = v.slice('urn:forum-ld:version:'.length);
    let e = byVersion.get(version);
    if (!e) {
      e = { version, base: value(row.base)!, loadedAt: new Date(value(row.at)!), quads: Number(value(row.n)), graphs: [] };
      byVersion.set(version, e);
    }
    e.graphs.push(value(row.g)!);
  }
  for (const e of byVersion.values()) e.graphs.sort();
  const versions = [...byVersion.values()].sort((a, b) => b.loadedAt.getTime() - a.loadedAt.getTime());
  return { current: current && byVersion.has(current) ? current : undefined, versions };
}

/** The version in service: only its pointer (cheap enough to poll). */
export async function readPointer(client: StoreClient, signal?: AbortSignal): Promise<string | undefined> {
  const res = await client.select(
    `SELECT ?c WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(PUBLICATION)} ${iriRef(FL.current)} ?c } }`,
    {},
    signal,
  );
  const c = value(res.results?.bindings[0]?.c);
  return c?.slice('urn:forum-ld:version:'.length);
}

/** The digests of a version's graphs (record graph name → digest); graphs with blank nodes have none. */
export async function readDigests(client: StoreClient, version: string): Promise<Map<string, string>> {
  const res = await client.select(
    `SELECT ?g ?d WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} { ${iriRef(versionIri(version))} ${iriRef(FL.staged)} ?s . ?s ${iriRef(FL.copyOf)} ?g ; ${iriRef(FL.digest)} ?d } }`,
  );
  return new Map((res.results?.bindings ?? []).map((row) => [row.g.value, row.d.value]));
}

/** A version's payload (files, contexts, sources, named queries): its parts joined in order. */
export async function readPayload(client: StoreClient, version: string): Promise<VersionPayload> {
  const v = iriRef(versionIri(version));
  const res = await client.select(
    `SELECT ?p ?i ?t WHERE { GRAPH ${iriRef(CATALOG_GRAPH)} { { ${v} ${iriRef(FL.payload)} ?p } UNION { ${v} ${iriRef(FL.payloadPart)} ?part . ?part ${iriRef(FL.index)} ?i ; ${iriRef(FL.text)} ?t } } }`,
  );
  const rows = res.results?.bindings ?? [];
  const whole = rows.find((r) => r.p)?.p?.value;
  const parts = rows.filter((r) => r.t).sort((a, b) => Number(a.i.value) - Number(b.i.value));
  const text = whole ?? (parts.length ? parts.map((r) => r.t.value).join('') : undefined);
  if (!text) throw new Error(`the store holds no payload for version ${version}`);
  return JSON.parse(text) as VersionPayload;
}

/** Characters of the payload's JSON per part (and per request): Virtuoso's time per literal grows faster than its length. */
const PAYLOAD_PART = 128 * 1024;

/** The payload's JSON text in parts. */
export function payloadParts(payload: VersionPayload): string[] {
  return textParts(JSON.stringify(payload), PAYLOAD_PART);
}

/** A text in parts of at most `size` characters, never splitting a surrogate pair. */
export function textParts(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + size);
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}

/** The IRI of a payload part. */
export function payloadPartIri(version: string, index: number): string {
  return `${versionIri(version)}:payload:${index}`;
}
