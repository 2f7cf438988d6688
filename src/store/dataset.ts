// An immutable, loaded dataset: the quad store plus what was learnt while loading it.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { QuadStore } from './quadStore';

export interface DatasetInfo {
  baseIri: string;
  files: readonly string[];
  /** JSON-LD context objects found among the files, by file name (placeholder base still in them). */
  contexts: ReadonlyMap<string, Record<string, unknown>>;
  /** Plain-text source documents shipped with the data (e.g. data/sources/x.txt), by base name. */
  sources: ReadonlyMap<string, string>;
  /** A digest of the base and every file's name (relative to the data path given) and bytes: the same wherever the data is copied, changed whenever it changes. */
  version: string;
  /** When this version was loaded (health and metrics); never stated as a modification date (see publish/versionDates.ts). */
  loadedAt: Date;
}

export class Dataset<I extends DatasetInfo = DatasetInfo> {
  readonly store: QuadStore;
  readonly size: number;

  constructor(
    quads: Iterable<RDF.Quad> | QuadStore,
    readonly info: I,
  ) {
    this.store = quads instanceof QuadStore ? quads : QuadStore.fromQuads(quads);
    this.size = this.store.size;
    Object.freeze(this);
  }

  get baseIri(): string {
    return this.info.baseIri;
  }

  /** Quads matching a pattern across all graphs (undefined = wildcard). */
  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Quad[] {
    return this.store.getQuads(s ?? undefined, p ?? undefined, o ?? undefined, g ?? undefined);
  }

  /** Every quad, lazily, for dumps and transfers. */
  *quads(): IterableIterator<RDF.Quad> {
    yield* this.store.readQuads(undefined, undefined, undefined, undefined) as unknown as Iterable<RDF.Quad>;
  }

  /** True when the IRI occurs in any position (subject, object or graph name). */
  mentions(iri: string): boolean {
    const n = DataFactory.namedNode(iri);
    return (
      this.store.countQuads(n, undefined, undefined, undefined) > 0 ||
      this.store.countQuads(undefined, undefined, n, undefined) > 0 ||
      this.store.countQuads(undefined, undefined, undefined, n) > 0
    );
  }

  /** Names of the named graphs, sorted (computed once per dataset). */
  graphNames(): string[] {
    return [
      ...this.memo('graphNames', () =>
        this.store
          .graphs()
          .filter((g) => g.termType === 'NamedNode')
          .map((g) => g.value)
          .sort(),
      ),
    ];
  }

  /** Caches a value derived from this immutable dataset, computed on first use. */
  memo<T>(key: string, compute: () => T): T {
    let cache = MEMO.get(this);
    if (!cache) {
      cache = new Map();
      MEMO.set(this, cache);
    }
    if (!cache.has(key)) cache.set(key, compute());
    return cache.get(key) as T;
  }

  /** The values memoised so far: a replica keeps those a complete reading of a document computed (remote/versionReader.ts). */
  memoEntries(): Array<[string, unknown]> {
    return [...(MEMO.get(this) ?? new Map<string, unknown>())];
  }

  /** Starts this dataset's memo with values known to hold for it (computed over the same version). */
  seedMemo(entries: Iterable<[string, unknown]>): void {
    let cache = MEMO.get(this);
    if (!cache) {
      cache = new Map();
      MEMO.set(this, cache);
    }
    for (const [k, v] of entries) if (!cache.has(k)) cache.set(k, v);
  }
}

const MEMO = new WeakMap<Dataset, Map<string, unknown>>();
