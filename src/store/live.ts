// The dataset being served, swapped atomically on reload; an invalid new version never replaces a valid one.
import { Dataset } from './dataset';
import { DumpSet, removeDumps } from './dumps';
import { LoadResult } from './load';
import { Problem } from './problem';
import { QueryService } from './queryService';

export interface Publication {
  readonly dataset: Dataset;
  readonly queries: QueryService;
  /** The downloadable dumps of this dataset; absent when none were asked for or they could not be built. */
  readonly dumps?: DumpSet;
}

export class LiveDataset {
  private pub?: Publication;
  private reloading?: Promise<{ ok: boolean; problems: Problem[] }>;

  constructor(
    private readonly load: () => Promise<LoadResult>,
    private readonly makeQueries: (ds: Dataset) => QueryService,
    /** Builds the dumps of a new dataset before it is swapped in, so its description can state their sizes. */
    private readonly makeDumps?: (ds: Dataset) => Promise<DumpSet>,
  ) {}

  /** The publication in service; throws before the first successful load. */
  get current(): Publication {
    if (!this.pub) throw new Error('no dataset loaded yet');
    return this.pub;
  }

  /** Loads and validates, then swaps in; on failure the previous publication stays and the problems are returned. */
  reload(): Promise<{ ok: boolean; problems: Problem[] }> {
    // Concurrent reload requests share one load rather than racing.
    this.reloading ??= this.doReload().finally(() => { this.reloading = undefined; });
    return this.reloading;
  }

  private async doReload(): Promise<{ ok: boolean; problems: Problem[] }> {
    const result = await this.load();
    if (!result.ok) return { ok: false, problems: result.problems };
    const problems = [...result.problems];
    let dumps: DumpSet | undefined;
    if (this.makeDumps) {
      // The previous version keeps being served while the dumps of the new one are written.
      try {
        dumps = await this.makeDumps(result.dataset);
        for (const f of dumps.failures) problems.push({ severity: 'warning', message: `the ${f.format} dump could not be written: ${f.reason}` });
      } catch (e) {
        problems.push({ severity: 'warning', message: `the dumps could not be written: ${(e as Error).message}` });
      }
    }
    const next: Publication = { dataset: result.dataset, queries: this.makeQueries(result.dataset), dumps };
    // Swap only once the new workers can answer, so a reload never makes the first queries after it slow.
    await next.queries.ready();
    const previous = this.pub;
    this.pub = next;
    // The old pool finishes the queries it is running, then closes.
    if (previous) void previous.queries.close();
    if (previous?.dumps && previous.dumps.dir !== dumps?.dir) void removeDumps(previous.dumps).catch(() => undefined);
    return { ok: true, problems };
  }

  async close(): Promise<void> {
    await this.pub?.queries.close();
  }
}
