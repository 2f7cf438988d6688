// The query service of one dataset version: answers tasks in the query processes (or in process), caches small answers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Readable } from 'node:stream';
import { cacheBytesFor } from '../store/cacheBudget';
import { Dataset } from '../store/dataset';
import { snapshotFile, writeSnapshot } from '../store/snapshot';
import { EngineOnDemand } from './engineOnDemand';
import { Admission, AdmissionCancelled, AdmissionRefused } from './admission';
import { answerByShape, answerQuery, AnswerHead, Presenter, QueryTask, TaskLimits, TaskTools } from './queryTask';
import { directAnswerer } from './bgp';
import { AnswerCache, CACHED_UP_TO } from './answerCache';
import { QueryError } from './queryError';
import { outcomeOf, QueryOutcomes } from './outcomes';
import { PoolOptions, QueryProcesses, Snapshot } from './processPool';

export interface QueryServiceOptions {
  /** Query processes kept ready; 0 runs queries in this process (CLI, tests), where a timeout cannot stop the work. */
  workers: number;
  timeoutMs: number;
  /** Queries running at once; each has a process to itself, so stopping one never stops another. */
  maxConcurrent: number;
  /** Queries waiting for a slot (each at most twice timeoutMs) before new ones are refused as busy. */
  queueSize: number;
  maxRows: number;
  /** Size of any answer, in bytes: a longer one is cut at a row (and says so); default 64 MiB. */
  maxBytes?: number;
  unionDefaultGraph: boolean;
  allowRemote: readonly string[];
  /** Upper bound of the cached answers, in bytes (answers over 1 MiB are never cached). */
  cacheBytes?: number;
  prefixes?: Record<string, string>;
  /** Bracket nesting accepted before parsing (default 64). */
  maxDepth?: number;
  /** Heap cap of each query process, in MB: a query that needs more ends its process alone. */
  workerMemoryMb?: number;
  /** Where the store snapshot the query processes read is written (default: the OS temp folder). */
  snapshotDir?: string;
  /** The HTML page and plain JSON rows, made where the query runs. */
  present?: Presenter;
  /** Shared by every version's service, so the counts survive reloads. */
  outcomes?: QueryOutcomes;
}

/** An answer: its head (the response's headers) and its body, whole (cached, or in process) or streamed from its process. */
export interface Answer extends AnswerHead {
  body: Buffer | Readable;
  cached: boolean;
  /**
   * An answer streamed before its end is known (an external store's, for a task that is `streamable`): its count and
   * whether it was cut are set here by the time the body ends (HTTP trailers carry them); the head's count and bytes
   * say nothing then.
   */
  streamed?: { count: number; truncated: boolean };
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Index entries a query answered on the server's own thread may visit (about a millisecond of work). */
const NEAR_BUDGET = 20_000;
/** Longest query text whose shape the server's thread learns (parse time grows faster than length). */
const LEARN_UP_TO = 2_000;

type Shared = { head: AnswerHead; body: Buffer } | { head: AnswerHead; body: Readable; taken: boolean };
interface Flight {
  result: Promise<Shared>;
  waiters: number;
  stop: AbortController;
}

export class QueryService {
  readonly outcomes: QueryOutcomes;
  private readonly local?: { tools: TaskTools; admission: Admission };
  /** With query processes: known query shapes answered on this thread from the indexes, no parse, no process. */
  private readonly near?: Pick<TaskTools, 'direct' | 'env' | 'present'>;
  private snapshot?: Snapshot;
  private snapshotWritten?: Promise<Snapshot>;
  private readonly cache: AnswerCache;
  private readonly flights = new Map<string, Flight>();
  private active = 0;
  private retired?: () => void;

  private readonly pool?: QueryProcesses;
  /** Processes this service started itself (no pool was given), and so closes with it. */
  private readonly ownPool?: QueryProcesses;

  /**
   * `pool`: the server's query processes, shared by every version (see startQueryProcesses); without one, the service
   * starts its own when `workers` > 0, else runs queries in this process. `written`: a snapshot of this dataset's
   * store already written (the processes may have opened it ahead): the service uses it, and removes it when closed.
   */
  constructor(
    readonly dataset: Dataset,
    private readonly opts: QueryServiceOptions,
    pool?: QueryProcesses,
    written?: Snapshot,
  ) {
    if (written) {
      this.snapshot = written;
      this.snapshotWritten = Promise.resolve(written);
    }
    this.outcomes = opts.outcomes ?? new QueryOutcomes();
    this.cache = new AnswerCache(opts.cacheBytes ?? cacheBytesFor(dataset.size));
    this.ownPool = pool || opts.workers === 0 ? undefined : startQueryProcesses(opts, dataset.baseIri);
    this.pool = pool ?? this.ownPool;
    const graphs = new Set(dataset.graphNames());
    const env = {
      allowRemote: opts.allowRemote,
      localBase: dataset.baseIri,
      isLocalGraph: (g: string) => graphs.has(g),
      maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    };
    if (this.pool) {
      // The server's thread gets a small bound on the work, REGEX tests included (nothing could be stopped here).
      this.near = {
        direct: directAnswerer(dataset.store, { unionDefaultGraph: opts.unionDefaultGraph, budget: NEAR_BUDGET, regex: 'bounded' }),
        env,
        present: opts.present,
      };
    } else {
      this.local = {
        tools: {
          engine: new EngineOnDemand(dataset.store, { unionDefaultGraph: opts.unionDefaultGraph, allowRemote: opts.allowRemote }),
          env,
          // In process a query cannot be stopped: the direct answer gets a small bound on its work.
          direct: directAnswerer(dataset.store, { unionDefaultGraph: opts.unionDefaultGraph, budget: 50_000 }),
          present: opts.present,
        },
        admission: new Admission(opts.maxConcurrent, opts.queueSize, 2 * opts.timeoutMs),
      };
    }
  }

  /** Resolves once the query processes have opened this version's data (written once as a snapshot file). */
  async ready(): Promise<void> {
    if (!this.pool) return;
    await this.pool.warm(await this.writeSnapshot());
  }

  private writeSnapshot(): Promise<Snapshot> {
    this.snapshotWritten ??= (async () => {
      const file = snapshotFile(this.opts.snapshotDir ?? os.tmpdir(), this.dataset.info.version);
      await writeSnapshot(this.dataset.store, file);
      this.snapshot = { version: this.dataset.info.version, file };
      return this.snapshot;
    })();
    return this.snapshotWritten;
  }

  /**
   * The one way to run a query: analysis, format choice, evaluation and presentation happen where it runs.
   * Throws QueryError. `signal` (the client hung up) stops it: waiting, running, or being sent.
   */
  async answer(task: QueryTask, signal?: AbortSignal): Promise<Answer> {
    const began = Date.now();
    try {
      const out = await this.shared(task, signal);
      this.outcomes.record({ outcome: 'ok', ms: Date.now() - began, cached: out.cached });
      return out;
    } catch (e) {
      this.outcomes.record({ outcome: signal?.aborted ? 'cancelled' : outcomeOf(e), ms: Date.now() - began, cached: false });
      throw e;
    }
  }

  /** The configured limits, for the service description, ETags and error messages. */
  get limits(): { timeoutMs: number; maxRows: number; maxBytes: number; maxConcurrent: number; queueSize: number } {
    const { timeoutMs, maxRows, maxBytes = DEFAULT_MAX_BYTES, maxConcurrent, queueSize } = this.opts;
    return { timeoutMs, maxRows, maxBytes, maxConcurrent, queueSize };
  }

  /** Queries running and waiting (all versions: the slots are the server's), for health reporting. */
  get load(): { queued: number; running: number } {
    return this.pool?.load ?? this.local!.admission.load;
  }

  /**
   * Retires this version: its running and queued queries finish on its data, then the processes forget it and its
   * snapshot is removed. The processes themselves belong to the server (LiveDataset closes them).
   */
  async close(): Promise<void> {
    // Processes of its own are ended first (their queries get 'closing'); shared ones finish this version's queries.
    await this.ownPool?.close();
    if (this.active > 0)
      await new Promise<void>((resolve) => {
        this.retired = resolve;
      });
    const written = await this.snapshotWritten?.catch(() => undefined);
    if (written) {
      this.pool?.drop(written.version);
      await fs.promises.rm(written.file, { force: true });
    }
  }

  /** Identical requests in flight share one evaluation; small finished answers are served from the cache. */
  private async shared(task: QueryTask, signal?: AbortSignal): Promise<Answer> {
    const key = JSON.stringify([
      task.text,
      task.defaultGraphUris ?? [],
      task.namedGraphUris ?? [],
      task.resultsType ?? '',
      task.graphType ?? '',
      task.maxRows ?? null,
      task.bindings ?? null,
      task.jsonldContext?.url ?? null,
      task.page ?? null,
    ]);
    const hit = this.cache.get(key);
    if (hit) {
      return { ...hit.head, body: hit.body, cached: true };
    }
    let flight = this.flights.get(key);
    if (!flight) {
      const stop = new AbortController();
      const result = this.evaluate(task, stop.signal).then(async ({ head, body }): Promise<Shared> => {
        if (Buffer.isBuffer(body) || head.bytes <= CACHED_UP_TO) {
          const whole = Buffer.isBuffer(body) ? body : await collect(body);
          this.cache.remember(key, head, whole);
          return { head, body: whole };
        }
        const shared = { head, body, taken: false };
        // Every waiter left before it could take the stream: it is thrown away (its process drains it).
        setImmediate(() => {
          if (!shared.taken) body.destroy();
        });
        return shared;
      });
      flight = { result, waiters: 0, stop };
      this.flights.set(key, flight);
      void result
        .catch(() => undefined)
        .finally(() => {
          if (this.flights.get(key) === flight) this.flights.delete(key);
        });
    }
    const out = await this.wait(flight, signal);
    if (Buffer.isBuffer(out.body)) return { ...out.head, body: out.body, cached: false };
    const stream = out as Extract<Shared, { taken: boolean }>;
    if (!stream.taken) {
      stream.taken = true;
      return { ...out.head, body: stream.body, cached: false };
    }
    // A large answer streams to one client only: this request runs on its own.
    return this.unshared(task, signal);
  }

  private async unshared(task: QueryTask, signal?: AbortSignal): Promise<Answer> {
    const { head, body } = await this.evaluate(task, signal);
    return { ...head, body, cached: false };
  }

  /** Joins a flight; the evaluation is stopped only when every request waiting for it has gone. */
  private wait(flight: Flight, signal?: AbortSignal): Promise<Shared> {
    flight.waiters++;
    if (!signal) return flight.result;
    return new Promise<Shared>((resolve, reject) => {
      const onAbort = () => {
        if (--flight.waiters === 0) flight.stop.abort();
        reject(new QueryError('cancelled', 'The client hung up; the query was stopped.'));
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      flight.result.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async evaluate(task: QueryTask, signal?: AbortSignal): Promise<{ head: AnswerHead; body: Buffer | Readable }> {
    const limits: TaskLimits = {
      maxRows: Math.min(task.maxRows ?? Infinity, this.opts.maxRows),
      maxBytes: this.limits.maxBytes,
      prefixes: this.opts.prefixes,
    };
    this.active++;
    try {
      if (this.pool) {
        const near = this.near && (await answerByShape(this.near, { ...task, ...limits }, true));
        if (near) return near;
        const running = await this.pool.run(await this.writeSnapshot(), { ...task, ...limits }, signal);
        // A short query met again is parsed here once (after its answer), so its shape can be answered here next time.
        if (task.text.length <= LEARN_UP_TO) setImmediate(() => this.near?.direct?.learn(task.text, this.near.env, 2));
        // The version is in use until its answer has been read (or thrown away).
        this.active++;
        running.body.once('close', () => this.idle());
        return running;
      }
      return await this.inProcess({ ...task, ...limits }, signal);
    } finally {
      this.idle();
    }
  }

  private idle(): void {
    if (--this.active === 0 && this.retired) this.retired();
  }

  /** No process to end here: a timeout answers the caller and destroys the result stream; Comunica may compute on. */
  private async inProcess(task: QueryTask & TaskLimits, signal?: AbortSignal): Promise<{ head: AnswerHead; body: Buffer }> {
    const { tools, admission } = this.local!;
    let release: () => void;
    try {
      release = await admission.acquire(signal);
    } catch (e) {
      if (e instanceof AdmissionRefused) throw new QueryError('busy', e.message);
      if (e instanceof AdmissionCancelled) throw new QueryError('cancelled', 'The client hung up; the query was stopped.');
      throw e;
    }
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const stopped = `The query did not finish within the limit of ${this.opts.timeoutMs / 1000} s and was stopped; simplify it or add a LIMIT.`;
    try {
      return await Promise.race([
        answerQuery(tools, task, stop.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            stop.abort();
            reject(new QueryError('timeout', stopped));
          }, this.opts.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      release();
    }
  }
}

/** The query processes for these options: started ahead of the data, so they build the engine while it is parsed. */
export function startQueryProcesses(
  opts: QueryServiceOptions,
  baseIri: string,
  extra: Pick<PoolOptions, 'onProcessExit' | 'onProcessReady' | 'spare' | 'engineIdleMs'> = {},
): QueryProcesses {
  return new QueryProcesses({
    ...extra,
    processes: Math.min(opts.workers, opts.maxConcurrent),
    maxConcurrent: opts.maxConcurrent,
    queueSize: opts.queueSize,
    timeoutMs: opts.timeoutMs,
    memoryMb: opts.workerMemoryMb ?? 1024,
    settings: {
      unionDefaultGraph: opts.unionDefaultGraph,
      allowRemote: opts.allowRemote,
      baseIri,
      maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    },
  });
}

/** Reads a (small) body to its end. */
async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** An answer's body as text (CLI, tests, the conformance runner). */
export async function answerText(a: Pick<Answer, 'body'>): Promise<string> {
  return (Buffer.isBuffer(a.body) ? a.body : await collect(a.body)).toString('utf8');
}
