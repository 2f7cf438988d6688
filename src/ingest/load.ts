// Loads every RDF file under the given paths into one Dataset, or returns the problems that prevent it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatForFile } from '../rdf/formats';
import { BASE_PLACEHOLDER, parseRdf, parseRdfEach, RdfParseError } from '../rdf/parse';
import { Dataset, DatasetInfo } from '../store/dataset';
import { NamedQuery, parseNamedQueryFiles, readNamedQueryFiles } from '../api/namedQueries';
import { collectGarbage } from '../store/collectGarbage';
import { QuadStore, QuadStoreBuilder } from '../store/quadStore';
import { Problem } from '../rdf/problem';
import { locateProblems } from './locate';
import { type DigestPart, versionDigestAside } from './versionDigest';
import type { VerdictCache } from './verdicts';

/** A check of the loaded data, read off the built store (the union of all graphs, or graph by graph). */
export type Validator = (
  store: QuadStore,
  dataset: { sources: ReadonlyMap<string, string>; baseIri: string },
) => Problem[] | Promise<Problem[]>;

export interface LoadOptions {
  /** Files or folders; folders are walked recursively, in sorted order. */
  paths: readonly string[];
  baseIri: string;
  /** Checks run on the parsed quads; any violation refuses the dataset. */
  validators?: readonly Validator[];
  /** Folder of named queries (`*.rq`); a broken query file refuses the dataset like a broken data file. */
  queries?: string;
  /** Verdicts of earlier loads: a version that passed the validators before is not checked again. */
  verdicts?: VerdictCache;
  /**
   * Work on the built store that may overlap the checks (the query processes opening it): started once the store is
   * built, awaited (its failure ignored) before the load returns. It must not publish anything: the checks may refuse.
   */
  whileChecking?: (store: QuadStore, version: string) => Promise<void>;
}

/** What a load learns beside the data: the named queries loaded with it (queries/*.rq), served as the REST API. */
export interface RecordInfo extends DatasetInfo {
  namedQueries?: readonly NamedQuery[];
}

/** A loaded record: its dataset and the named queries that came with it. */
export type RecordDataset = Dataset<RecordInfo>;

export type LoadResult = { ok: true; dataset: RecordDataset; problems: Problem[] } | { ok: false; problems: Problem[] };

/** Loads, resolves against the base, validates; never returns a half-loaded dataset. */
export async function loadDataset(opts: LoadOptions): Promise<LoadResult> {
  const problems: Problem[] = [];
  const files: string[] = [];
  /** Each file's name as the version digest sees it: relative to the path given, so a copy elsewhere is the same version. */
  const named = new Map<string, string>();
  for (const p of opts.paths) {
    try {
      const root = path.resolve(p);
      for (const f of await walk(root)) {
        files.push(f);
        named.set(f, path.relative(path.dirname(root), f));
      }
    } catch (e) {
      problems.push({ severity: 'violation', file: p, message: `cannot read: ${(e as Error).message}` });
    }
  }
  const parts: DigestPart[] = [];
  const contexts = new Map<string, Record<string, unknown>>();
  const sources = new Map<string, string>();
  const rdfFiles: Array<{ file: string; bytes: Buffer }> = [];
  // Read a few at a time (thousands of small source files, one at a time, cost a round trip to the thread pool each).
  const read = await readAll(files);
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const bytes = read[i];
    read[i] = EMPTY;
    parts.push({ name: named.get(file)!, bytes });
    // RDF files are decoded only if their syntax needs a string: N-Triples and N-Quads are read off their bytes.
    if (formatForFile(file) && !/context\.jsonld$/.test(file)) {
      rdfFiles.push({ file, bytes });
      continue;
    }
    const text = bytes.toString('utf8');
    if (/context\.jsonld$/.test(file)) {
      try {
        contexts.set(path.basename(file), JSON.parse(text));
      } catch (e) {
        problems.push({ severity: 'violation', file, message: `invalid JSON-LD context: ${(e as Error).message}` });
      }
    } else if (/\.txt$/.test(file) && path.basename(path.dirname(file)) === 'sources') {
      sources.set(path.basename(file, '.txt'), text);
    }
  }
  // The named queries are read now (they are part of the version) and parsed later, while the main thread would only
  // wait for the query processes (at 1M quads); their problems take the place they would have had.
  let namedQueries: NamedQuery[] | undefined;
  let parseQueries = () => {};
  if (opts.queries) {
    const queries = await readNamedQueryFiles(opts.queries);
    for (const f of queries.files) parts.push({ name: path.basename(f.file), bytes: Buffer.from(f.text, 'utf8') });
    problems.push(...queries.problems);
    const at = problems.length;
    parseQueries = () => {
      parseQueries = () => {};
      const parsed = parseNamedQueryFiles(queries.files, opts.baseIri);
      problems.splice(at, 0, ...parsed.problems);
      namedQueries = parsed.queries;
    };
  }
  // The version digest is computed beside the parse (on a thread for large data); the parts go with it.
  const versionAside = versionDigestAside(opts.baseIri, parts.splice(0));
  const localContexts = contextMap(contexts, opts.baseIri);
  const builder = new QuadStoreBuilder(rdfFiles.reduce((n, f) => n + f.bytes.length, 0));
  problems.push(...(await parseInto(builder, rdfFiles, opts.baseIri, localContexts)));
  const version = await versionAside;
  // V8 keeps the input of the last successful regular-expression match alive (RegExp.lastMatch): after the parser's
  // last token that is a whole file's text, held for as long as nothing else matches. Match something tiny instead.
  /^/.exec('');
  if (rdfFiles.length === 0 && problems.length === 0) {
    problems.push({ severity: 'violation', message: `no RDF files found in ${opts.paths.join(', ')}` });
  }
  if (problems.some((p) => p.severity === 'violation')) {
    parseQueries();
    return { ok: false, problems };
  }
  const store = builder.build();
  // Read through a view of its own, so the subject terms it makes (185k at 1M quads) are not kept by the served store.
  const stranger = baseMismatch(new QuadStore(store.share()), opts.baseIri);
  if (stranger) problems.push({ severity: 'warning', message: stranger });
  const validators = opts.validators ?? [];
  if (validators.length > 0) {
    const known = await opts.verdicts?.get(version);
    if (known) {
      problems.push(...known);
      releaseLoad(store);
    } else {
      const overlapping = opts.whileChecking?.(store, version).catch(() => undefined);
      const found = await check(validators, store, { sources, baseIri: opts.baseIri });
      parseQueries();
      // What the parse and the checks left behind is garbage now; collected while the query processes open the store.
      releaseLoad(store);
      await overlapping;
      // SHACL speaks of nodes; point the reader at the file and line where each node is written.
      const located = found.length === 0 ? [] : await locateProblems(found, await readAgain(rdfFiles.map((f) => f.file)), opts.baseIri);
      problems.push(...located);
      if (!located.some((p) => p.severity === 'violation')) await opts.verdicts?.put(version, located).catch(() => undefined);
    }
  }
  if (validators.length === 0) releaseLoad(store);
  parseQueries();
  if (problems.some((p) => p.severity === 'violation')) return { ok: false, problems };
  const dataset: RecordDataset = new Dataset<RecordInfo>(store, {
    baseIri: opts.baseIri,
    files: rdfFiles.map((f) => relative(f.file)),
    contexts,
    sources,
    version,
    loadedAt: new Date(),
    namedQueries,
  });
  for (const q of namedQueries ?? []) {
    for (const p of q.params) {
      const v = p.type === 'iri' ? (p.default ?? p.example) : undefined;
      const iri = v === undefined ? undefined : /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) ? v : new URL(v, opts.baseIri).href;
      if (iri && !dataset.mentions(iri))
        problems.push({
          severity: 'warning',
          file: q.file,
          message: `the ${p.default !== undefined ? 'default' : 'example'} of parameter "${p.name}", <${iri}>, is not in the dataset`,
        });
    }
  }
  return { ok: true, dataset, problems };
}

/** From this many quads a load leaves enough garbage (texts, parse tables: ~500 MB at 1M) to collect it at once. */
const COLLECT_FROM = 100_000;

/** A full collection after a large load: V8 may keep its garbage for minutes when the server then idles. */
function releaseLoad(store: QuadStore): void {
  if (store.size >= COLLECT_FROM) collectGarbage();
}

/**
 * The problems the validators find. They read the same shared indexes through a view of their own, so the terms they
 * materialise (most of the dictionary at 1M quads: tens of MB) go with it instead of staying in the served store's cache.
 */
async function check(validators: readonly Validator[], store: QuadStore, dataset: Parameters<Validator>[1]): Promise<Problem[]> {
  const view = new QuadStore(store.share());
  const found: Problem[] = [];
  // All started before any is awaited: a check that works on a thread of its own runs beside those on this one.
  for (const problems of await Promise.all(validators.map((validate) => validate(view, dataset)))) found.push(...problems);
  return found;
}

/**
 * Parses each file into the builder, letting its bytes go once parsed (problems are located by reading the file
 * again); the problems found. A function of its own, so that no suspended frame of the load keeps the bytes (at 1M
 * quads ~200 MB) alive through the checks.
 */
async function parseInto(
  builder: QuadStoreBuilder,
  rdfFiles: Array<{ file: string; bytes: Buffer }>,
  baseIri: string,
  contexts: Map<string, unknown>,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (let i = 0; i < rdfFiles.length; i++) {
    const { file, bytes } = rdfFiles[i];
    rdfFiles[i] = { file, bytes: EMPTY };
    try {
      const parseOpts = { format: formatForFile(file)!, baseIri, file: relative(file), contexts };
      // N3 syntaxes go straight into the builder; the others are parsed to a list first.
      const each = await parseRdfEach(
        bytes,
        parseOpts,
        (q) => builder.add(q),
        (keys) => builder.addKeys(keys),
      );
      if (!each) builder.addAll(await parseRdf(bytes.toString('utf8'), parseOpts));
    } catch (e) {
      if (!(e instanceof RdfParseError)) throw e;
      problems.push({ severity: 'violation', file: e.file, line: e.line, column: e.column, message: e.reason });
    }
  }
  return problems;
}

/** Contexts addressable by their published IRI and by the placeholder base, with the base filled in. */
function contextMap(contexts: Map<string, Record<string, unknown>>, base: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, ctx] of contexts) {
    const filled = withBase(ctx, base);
    out.set(`${base}${name}`, filled);
    out.set(`${BASE_PLACEHOLDER}${name}`, filled);
  }
  return out;
}

/** A JSON-LD context with the placeholder base replaced by the configured one. */
export function withBase<T>(ctx: T, base: string): T {
  return JSON.parse(JSON.stringify(ctx).split(BASE_PLACEHOLDER).join(base)) as T;
}

async function walk(p: string): Promise<string[]> {
  const st = await fs.stat(p);
  if (!st.isDirectory()) return [p];
  const out: string[] = [];
  for (const name of (await fs.readdir(p)).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    out.push(...(await walk(path.join(p, name))));
  }
  return out;
}

/**
 * A warning when most subject IRIs of the data are outside the base: the data was written for another base (absolute
 * IRIs), so the shapes and ontology (resolved against the base) do not line up with it and its documents live elsewhere.
 */
function baseMismatch(store: QuadStore, baseIri: string): string | undefined {
  let inside = 0;
  let outside = 0;
  let example: string | undefined;
  for (const [s] of store.readDistinctTerms(['subject'])) {
    if (s.termType !== 'NamedNode') continue;
    if (s.value.startsWith(baseIri)) inside++;
    else {
      outside++;
      example ??= s.value;
    }
  }
  return outside <= inside
    ? undefined
    : `${outside} of ${inside + outside} subject IRIs are outside the base <${baseIri}> (e.g. <${example}>): if the data was written for another base, pass it with --base, or its shapes, documents and links will not line up`;
}

const EMPTY = Buffer.alloc(0);
/** Files read at once: enough to keep the disk and the thread pool (4 threads by default) busy. */
const READ_AHEAD = 16;

/** The files' bytes, in the order given, read READ_AHEAD at a time. */
async function readAll(files: readonly string[]): Promise<Buffer[]> {
  const out: Buffer[] = new Array(files.length);
  let next = 0;
  const reader = async () => {
    while (next < files.length) {
      const i = next++;
      out[i] = await readShared(files[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_AHEAD, files.length) }, reader));
  return out;
}

/** A file's bytes in shared memory, so that the version digest's thread reads them without a copy. */
async function readShared(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.from(new SharedArrayBuffer(Math.max(1, size)), 0, size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** The texts of the data files, read again to locate problems (they are not kept in memory while loading). */
async function readAgain(files: readonly string[]): Promise<Array<{ file: string; text: string }>> {
  return Promise.all(files.map(async (file) => ({ file: relative(file), text: await fs.readFile(file, 'utf8').catch(() => '') })));
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
