// The dataset being served, swapped atomically on reload; an invalid new version never replaces a valid one.
import { Dataset } from '../store/dataset';
import type { FragmentSource } from '../fragments/fragment';
import { DumpSet, removeDumps } from './dumps';
import { LoadResult, RecordDataset } from '../ingest/load';
import { Problem } from '../rdf/problem';
import { QueryService } from '../sparql/queryService';

/** What answers queries for a version: the embedded QueryService, or a service over an external store with the same face. */
export type QueryAnswerer = Pick<QueryService, 'answer' | 'limits' | 'load' | 'ready' | 'close'>;

/**
 * How a publication reads a version it does not hold (a replica over an external store): `dataset` is then a shell
 * (info, size, graph names) unless the whole version was read for a surface that needs it.
 */
export interface VersionAccess {
  readonly dataset: RecordDataset;
  /**
   * Runs `render` over a dataset holding at least what it reads of the version (the same answers as the whole one);
   * `needs.stored`: memo keys of listings published with the summary, seeded before the render when the version has them.
   */
  describing<T>(render: (ds: RecordDataset) => Promise<T>, needs?: DescribingNeeds): Promise<T>;
  /** The whole version, read once on first use and kept while it is served. */
  whole(): Promise<RecordDataset>;
  /**
   * True when the version was published with its summary (publish/versionSummary.ts): the dataset-level surfaces are
   * then made through `describing` from the summary's facts; else only the whole version gives them.
   */
  readonly summarised: boolean;
  /** The sitemap's paths the publisher listed, read a slice at a time (with the summary). */
  readonly pagePaths?: { readonly count: number; slice(from: number, to: number): Promise<string[]> };
  /** Triple Pattern Fragments asked of where the version is kept, a bounded query a page. */
  readonly fragments?: FragmentSource;
}

/** What a render needs beside the triple patterns it reads: a namespace's terms, listings stored with the summary. */
export interface DescribingNeeds {
  hashNamespaces?: boolean;
  stored?: readonly string[];
}

export interface Publication {
  readonly dataset: RecordDataset;
  /** Set when the version is not held by this process (see VersionAccess). */
  readonly access?: VersionAccess;
  readonly queries: QueryAnswerer;
  /** The downloadable dumps of this dataset; absent when none were asked for, they are still being written, or failed. */
  readonly dumps?: DumpSet;
  /** True while the dumps of a first load are written in the background (it went live without waiting for them). */
  readonly dumpsPending: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `render` over what it reads of the publication's version: the publication itself when it holds the version. */
export function describing<T>(pub: Publication, render: (view: Publication) => Promise<T>, needs?: DescribingNeeds): Promise<T> {
  if (!pub.access) return render(pub);
  return pub.access.describing((ds) => render(viewOver(pub, ds)), needs);
}

/** The publication with its whole version at hand (read from the store once when it does not hold it). */
export async function withWholeVersion(pub: Publication): Promise<Publication> {
  return pub.access ? viewOver(pub, await pub.access.whole()) : pub;
}

function viewOver(pub: Publication, dataset: RecordDataset): Publication {
  return { dataset, queries: pub.queries, dumps: pub.dumps, dumpsPending: pub.dumpsPending };
}

export class LiveDataset {
  private pub?: Publication;
  private reloading?: Promise<{ ok: boolean; problems: Problem[] }>;
  private background: Promise<Problem[]> = Promise.resolve([]);

  constructor(
    private readonly load: () => Promise<LoadResult & { access?: VersionAccess }>,
    private readonly makeQueries: (ds: RecordDataset) => QueryAnswerer,
    /** Builds the dumps of a dataset (kept in a store: `access`); its description states their sizes and checksums once they exist. */
    private readonly makeDumps?: (ds: Dataset, access?: VersionAccess) => Promise<DumpSet>,
    /** Closes what the query services share (the query processes), giving running queries up to `graceMs`. */
    private readonly release?: (graceMs: number) => Promise<void>,
  ) {}

  /** True once a first version is served (readiness); reloads keep the previous one in service, so it stays true. */
  get loaded(): boolean {
    return this.pub !== undefined;
  }

  /** The publication in service; throws before the first successful load. */
  get current(): Publication {
    if (!this.pub) throw new Error('no dataset loaded yet');
    return this.pub;
  }

  /** Loads and validates, then swaps in; on failure the previous publication stays and the problems are returned. */
  reload(): Promise<{ ok: boolean; problems: Problem[] }> {
    // Concurrent reload requests share one load rather than racing.
    this.reloading ??= this.doReload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  /** Resolves when no dumps are being written in the background, with the problems met while writing them. */
  settled(): Promise<Problem[]> {
    return this.background;
  }

  private async doReload(): Promise<{ ok: boolean; problems: Problem[] }> {
    let result: LoadResult & { access?: VersionAccess };
    try {
      result = await this.load();
    } catch (e) {
      // Whatever failed (a folder gone, a disk error), the version in service stays.
      return { ok: false, problems: [{ severity: 'violation', message: `the data could not be loaded: ${(e as Error).message}` }] };
    }
    if (!result.ok) return { ok: false, problems: result.problems };
    const problems = [...result.problems];
    const previous = this.pub;
    // On a reload the previous version keeps being served while the new dumps are written, so the new description
    // and its dumps go live together. A first load has nothing to serve meanwhile: it goes live at once (at 1M quads
    // the dumps take a minute) and the dumps follow; until then /dumps/ answers 503 with Retry-After.
    const first = previous === undefined;
    const dumps = this.makeDumps && !first ? await this.writeDumps(result.dataset, problems, result.access) : undefined;
    const next: Mutable<Publication> = {
      dataset: result.dataset,
      queries: this.makeQueries(result.dataset),
      dumps,
      dumpsPending: Boolean(this.makeDumps && first),
    };
    const access = result.access;
    if (access) {
      // The shell until a surface has the whole version read; then that (see VersionAccess).
      Object.defineProperty(next, 'dataset', { get: () => access.dataset, enumerable: true });
      next.access = access;
    }
    // Swap only once the query processes have opened the new data, so a reload never makes the first queries after it slow.
    try {
      await next.queries.ready();
    } catch (e) {
      void next.queries.close().catch(() => undefined);
      return {
        ok: false,
        problems: [
          ...problems,
          { severity: 'violation', message: `the query processes could not open the new data: ${(e as Error).message}` },
        ],
      };
    }
    this.pub = next;
    // The old version's queries, running and queued, finish on its data; then the processes forget it.
    if (previous) void previous.queries.close().catch(() => undefined);
    if (previous?.dumps && previous.dumps.dir !== dumps?.dir) void removeDumps(previous.dumps).catch(() => undefined);
    if (next.dumpsPending) this.background = this.writeLater(next);
    return { ok: true, problems };
  }

  private async writeLater(pub: Mutable<Publication>): Promise<Problem[]> {
    const problems: Problem[] = [];
    const set = await this.writeDumps(pub.dataset, problems, pub.access);
    pub.dumps = set;
    pub.dumpsPending = false;
    // The description changed (it lists the dumps now): its ETag says so; its Last-Modified stays the data's date.
    // Replaced meanwhile: these dumps describe a version no longer served.
    if (set && this.pub !== pub && set.dir !== this.pub?.dumps?.dir) await removeDumps(set).catch(() => undefined);
    return problems;
  }

  private async writeDumps(ds: Dataset, problems: Problem[], access?: VersionAccess): Promise<DumpSet | undefined> {
    try {
      const dumps = await this.makeDumps!(ds, access);
      for (const f of dumps.failures)
        problems.push({ severity: 'warning', message: `the ${f.format} dump could not be written: ${f.reason}` });
      return dumps;
    } catch (e) {
      problems.push({ severity: 'warning', message: `the dumps could not be written: ${(e as Error).message}` });
      return undefined;
    }
  }

  /**
   * Stops serving queries: those running get up to `graceMs` to finish, then the query processes are ended. Dumps still
   * being written are left to the process's end (their temporaries are swept later).
   */
  async close(graceMs = 0): Promise<void> {
    await this.release?.(graceMs);
    await this.pub?.queries.close();
  }
}
