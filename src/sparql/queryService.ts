// The dataset's query service: admits queries to a bounded worker pool, stops each at its timeout, caches answers.
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { Dataset } from '../store/dataset';
import { analyzeQuery, AnalyzedQuery, QueryProblem } from './analyze';
import { QueryForm, QueryOutput, QueryRequest, SparqlEngine } from './comunica/engine';
import { Admission, AdmissionRefused } from './admission';
import { answerQuery, QueryTask, TaskEnv, TaskOutcome } from './queryTask';
import { DirectAnswer, directAnswerer } from './bgp';
import type { PoolSettings, TaskData } from './queryWorker';

export type QueryErrorKind = 'syntax' | 'update' | 'remote' | 'unacceptable' | 'unsupported' | 'timeout' | 'memory' | 'busy' | 'execution';

export class QueryError extends Error {
  constructor(readonly kind: QueryErrorKind, message: string, readonly line?: number, readonly column?: number, readonly form?: QueryForm) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface QueryServiceOptions {
  /** Worker threads kept ready; 0 runs queries on the calling thread (CLI, tests), where a timeout cannot stop the work. */
  workers: number;
  timeoutMs: number;
  /** Queries running at once; each has a thread to itself, so stopping one never stops another. */
  maxConcurrent: number;
  /** Queries waiting for a slot (each at most twice timeoutMs) before new ones are refused as busy. */
  queueSize: number;
  maxRows: number;
  unionDefaultGraph: boolean;
  allowRemote: readonly string[];
  /** Upper bound of cached result bodies, in characters. */
  cacheChars?: number;
  prefixes?: Record<string, string>;
  /** Bracket nesting accepted before parsing (default 64). */
  maxDepth?: number;
  /** Heap of each worker thread, in MB: a query that needs more is stopped with its thread (V8's default when absent). */
  workerMemoryMb?: number;
}

export interface DatasetParams { defaultGraphUris?: readonly string[]; namedGraphUris?: readonly string[] }

/** A protocol request: the query, its dataset parameters, and the media type wanted for each kind of result. */
export type QueryAsk = Omit<QueryTask, 'maxRows' | 'prefixes'> & { /** A lower row cap than the service's, e.g. for pages. */ maxRows?: number };

export const DEFAULT_MAX_DEPTH = 64;

/** How long a fresh worker thread may take to load the engine and the data before its first task counts as stuck. */
const THREAD_START_MS = 60_000;

export class QueryService {
  private readonly pool?: Piscina;
  private readonly taskData?: TaskData;
  private readonly local?: SparqlEngine;
  private readonly direct?: DirectAnswer;
  private readonly env: TaskEnv;
  private readonly admission: Admission;
  private readonly cache = new Map<string, QueryOutput>();
  private readonly inFlight = new Map<string, Promise<QueryOutput>>();
  private cachedChars = 0;
  private readonly graphs: Set<string>;

  /**
   * `pool`: threads started earlier with startQueryPool (with the same options), so that they load the engine while
   * the data is still being parsed; by default the service starts its own.
   */
  constructor(readonly dataset: Dataset, private readonly opts: QueryServiceOptions, pool?: Piscina) {
    this.graphs = new Set(dataset.graphNames());
    const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.env = { allowRemote: opts.allowRemote, localBase: dataset.baseIri, isLocalGraph: (g) => this.graphs.has(g), maxDepth };
    // A query in line behind one that runs to its timeout still gets its turn; beyond twice that, it is refused.
    this.admission = new Admission(opts.maxConcurrent, opts.queueSize, 2 * opts.timeoutMs);
    if (opts.workers > 0) {
      this.pool = pool ?? startQueryPool({ ...opts, baseIri: dataset.baseIri });
      this.taskData = { data: dataset.store.share(), version: dataset.info.version };
    } else {
      this.local = new SparqlEngine(dataset.store, { unionDefaultGraph: opts.unionDefaultGraph, allowRemote: opts.allowRemote });
      // On the calling thread a query cannot be stopped: the direct answer gets a small bound on its work.
      this.direct = directAnswerer(dataset.store, { unionDefaultGraph: opts.unionDefaultGraph, budget: 50_000 });
    }
  }

  /** Resolves once the worker threads have loaded the engine and the data (best effort: one warm-up task per thread). */
  async ready(): Promise<void> {
    if (!this.pool) return;
    const n = Math.min(this.opts.workers, this.opts.maxConcurrent);
    await Promise.all(Array.from({ length: n }, () => this.pool!.run(this.taskData, { name: 'warm' })));
  }

  /** Parses and checks a query on the calling thread (CLI, tests); throws QueryError. The endpoint uses answer(). */
  analyze(text: string, params: DatasetParams = {}): AnalyzedQuery {
    try {
      return analyzeQuery(text, { ...this.env, defaultGraphUris: params.defaultGraphUris, namedGraphUris: params.namedGraphUris });
    } catch (e) {
      if (e instanceof QueryProblem) throw new QueryError(e.kind, e.message, e.line, e.column);
      throw e;
    }
  }

  /** Runs an analysed query and serialises the answer as `mediaType`. */
  async execute(query: Pick<AnalyzedQuery, 'form' | 'text'> & Partial<AnalyzedQuery>, mediaType: string, extra: Partial<QueryRequest> = {}): Promise<QueryOutput & { cached: boolean }> {
    // In process the engine takes the parse already made; a worker thread gets the text (a parse does not cross),
    // which is why graph parameters need the parse: analyze() with them is for in-process use (CLI, tests).
    if (!this.local && query.graphParams) throw new QueryError('unsupported', 'Graph parameters are applied by answer(), not execute(), on worker threads.');
    const req: QueryRequest = { query: this.local && query.query ? query.query : query.text, mediaType, maxRows: this.opts.maxRows, prefixes: this.opts.prefixes, ...extra };
    const key = JSON.stringify(['run', query.text, query.graphParams ?? null, req.mediaType, req.maxRows, req.context ?? null, req.bindings ?? null, req.jsonldContext?.url ?? null]);
    return this.cached(key, () => this.runTask('run', req, (out: QueryOutput) => out));
  }

  /**
   * Answers a protocol request entirely off the calling thread: analysis, format choice, evaluation.
   * Throws QueryError: syntax/update/remote/unacceptable (the request), timeout, busy, execution.
   */
  async answer(ask: QueryAsk): Promise<QueryOutput & { cached: boolean }> {
    const task: QueryTask = { ...ask, maxRows: Math.min(ask.maxRows ?? Infinity, this.opts.maxRows), prefixes: this.opts.prefixes };
    const key = JSON.stringify(['answer', task.text, task.defaultGraphUris ?? [], task.namedGraphUris ?? [], task.resultsType ?? '', task.graphType ?? '', task.maxRows]);
    return this.cached(key, () => this.runTask('answer', task, (o: TaskOutcome) => {
      if (o.ok) return o.output;
      throw new QueryError(o.kind, o.message, o.line, o.column, o.form);
    }));
  }

  /** The configured limits, for the service description and error messages. */
  get limits(): { timeoutMs: number; maxRows: number; maxConcurrent: number; queueSize: number } {
    const { timeoutMs, maxRows, maxConcurrent, queueSize } = this.opts;
    return { timeoutMs, maxRows, maxConcurrent, queueSize };
  }

  /** Identical requests in flight share one evaluation; finished ones are served from the cache. */
  private async cached(key: string, run: () => Promise<QueryOutput>): Promise<QueryOutput & { cached: boolean }> {
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); this.cache.set(key, hit); // most recently used last
      return { ...hit, cached: true };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = run().then((out) => { this.remember(key, out); return out; }).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return { ...(await pending), cached: false };
  }

  private async runTask<T>(name: 'run' | 'answer', payload: QueryRequest | QueryTask, unwrap: (result: T) => QueryOutput): Promise<QueryOutput> {
    let release: () => void;
    try {
      release = await this.admission.acquire();
    } catch (e) {
      if (e instanceof AdmissionRefused) throw new QueryError('busy', e.message);
      throw e;
    }
    const stopped = `The query did not finish within the limit of ${this.opts.timeoutMs / 1000} s and was stopped; simplify it or add a LIMIT.`;
    try {
      if (this.local) {
        // No thread to terminate here: the timeout answers the caller and destroys the result stream.
        const stop = new AbortController();
        const work = name === 'run' ? this.local.execute(payload as QueryRequest, stop.signal) : answerQuery(this.local, payload as QueryTask, this.env, stop.signal, this.direct);
        return unwrap(await withTimeout(work as Promise<T>, this.opts.timeoutMs, () => { stop.abort(); return new QueryError('timeout', stopped); }));
      }
      // The clock starts when a thread takes the task: neither the wait for a slot (bounded by the admission)
      // nor the start of a fresh thread after a stopped query counts against the query.
      const abort = new AbortController();
      const { port1, port2 } = new MessageChannel();
      let timedOut = false;
      let settled = false;
      const stop = () => { if (!settled) { timedOut = true; abort.abort(); } };
      let timer = setTimeout(stop, this.opts.timeoutMs + THREAD_START_MS);
      port1.once('message', () => { clearTimeout(timer); if (!settled) timer = setTimeout(stop, this.opts.timeoutMs); });
      port1.unref();
      let result: T;
      try {
        result = await this.pool!.run({ ...payload, ...this.taskData, started: port2 }, { name: name === 'run' ? 'default' : 'answer', signal: abort.signal, transferList: [port2] }) as T;
      } catch (e) {
        // Piscina terminates the thread running an aborted task and starts a fresh one: only this query stops.
        if (timedOut || (e as Error).name === 'AbortError') throw new QueryError('timeout', stopped);
        if ((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          throw new QueryError('memory', `The query needed more than the ${this.opts.workerMemoryMb ?? 'default'} MB of memory a query may use and was stopped; add a LIMIT or narrow its patterns.`);
        }
        throw new QueryError('execution', (e as Error).message);
      } finally {
        settled = true;
        clearTimeout(timer);
        port1.close();
      }
      return unwrap(result);
    } catch (e) {
      throw e instanceof QueryError ? e : new QueryError('execution', (e as Error).message);
    } finally {
      release();
    }
  }

  private remember(key: string, out: QueryOutput): void {
    const limit = this.opts.cacheChars ?? 64_000_000;
    if (out.body.length > limit / 8) return;
    this.cache.set(key, out);
    this.cachedChars += out.body.length;
    for (const [k, v] of this.cache) {
      if (this.cachedChars <= limit) break;
      this.cache.delete(k);
      this.cachedChars -= v.body.length;
    }
  }

  /** Queries running and waiting, for health reporting. */
  get load(): { queued: number; running: number } {
    return this.admission.load;
  }

  /** Finishes the running and queued queries, then stops the workers. */
  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/** The worker threads of a query service, started before its data exists (they load the engine meanwhile). */
export function startQueryPool(opts: QueryServiceOptions & { baseIri: string }): Piscina {
  const settings: PoolSettings = { unionDefaultGraph: opts.unionDefaultGraph, allowRemote: opts.allowRemote, baseIri: opts.baseIri,
    maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH };
  return new Piscina({
    filename: path.join(__dirname, 'queryWorker.js'),
    workerData: settings,
    minThreads: Math.min(opts.workers, opts.maxConcurrent),
    maxThreads: Math.max(opts.workers, opts.maxConcurrent),
    // One query per thread: aborting a query terminates its thread, which must not take other queries with it.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    // The store is shared memory outside the heap: the limit bounds what one query builds, not the data.
    ...(opts.workerMemoryMb ? { resourceLimits: { maxOldGenerationSizeMb: opts.workerMemoryMb } } : {}),
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(error()), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
