// Builds the downloadable dumps of a dataset once per load: streamed to files, gzipped alongside, sized and hashed.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { pipeline } from 'node:stream';
import { StreamWriter } from 'n3';
import * as zlib from 'node:zlib';
import type { SharedQuads } from '../store/quadStore';
import { writeAtomically } from '../store/writeAtomically';
import { runInThread, ThreadFailure } from '../store/threadTask';
import { Format, findFormat } from '../rdf/formats';
import { jsonLdChunks } from '../rdf/jsonldStream';
import { RdfXmlError, rdfXmlChunks, rdfXmlChunksOf } from '../rdf/rdfxml';
import { Dataset } from '../store/dataset';
import type * as RDF from '@rdfjs/types';
import { quadsByGraph, relabelBlankNodes, unionTriples } from '../store/triples';
import { readingIndex, withoutReadings } from './readings';

/** Bump when the bytes a dump format produces change, so cached dumps of an unchanged dataset are rebuilt. */
const DUMP_REVISION = 2;
const DUMP_FORMATS = ['ttl', 'nt', 'nq', 'trig', 'jsonld', 'rdf'] as const;

export interface DumpFile {
  /** File name, also the last path segment of its URL: `dataset.ttl`, `dataset.ttl.gz`. */
  readonly name: string;
  /** The RDF format inside (for a .gz file, the format of its uncompressed content). */
  readonly format: Format;
  readonly gzipped: boolean;
  /** Media type of the file as served: the RDF type, or application/gzip. */
  readonly mediaType: string;
  readonly path: string;
  readonly bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  /** True when the format keeps named graphs; false for triple formats (the union graph, each triple once). */
  readonly keepsGraphs: boolean;
}

export interface DumpSet {
  readonly version: string;
  readonly dir: string;
  readonly files: readonly DumpFile[];
  /** Formats that could not be written, with the reason (e.g. RDF/XML cannot state a predicate). */
  readonly failures: ReadonlyArray<{ format: string; reason: string }>;
}

export interface DumpOptions {
  /** Where dump folders go; each dataset version gets `forum-ld-<version>/` inside. Default: the OS temp folder. */
  root?: string;
  prefixes?: Record<string, string>;
  /** JSON-LD: the context to compact with and the IRI to name it by. */
  jsonldContext: { object: Record<string, unknown>; url?: string };
}

interface Manifest {
  revision: number;
  version: string;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  failures: DumpSet['failures'];
}

/**
 * What a dump is written from: the version's quads graph by graph (within a graph subject by subject), and its union
 * graph with readings not asserted (each triple once, subject by subject). The embedded backend reads its own store;
 * a replica over an external store streams them from the store (src/remote/storeDumps.ts).
 */
export interface DumpSource {
  readonly version: string;
  byGraph(): Iterable<RDF.Quad> | AsyncIterable<RDF.Quad>;
  union(): Iterable<RDF.Quad> | AsyncIterable<RDF.Quad>;
  /** Its reads can fail for reasons outside the data (a store down or slow): a set missing a format for such a reason is not kept. */
  readonly transient?: boolean;
}

/** A dataset held in this process as a dump source. */
export function datasetSource(ds: Dataset): DumpSource {
  return { version: ds.info.version, byGraph: () => quadsByGraph(ds), union: () => unionWithoutReadings(ds) };
}

/** What a dump-writing thread is sent: the shared store, what names the version, and the options. */
export interface DumpJob {
  data: SharedQuads;
  baseIri: string;
  version: string;
  opts: DumpOptions;
}

/**
 * buildDumps on a thread of its own (the writers and gzip are CPU-bound: at 1M quads about a minute), then the set
 * it wrote, found on disk. Falls back to this thread when a thread cannot be had.
 */
export async function buildDumpsInThread(ds: Dataset, opts: DumpOptions): Promise<DumpSet> {
  await writeDumpsInThread(ds, opts).catch((e: Error) => {
    if (!(e instanceof ThreadFailure)) throw e;
  });
  return buildDumps(ds, opts); // finds what the thread wrote, or writes it here
}

/** Writes the dumps on a new thread; rejects with the build's error, or a ThreadFailure when the thread itself failed. */
export function writeDumpsInThread(ds: Dataset, opts: DumpOptions): Promise<void> {
  const job: DumpJob = { data: ds.store.share(), baseIri: ds.baseIri, version: ds.info.version, opts };
  return runInThread<void>(path.join(__dirname, 'dumpWorker.js'), job);
}

export function dumpDir(version: string, root = os.tmpdir()): string {
  return path.join(root, `forum-ld-${version}`);
}

/**
 * Writes every dump of `ds` (plain and gzipped) unless an identical set is already on disk for this version.
 * Yields to the event loop while writing, so a server keeps answering during the build.
 */
export function buildDumps(ds: Dataset, opts: DumpOptions): Promise<DumpSet> {
  return writeDumps(datasetSource(ds), opts);
}

/** Writes every dump of a source (plain and gzipped) unless an identical set is already on disk for its version. */
export async function writeDumps(source: DumpSource, opts: DumpOptions): Promise<DumpSet> {
  const version = source.version;
  const dir = dumpDir(version, opts.root);
  await fs.promises.mkdir(dir, { recursive: true });
  const reused = await readManifest(dir, version);
  if (reused) return reused;
  await removeStaleTemporaries(dir);
  const entries: Manifest['files'] = [];
  const failures: Array<{ format: string; reason: string }> = [];
  let lasting = true;
  for (const name of DUMP_FORMATS) {
    const format = findFormat(name)!;
    try {
      const [plain, gz] = await writeBoth(dir, `dataset.${format.extensions[0]}`, () => produce(source, format, opts));
      entries.push(plain, gz);
    } catch (e) {
      failures.push({ format: format.label, reason: (e as Error).message });
      // RDF/XML's refusal is the data's and comes back every time; a store's failure may not: the next load tries again.
      if (source.transient && !(e instanceof RdfXmlError)) lasting = false;
    }
  }
  const manifest: Manifest = { revision: DUMP_REVISION, version, files: entries, failures };
  if (lasting) await writeAtomically(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return toDumpSet(dir, manifest);
}

/** Half-written files of builds that died (an hour is far longer than any build takes). */
async function removeStaleTemporaries(dir: string): Promise<void> {
  for (const name of await fs.promises.readdir(dir)) {
    if (!/\.tmp-\d+-/.test(name) && !/^manifest\.json\./.test(name)) continue;
    const file = path.join(dir, name);
    const st = await fs.promises.stat(file).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > 3_600_000) await fs.promises.rm(file, { force: true });
  }
}

/** Removes the dump folder of a version no longer served (open downloads keep reading their unlinked files). */
export async function removeDumps(set: DumpSet): Promise<void> {
  await fs.promises.rm(set.dir, { recursive: true, force: true });
}

/** The text of one dump, as a stream of chunks. */
function produce(source: DumpSource, format: Format, opts: DumpOptions): Readable {
  switch (format.name) {
    case 'trig':
    case 'nq':
    case 'ttl':
    case 'nt': {
      // Pulled through the writer with backpressure, a slice at a time, so the server keeps answering meanwhile.
      const quads = format.kind === 'dataset' ? source.byGraph() : source.union();
      const writer = new StreamWriter({
        format: N3_NAMES[format.name],
        prefixes: /^(ttl|trig)$/.test(format.name) ? opts.prefixes : undefined,
      });
      return pipeline(Readable.from(yieldingEvery(relabelBlankNodes(quads), 1000)), writer, () => undefined);
    }
    case 'jsonld':
      return Readable.from(yieldingEvery(jsonLdChunks(relabelBlankNodes(source.byGraph()), { context: opts.jsonldContext })));
    case 'rdf': {
      const quads = relabelBlankNodes(source.union());
      return Readable.from(
        yieldingEvery(Symbol.iterator in quads ? rdfXmlChunks(quads, opts.prefixes) : rdfXmlChunksOf(quads, opts.prefixes)),
      );
    }
    default:
      throw new Error(`no dump writer for ${format.label}`);
  }
}

/**
 * The union graph for the formats without graphs, readings not asserted (docs/model.md): each reading triple left
 * out, and reified instead. The data's own statements and interpretations are in the union already; only the
 * reifications made for readings the data states no rdf:Statement of (blank nodes) are added.
 */
function* unionWithoutReadings(ds: Dataset): Generator<RDF.Quad> {
  const index = readingIndex(ds);
  for (const q of unionTriples(ds)) if (!index.of(q)) yield q;
  for (const q of withoutReadings(
    ds,
    index.triples.map((r) => r.quad),
  ))
    if (q.subject.termType === 'BlankNode') yield q;
}

const N3_NAMES: Record<string, string> = { ttl: 'Turtle', trig: 'TriG', nt: 'N-Triples', nq: 'N-Quads' };

/** Passes items through, letting other work run every so often (the writers are CPU-bound). */
async function* yieldingEvery<T>(chunks: Iterable<T> | AsyncIterable<T>, every = 200): AsyncGenerator<T> {
  let n = 0;
  for await (const c of chunks) {
    yield c;
    if (++n % every === 0) await new Promise((r) => setImmediate(r));
  }
}

/** Streams one text into `name` and `name.gz` at once, measuring and hashing both while writing. */
async function writeBoth(dir: string, name: string, source: () => Readable): Promise<[Manifest['files'][0], Manifest['files'][0]]> {
  const suffix = `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const plainMeter = meter();
  const gzMeter = meter();
  const tee = new PassThrough();
  tee.setMaxListeners(32); // two pipelines read it, each watching it for errors and its end
  const plainFile = path.join(dir, name);
  const gzFile = `${plainFile}.gz`;
  const src = source();
  try {
    await Promise.all([
      pipelineAsync(src, tee),
      pipelineAsync(tee, plainMeter.stream, fs.createWriteStream(plainFile + suffix)),
      pipelineAsync(tee, zlib.createGzip({ level: 9 }), gzMeter.stream, fs.createWriteStream(gzFile + suffix)),
    ]);
    await fs.promises.rename(plainFile + suffix, plainFile);
    await fs.promises.rename(gzFile + suffix, gzFile);
  } catch (e) {
    await Promise.all([fs.promises.rm(plainFile + suffix, { force: true }), fs.promises.rm(gzFile + suffix, { force: true })]);
    throw e;
  }
  return [
    { name, ...plainMeter.result() },
    { name: `${name}.gz`, ...gzMeter.result() },
  ];
}

function meter(): { stream: Transform; result: () => { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let digest: string | undefined;
  return { stream, result: () => ({ bytes, sha256: (digest ??= hash.digest('hex')) }) };
}

async function readManifest(dir: string, version: string): Promise<DumpSet | undefined> {
  try {
    const m = JSON.parse(await fs.promises.readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (m.revision !== DUMP_REVISION || m.version !== version) return undefined;
    for (const f of m.files) {
      const st = await fs.promises.stat(path.join(dir, f.name));
      if (st.size !== f.bytes) return undefined;
    }
    return toDumpSet(dir, m);
  } catch {
    return undefined;
  }
}

function toDumpSet(dir: string, m: Manifest): DumpSet {
  const files = m.files.map((f): DumpFile => {
    const gzipped = f.name.endsWith('.gz');
    const format = findFormat(f.name.replace(/\.gz$/, '').replace(/^.*\./, ''))!;
    return Object.freeze({
      name: f.name,
      format,
      gzipped,
      mediaType: gzipped ? 'application/gzip' : format.mediaType,
      path: path.join(dir, f.name),
      bytes: f.bytes,
      sha256: f.sha256,
      keepsGraphs: format.kind === 'dataset' || format.name === 'jsonld',
    });
  });
  return Object.freeze({ version: m.version, dir, files: Object.freeze(files), failures: m.failures });
}
