// The dataset's query service: checks each query, runs it on a worker pool with a timeout, caches answers.
import * as path from 'node:path';
import { Piscina } from 'piscina';
import { Dataset } from './dataset';
import { analyzeQuery, AnalyzedQuery, QueryProblem } from './analyze';
import { BgpPlan, planBgp, runBgp } from './bgp';
// Types only: with workers the engine (Comunica) is loaded in the worker threads, never on the main thread.
import type { QueryOutput, QueryRequest, SparqlEngine } from './engine';

export type QueryErrorKind = 'syntax' | 'update' | 'remote' | 'timeout' | 'busy' | 'execution';

export class QueryError extends Error {
  constructor(readonly kind: QueryErrorKind, message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface QueryServiceOptions {
  /** Worker threads; 0 runs queries on the calling thread (CLI, tests), where a timeout cannot stop the work. */
  workers: number;
  timeoutMs: number;
  maxConcurrent: number;
  queueSize: number;
  maxRows: number;
  unionDefaultGraph: boolean;
  allowRemote: readonly string[];
  /** Upper bound of cached result bodies, in characters. */
  cacheChars?: number;
  /**
   * Index entries a basic-graph-pattern SELECT may visit when answered directly from the store on the calling thread
   * (0 sends every query to the engine). Larger ones go to the engine.
   */
  directBudget?: number;
  prefixes?: Record<string, string>;
}

export interface DatasetParams { defaultGraphUris?: readonly string[]; namedGraphUris?: readonly string[] }

export class QueryService {
  private readonly pool?: Piscina;
  private readonly local?: SparqlEngine;
  private readonly cache = new Map<string, QueryOutput>();
  /** Parsed and checked queries by text and dataset parameters: a repeated query is not parsed again. */
  private readonly analyses = new Map<string, AnalyzedQuery | QueryError>();
  private readonly plans = new WeakMap<AnalyzedQuery, BgpPlan | null>();
  private cachedChars = 0;
  private readonly graphs: Set<string>;

  constructor(readonly dataset: Dataset, private readonly opts: QueryServiceOptions) {
    this.graphs = new Set(dataset.graphNames());
    if (opts.workers > 0) {
      this.pool = new Piscina({
        filename: path.join(__dirname, 'queryWorker.js'),
        workerData: { data: dataset.store.share(), unionDefaultGraph: opts.unionDefaultGraph },
        minThreads: opts.workers,
        maxThreads: opts.workers,
        concurrentTasksPerWorker: Math.max(1, Math.ceil(opts.maxConcurrent / opts.workers)),
        maxQueue: opts.queueSize,
        idleTimeout: 2 ** 31 - 1,
      });
    } else {
      const { SparqlEngine: Engine } = require('./engine') as typeof import('./engine');
      this.local = new Engine(dataset.store, { unionDefaultGraph: opts.unionDefaultGraph });
    }
  }

  /** Parses and checks a query (read-only, local graphs only unless allow-listed); throws QueryError. */
  analyze(text: string, params: DatasetParams = {}): AnalyzedQuery {
    const key = JSON.stringify([text, params.defaultGraphUris ?? null, params.namedGraphUris ?? null]);
    let known = this.analyses.get(key);
    if (known === undefined) {
      try {
        known = this.check(text, params);
      } catch (e) {
        if (!(e instanceof QueryError)) throw e;
        known = e;
      }
      if (this.analyses.size >= 2000) this.analyses.delete(this.analyses.keys().next().value!);
      this.analyses.set(key, known);
    }
    if (known instanceof QueryError) throw known;
    return known;
  }

  private check(text: string, params: DatasetParams): AnalyzedQuery {
    try {
      return analyzeQuery(text, {
        allowRemote: this.opts.allowRemote, localBase: this.dataset.baseIri, isLocalGraph: (g) => this.graphs.has(g),
        defaultGraphUris: params.defaultGraphUris, namedGraphUris: params.namedGraphUris, maxDepth: 400,
      });
    } catch (e) {
      if (e instanceof QueryProblem) throw new QueryError(e.kind, e.message, e.line, e.column);
      throw e;
    }
  }

  /** Runs an analysed query and serialises the answer as `mediaType`. */
  async execute(query: AnalyzedQuery, mediaType: string, extra: Partial<QueryRequest> = {}): Promise<QueryOutput & { cached: boolean }> {
    const req: QueryRequest = { query: query.text, mediaType, maxRows: this.opts.maxRows, prefixes: this.opts.prefixes, ...extra };
    const key = JSON.stringify([req.query, req.mediaType, req.maxRows, req.context ?? null]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); this.cache.set(key, hit); // most recently used last
      return { ...hit, cached: true };
    }
    const out = this.answerDirectly(query, req) ?? await this.runTask(req);
    this.remember(key, out);
    return { ...out, cached: false };
  }

  /** SELECTs over one basic graph pattern, answered from the store's indexes without the engine; undefined otherwise. */
  private answerDirectly(query: AnalyzedQuery, req: QueryRequest): QueryOutput | undefined {
    const budget = this.opts.directBudget ?? 50_000;
    if (budget <= 0 || req.context || req.mediaType !== 'application/sparql-results+json') return undefined;
    let plan = this.plans.get(query);
    if (plan === undefined) { plan = planBgp(query.parsed) ?? null; this.plans.set(query, plan); }
    if (!plan) return undefined;
    const answer = runBgp(this.dataset.store, plan, { unionDefaultGraph: this.opts.unionDefaultGraph, maxRows: req.maxRows ?? Infinity, budget });
    return answer && { form: 'SELECT', mediaType: req.mediaType, ...answer };
  }

  private async runTask(req: QueryRequest): Promise<QueryOutput> {
    const seconds = `${this.opts.timeoutMs / 1000} s`;
    if (this.local) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new QueryError('timeout', `The query did not finish within ${seconds} and was stopped.`)), this.opts.timeoutMs);
      });
      try {
        return await Promise.race([this.local.execute(req), timeout]);
      } catch (e) {
        throw e instanceof QueryError ? e : new QueryError('execution', (e as Error).message);
      } finally {
        clearTimeout(timer);
      }
    }
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    try {
      return (await this.pool!.run(req, { signal })) as QueryOutput;
    } catch (e) {
      const err = e as Error & { name?: string; code?: string };
      if (signal.aborted || err.name === 'AbortError') throw new QueryError('timeout', `The query did not finish within ${seconds} and was stopped.`);
      if (/queue is full|Task queue is at limit/i.test(err.message)) throw new QueryError('busy', 'Too many queries are running or waiting; try again shortly.');
      throw new QueryError('execution', err.message);
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

  /** Queries waiting and running, for the service's own health reporting. */
  get load(): { queued: number; running: number } {
    return { queued: this.pool?.queueSize ?? 0, running: this.pool ? this.pool.utilization : 0 };
  }

  /** Finishes the running and queued queries, then stops the workers. */
  async close(): Promise<void> {
    await this.pool?.close();
  }
}
