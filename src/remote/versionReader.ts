// A replica's view of one version without a copy of it: each document is made over the triple patterns its code reads, fetched from the store.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { RecordDataset, RecordInfo } from '../ingest/load';
import { Dataset } from '../store/dataset';
import { QuadStore } from '../store/quadStore';
import { StoreClient } from './storeClient';
import { DEFAULT_GRAPH, stagedGraph, VersionEntry } from './catalog';
import { PatternCache, patternKey, Pattern, Answer } from './patternCache';
import { fetchPatterns, hashNamespaceIndex } from './patternQuery';
import { addressable, storable } from './storeTerms';

/** Rounds of reading before a description is given up as unbounded (it then falls back to the whole version). */
const MAX_ROUNDS = 40;

/** Thrown when the code reads what no triple pattern bounds (every quad, a blank node the store cannot be asked about). */
export class NeedsWholeVersion extends Error {
  constructor(why: string) {
    super(`this needs the whole version: ${why}`);
    this.name = 'NeedsWholeVersion';
  }
}

/** Memo keys that belong to one dataset object, never to the version (the rendered documents). */
const OWN_MEMOS = new Set(['documents']);

/**
 * One version in the store, read pattern by pattern. `describing(render)` runs the synchronous description code over a
 * dataset that answers each triple pattern from what was fetched; patterns not fetched yet are noted and answered
 * empty, fetched together in one query, and the render runs again, until a run asks for nothing new. Every pattern the
 * last run read was answered in full, so it made the same document the whole version would have. Answers are cached
 * per version up to `maxBytes`; values the code memoises per dataset (the readings index, the data's date) are kept
 * for the version once a complete run computed them.
 */
export class VersionReader {
  private readonly cache: PatternCache;
  private readonly memos = new Map<string, unknown>();
  private readonly graphTerms: RDF.Term[];
  private namespaces?: Promise<Map<string, Set<string>>>;
  private readonly graphSizes?: ReadonlyMap<string, number>;
  private readonly listings?: StoredListings;
  /** Store round trips made (for tests and the bench). */
  requests = 0;

  constructor(
    private readonly client: StoreClient,
    readonly entry: VersionEntry,
    readonly info: RecordInfo,
    maxBytes: number,
    /**
     * What the version's publisher stored beside its triples: memo values computed over the whole version (its
     * summary), and each graph's size, which every dataset of the version then answers without asking the store.
     */
    known: { memos?: Iterable<[string, unknown]>; graphSizes?: ReadonlyMap<string, number>; listings?: StoredListings } = {},
  ) {
    this.cache = new PatternCache(maxBytes);
    this.graphTerms = entry.graphs.map((g) => (g === DEFAULT_GRAPH ? DataFactory.defaultGraph() : DataFactory.namedNode(g)));
    for (const [k, v] of known.memos ?? []) this.memos.set(k, v);
    this.graphSizes = known.graphSizes;
    this.listings = known.listings;
  }

  /** Bytes of answers held now (bounded by maxBytes, plus what one description in progress pins). */
  get heldBytes(): number {
    return this.cache.bytes;
  }

  /** A dataset of the version that holds nothing: its info, size and graph names; reading any triple throws. */
  shell(): RecordDataset {
    const ds = this.dataset(undefined);
    ds.seedMemo(this.memos);
    return ds;
  }

  /**
   * Runs `render` over the triples it reads (see the class comment); `hashNamespaces`: it lists a namespace's terms;
   * `stored`: memo keys of listings the publisher may have stored with the summary, read (or taken from the cache)
   * before the render. A listing the version lacks is computed over the patterns as any memo, but not kept with the
   * version's memos (it grows with the record): its patterns stay in the bounded cache instead.
   */
  async describing<T>(
    render: (ds: RecordDataset) => Promise<T>,
    needs: { hashNamespaces?: boolean; stored?: readonly string[] } = {},
  ): Promise<T> {
    const seeds = new Map<string, unknown>();
    if (needs.hashNamespaces) seeds.set('hashNamespaces', await this.hashNamespaces());
    for (const key of needs.stored ?? []) {
      const listing = await this.listing(key);
      if (listing) seeds.set(key, listing.value);
    }
    const transient = new Set(needs.stored);
    // What this description fetched stays at hand until it is done, whatever the cache lets go meanwhile.
    const pinned = new Map<string, Answer>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const probe: Probe = { missing: new Map(), pinned, cache: this.cache };
      const ds = this.dataset(probe);
      ds.seedMemo([...this.memos, ...seeds]);
      let result: T | undefined;
      let failure: unknown;
      try {
        result = await render(ds);
      } catch (e) {
        failure = e;
      }
      if (probe.whole) throw new NeedsWholeVersion(probe.whole);
      if (probe.missing.size === 0) {
        if (failure !== undefined) throw failure;
        for (const [k, v] of ds.memoEntries()) if (!OWN_MEMOS.has(k) && !seeds.has(k) && !transient.has(k)) this.memos.set(k, v);
        return result as T;
      }
      this.requests++;
      const answers = await fetchPatterns(this.client, this.entry.version, [...probe.missing.values()]);
      for (const [key, answer] of answers) {
        pinned.set(key, answer);
        this.cache.set(key, answer);
      }
    }
    throw new NeedsWholeVersion(`a description still read new patterns after ${MAX_ROUNDS} rounds`);
  }

  /** A listing stored with the summary, from the cache or the store (undefined when the version has none under `key`). */
  private async listing(key: string): Promise<Answer | undefined> {
    if (!this.listings?.has(key)) return undefined;
    const cacheKey = `listing ${key}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    this.requests++;
    const read = await this.listings.read(key);
    if (!read) return undefined;
    const answer: Answer = { value: read.value, chars: read.chars };
    this.cache.set(cacheKey, answer);
    return answer;
  }

  /** Subjects by the document before their '#', as describe.ts's namespaceTerms indexes them (one query per version). */
  private hashNamespaces(): Promise<Map<string, Set<string>>> {
    this.namespaces ??= hashNamespaceIndex(this.client, this.entry.version).catch((e) => {
      this.namespaces = undefined;
      throw e;
    });
    return this.namespaces;
  }

  private dataset(probe: Probe | undefined): RecordDataset {
    return new Dataset<RecordInfo>(probeStore(probe, this.entry.quads, this.graphTerms, this.graphSizes), this.info);
  }
}

/** The listings stored with a version's summary (remote/summaryStore.ts): which keys, and how to read one. */
export interface StoredListings {
  has(key: string): boolean;
  read(key: string): Promise<{ value: unknown; chars: number } | undefined>;
}

interface Probe {
  missing: Map<string, Pattern>;
  pinned: Map<string, Answer>;
  cache: PatternCache;
  whole?: string;
}

const POSITIONS = ['subject', 'predicate', 'object', 'graph'] as const;

/**
 * A QuadStore face over the probe: the dataset and every caller see the QuadStore methods they use (getQuads,
 * countQuads, readQuads, graphs, size); anything else needs the whole version. The size of a whole graph is the
 * catalog's when the publisher stored it. Without a probe (the shell) every other read of triples throws.
 */
function probeStore(probe: Probe | undefined, size: number, graphs: RDF.Term[], graphSizes?: ReadonlyMap<string, number>): QuadStore {
  const empty = QuadStore.fromQuads([]);
  const read = (kind: 'quads' | 'count', terms: Array<RDF.Term | null | undefined>): Answer | undefined => {
    const pattern: Pattern = { kind, terms: terms.map((t) => t ?? undefined) as Pattern['terms'] };
    const [s, p, o, g] = pattern.terms;
    // A graph's size, as the catalog states it (a graph the version does not have holds nothing).
    if (kind === 'count' && graphSizes && !s && !p && !o && (g?.termType === 'NamedNode' || g?.termType === 'DefaultGraph'))
      return { count: graphSizes.get(g.termType === 'DefaultGraph' ? DEFAULT_GRAPH : g.value) ?? 0 };
    if (!probe) throw new NeedsWholeVersion('the version is not held by this replica');
    if (pattern.terms.every((t) => t === undefined)) {
      probe.whole = 'every quad of the version was read';
      return undefined;
    }
    // An IRI the store cannot hold (relative, or with characters IRIREF forbids: a blank node's label taken for an IRI,
    // a path from the request) matches nothing there, and is never written into a query.
    if (pattern.terms.some((t) => t?.termType === 'NamedNode' && !storable(t.value))) return { quads: [], count: 0 };
    if (pattern.terms.some((t) => t?.termType === 'BlankNode' && !addressable(t))) {
      probe.whole = 'a blank node the store gave no handle for was read';
      return undefined;
    }
    const known = lookup(probe, pattern);
    if (known) return known;
    // A literal is never bound in the store's query: stores compare literals their own way (Virtuoso misses long
    // strings and compares numbers by value). Its subject's (or predicate's) triples are read and matched here.
    const asked: Pattern =
      pattern.terms[2]?.termType === 'Literal'
        ? { kind: 'quads', terms: [pattern.terms[0], pattern.terms[1], undefined, pattern.terms[3]] }
        : pattern;
    if (asked.terms.every((t) => t === undefined)) {
      probe.whole = 'a literal alone was looked up';
      return undefined;
    }
    if (asked !== pattern) {
      const wider = lookup(probe, asked);
      if (wider) return wider;
    }
    probe.missing.set(patternKey(asked), asked);
    return undefined;
  };
  const quads = (s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Quad[] => {
    const a = read('quads', [s, p, o, g]);
    return a?.quads ? a.quads.filter((q) => matches(q, [s, p, o, g])) : [];
  };
  const overrides: Record<string, unknown> = {
    size,
    getQuads: quads,
    readQuads: quads,
    countQuads: (s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null) => {
      const a = read('count', [s, p, o, g]);
      if (!a) return 0;
      return a.quads ? a.quads.filter((q) => matches(q, [s, p, o, g])).length : (a.count ?? 0);
    },
    graphs: () => [...graphs],
  };
  return new Proxy(empty, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in overrides) return overrides[prop];
      const v = Reflect.get(target, prop, receiver);
      if (typeof v === 'function')
        return () => {
          throw new NeedsWholeVersion(`QuadStore.${String(prop)} reads the store directly`);
        };
      return v;
    },
  });
}

/** The answer for a pattern: its own, or filtered from that of a pattern with fewer positions bound. */
function lookup(probe: Probe, pattern: Pattern): Answer | undefined {
  const bound = pattern.terms.map((t) => t !== undefined);
  // Every subset of the bound positions, the exact pattern first.
  for (let mask = 15; mask >= 0; mask--) {
    if (bound.some((b, i) => !b && mask & (1 << i))) continue;
    const terms = pattern.terms.map((t, i) => (mask & (1 << i) ? t : undefined)) as Pattern['terms'];
    if (terms.every((t) => t === undefined)) continue;
    for (const kind of mask === bound.reduce((m, b, i) => (b ? m | (1 << i) : m), 0) && pattern.kind === 'count'
      ? ['quads', 'count']
      : ['quads']) {
      const key = patternKey({ kind: kind as Pattern['kind'], terms });
      const a = probe.pinned.get(key) ?? probe.cache.get(key);
      if (a) return a;
    }
  }
  return undefined;
}

function matches(q: RDF.Quad, terms: Array<RDF.Term | null | undefined>): boolean {
  return POSITIONS.every((pos, i) => {
    const t = terms[i];
    return !t || q[pos].equals(t);
  });
}

/** The staged name of a record graph in a version (the default graph under DEFAULT_GRAPH). */
export function stagedName(version: string, g: RDF.Term): string {
  return stagedGraph(version, g.termType === 'DefaultGraph' ? DEFAULT_GRAPH : g.value);
}
