// The query processes of a server: admission, one task per process, timeouts, cancellation, replacement, draining.
// Processes rather than threads because a worker thread's heap limit is best effort (nodejs/node#47224): one query
// could end the whole server. A process with --max-old-space-size ends alone. Why not workerpool: see README.
import type { Readable } from 'node:stream';
import { Admission, AdmissionCancelled, AdmissionRefused } from './admission';
import { ProcessMember } from './processMember';
import type { ProcessSettings } from './processProtocol';
import { QueryError } from './queryError';
import type { AnswerHead, QueryTask, TaskLimits } from './queryTask';

export interface PoolOptions {
  /** Processes kept ready. */
  processes: number;
  /**
   * Ready processes kept beyond the busy ones (default 0): a process ended by a timeout, a memory cap or a client
   * that left is replaced at once by a spare, while a new one starts (which takes seconds: it reads the store).
   * Started once the processes kept ready have opened a first version.
   */
  spare?: number;
  /** Queries running at once, one process each. */
  maxConcurrent: number;
  /** Queries waiting for a slot (each at most twice timeoutMs) before new ones are refused as busy. */
  queueSize: number;
  timeoutMs: number;
  /** Heap cap of each process (--max-old-space-size), in MB. */
  memoryMb: number;
  settings: ProcessSettings;
  /** A process died or was ended; for the log. */
  onProcessExit?: (e: { pid?: number; reason: string; stderr: string }) => void;
  /** A process is ready to take queries, `ms` after it was started; for the log. */
  onProcessReady?: (e: { pid?: number; ms: number }) => void;
  /**
   * A process that has loaded Comunica is replaced by a fresh one (without the engine) once it has been idle this
   * long (default ENGINE_IDLE_MS): the engine's modules and caches stay with a process for good, ~60 MB each.
   */
  engineIdleMs?: number;
}

/** A version of the data, as the processes open it. */
export interface Snapshot {
  version: string;
  file: string;
}

export interface Running {
  head: AnswerHead;
  body: Readable;
}

/** A task holding a slot, waiting for a process to start. */
interface Waiter {
  take: (m: ProcessMember) => void;
  fail: (e: QueryError) => void;
}

/** How long a fresh process may take to start and open the data before its task counts as stuck. */
const START_MS = 60_000;
/** An answer whose reader left is read to its end and thrown away, unless that takes longer than this. */
const DRAIN_MS = 2_000;
/** Extra processes (beyond those kept ready) end after this long without work. */
const IDLE_MS = 60_000;
/**
 * A process holding the engine is replaced after this long without work. Long enough that a client sending queries
 * the engine answers (one every few seconds) keeps its process; short enough that the memory comes back soon after
 * a burst (a bench's load run, a crawler) is over. A replacement starts in about a second per million quads.
 */
export const ENGINE_IDLE_MS = 30_000;

export class QueryProcesses {
  private readonly members = new Set<ProcessMember>();
  private readonly waiting: Waiter[] = [];
  private readonly admission: Admission;
  private current?: Snapshot;
  /**
   * The processes kept ready have opened a first version: the spares start only then. Before, they would take the
   * CPU from those and from the load (a process takes ~1 s of CPU to start; at 1M quads the server's first start
   * is ~10 s on two cores), and no query can be answered anyway.
   */
  private opened = false;
  private closing = false;
  private failedStarts = 0;
  private respawn?: NodeJS.Timeout;
  private readonly idleTimers = new Map<ProcessMember, NodeJS.Timeout>();

  constructor(private readonly opts: PoolOptions) {
    // A query in line behind one that runs to its timeout still gets its turn; beyond twice that, it is refused.
    this.admission = new Admission(opts.maxConcurrent, opts.queueSize, 2 * opts.timeoutMs);
    this.fill();
  }

  /** The client has this long after the answer is ready to take it all; then the connection is closed. */
  get deliveryMs(): number {
    return Math.max(this.opts.timeoutMs, 30_000);
  }

  get load(): { running: number; queued: number } {
    return this.admission.load;
  }

  /** Process ids, for measuring memory per process. */
  get pids(): number[] {
    return [...this.members]
      .filter((m) => m.state !== 'dead')
      .map((m) => m.pid!)
      .filter(Boolean);
  }

  /** How many live processes have loaded Comunica. */
  get withEngine(): number {
    return [...this.members].filter((m) => m.state !== 'dead' && m.engineLoaded).length;
  }

  /** Makes `snap` the version new processes open at start, and has every process open it; resolves once the idle ones have. */
  async warm(snap: Snapshot): Promise<void> {
    this.current = snap;
    const live = [...this.members].filter((m) => m.state !== 'dead');
    await Promise.all(
      live.map(async (m) => {
        // Once a version is open, a process still starting (a spare, a replacement) is not waited for: it opens the
        // version in service as soon as it is started. The first version waits for them: no other could answer.
        if (this.opened && m.state === 'starting') return;
        await m.whenReady();
        const opening = m.open(snap.version, snap.file);
        // A process busy with a long query opens the version after it: the reload does not wait for that query.
        if (m.state === 'idle') await opening;
      }),
    );
    if (!this.opened) {
      this.opened = true;
      this.fill();
    }
  }

  /** Every process forgets a version no longer served. */
  drop(version: string): void {
    for (const m of this.members) if (m.state !== 'dead') m.drop(version);
  }

  /**
   * Runs a task over a version: resolves with its head and a body stream once it is computed, or rejects with a
   * QueryError. `signal` aborts it: waiting, it leaves the line; running, its process stops it or is ended.
   */
  async run(snap: Snapshot, task: QueryTask & TaskLimits, signal?: AbortSignal): Promise<Running> {
    if (this.closing) throw closingError();
    let release: () => void;
    try {
      release = await this.admission.acquire(signal);
    } catch (e) {
      if (e instanceof AdmissionRefused) throw new QueryError('busy', e.message);
      if (e instanceof AdmissionCancelled) throw cancelled();
      throw e;
    }
    // Clients hanging up together (a page closed on many queries) are heard one event at a time: a slot freed by the
    // first is granted before the others' hang-ups are read. One turn of the event loop lets them be read first, so a
    // spare process is not handed to a query whose client has already gone (and ended with it).
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) {
      release();
      throw cancelled();
    }
    let member: ProcessMember;
    try {
      member = await this.member(signal);
    } catch (e) {
      release();
      throw e;
    }
    return this.start(member, snap, task, release, signal);
  }

  private start(
    member: ProcessMember,
    snap: Snapshot,
    task: QueryTask & TaskLimits,
    release: () => void,
    signal?: AbortSignal,
  ): Promise<Running> {
    return new Promise<Running>((resolve, reject) => {
      if (signal?.aborted) {
        member.unreserve();
        release();
        this.handOut(member);
        reject(cancelled());
        return;
      }
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      // The clock starts when the process begins evaluating: neither the wait for a slot nor opening the data counts.
      const clock = (ms: number, why: () => QueryError) => {
        clearTimeout(timer);
        timer = setTimeout(() => member.end(why()), ms);
      };
      // The client left: the process is ended at once (see queryProcess.ts for why it cannot just stop the task).
      const onAbort = () => {
        if (!settled) member.end(cancelled());
      };
      const fail = (e: QueryError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e.kind === 'memory' && !e.message ? this.memoryError() : e);
      };
      clock(START_MS + this.opts.timeoutMs, () => this.timeoutError());
      signal?.addEventListener('abort', onAbort, { once: true });
      member.run({
        version: snap.version,
        file: snap.file,
        task,
        onStarted: () => {
          if (!signal?.aborted) clock(this.opts.timeoutMs, () => this.timeoutError());
        },
        onFailed: fail,
        onHead: (head, body) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (settled || signal?.aborted) {
            settled = true;
            member.end(cancelled());
            reject(cancelled());
            return;
          }
          settled = true;
          // A reader that does not take the answer in time loses the connection, and the process is freed.
          timer = setTimeout(() => body.destroy(new Error('The client did not read the answer in time.')), this.deliveryMs);
          body.once('close', () => {
            if (member.draining) {
              clearTimeout(timer);
              timer = setTimeout(() => member.end(cancelled()), DRAIN_MS);
            }
          });
          resolve({ head, body });
        },
        onDone: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          release();
          if (member.state === 'idle') this.handOut(member);
        },
      });
    });
  }

  /** An idle process, or the next one to become idle; a new one is started when there are fewer than the slots. */
  private member(signal?: AbortSignal): Promise<ProcessMember> {
    const idle = [...this.members].find((m) => m.state === 'idle');
    if (idle) {
      this.reserve(idle);
      return Promise.resolve(idle);
    }
    return new Promise((resolve, reject) => {
      const leave = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        take: (m) => {
          leave();
          this.reserve(m);
          resolve(m);
        },
        fail: (e) => {
          leave();
          reject(e);
        },
      };
      const onAbort = () => waiter.fail(cancelled());
      // Only a process start is awaited here (the slot is held): one that never comes is a failure, not a wait.
      const timer = setTimeout(() => waiter.fail(new QueryError('crashed', 'No query process could be started in time.')), START_MS);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.fill();
    });
  }

  private reserve(m: ProcessMember): void {
    clearTimeout(this.idleTimers.get(m));
    this.idleTimers.delete(m);
    m.reserve();
  }

  /** A process became free: to the next task waiting for one, or idle (and ended after a while if it is an extra). */
  private handOut(m: ProcessMember): void {
    const next = this.waiting[0];
    if (next) {
      next.take(m);
      return;
    }
    // Closing: an idle process may still be wanted by a queued query during the grace; close() ends it after.
    if (this.closing) return;
    const kept = this.opts.processes + (this.opts.spare ?? 0);
    if (this.live > kept)
      this.idleTimers.set(
        m,
        setTimeout(() => {
          if (m.state === 'idle' && this.live > kept) m.end(closingError());
          else if (m.state === 'idle' && m.engineLoaded) this.retire(m);
        }, IDLE_MS),
      );
    else if (m.engineLoaded)
      this.idleTimers.set(
        m,
        setTimeout(() => this.retire(m), this.opts.engineIdleMs ?? ENGINE_IDLE_MS),
      );
  }

  /**
   * Replaces an idle process that holds the engine by a lean one: the old one is kept from new tasks, serves none
   * while the new one starts and opens the version in service, and is ended once that one is ready (or could not start).
   */
  private retire(m: ProcessMember): void {
    this.idleTimers.delete(m);
    if (m.state !== 'idle' || this.closing) return;
    m.reserve();
    const fresh = this.spawn();
    void fresh
      .whenReady()
      .then(async () => {
        const snap = this.current;
        if (snap && fresh.state !== 'dead') await fresh.open(snap.version, snap.file);
      })
      .finally(() => m.end(closingError()));
  }

  private get live(): number {
    return [...this.members].filter((m) => m.state !== 'dead').length;
  }

  /**
   * Starts processes up to those kept ready, plus one per task waiting for a process, plus the spares once a version
   * is open; never beyond the slots and spares.
   */
  private fill(): void {
    if (this.closing || this.respawn) return;
    const spare = this.opened ? (this.opts.spare ?? 0) : 0;
    const busy = [...this.members].filter((m) => m.state === 'busy').length;
    const target = Math.min(this.opts.maxConcurrent + spare, Math.max(this.opts.processes, busy + this.waiting.length) + spare);
    for (let n = this.live; n < target; n++) this.spawn();
  }

  private spawn(): ProcessMember {
    const m = new ProcessMember({ settings: this.opts.settings, memoryMb: this.opts.memoryMb }, (dead, startFailed, stderr) =>
      this.onExit(dead, startFailed, stderr),
    );
    this.members.add(m);
    const started = Date.now();
    void m.whenReady().then(() => {
      if (m.state === 'dead') return;
      this.failedStarts = 0;
      this.opts.onProcessReady?.({ pid: m.pid, ms: Date.now() - started });
      // The version in service is opened now; a task given meanwhile opens it first, before its clock starts.
      const snap = this.current;
      if (snap) void m.open(snap.version, snap.file);
      if (m.state === 'idle') this.handOut(m);
    });
    return m;
  }

  private onExit(m: ProcessMember, startFailed: boolean, stderr: string): void {
    this.members.delete(m);
    clearTimeout(this.idleTimers.get(m));
    this.idleTimers.delete(m);
    this.opts.onProcessExit?.({ pid: m.pid, reason: startFailed ? 'failed to start' : 'ended', stderr });
    if (this.closing) return;
    if (startFailed) {
      // A process that cannot even start (a heap cap too small for the engine, a broken install) must not be
      // restarted in a tight loop: wait longer after each failure, and tell the waiting tasks why.
      this.failedStarts++;
      if (this.failedStarts >= 3) {
        const e = new QueryError('crashed', `The query processes fail to start: ${lastLine(stderr)}`);
        for (const w of [...this.waiting]) w.fail(e);
      }
      const wait = Math.min(30_000, 250 * 2 ** this.failedStarts);
      this.respawn = setTimeout(() => {
        this.respawn = undefined;
        this.fill();
      }, wait);
      return;
    }
    this.fill();
  }

  /**
   * Stops taking queries, lets the running and queued ones finish for up to `graceMs`, then ends every process
   * (queries still running get 'closing'). Never throws, whatever the timeout.
   */
  async close(graceMs = 0): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.respawn);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.admission.idle(),
      new Promise<void>((r) => {
        timer = setTimeout(r, graceMs);
      }),
    ]);
    clearTimeout(timer);
    this.admission.refuseWaiting(() => new AdmissionRefused('The server is shutting down.'));
    const ended = [...this.members].map(
      (m) =>
        new Promise<void>((resolve) => {
          if (m.state === 'dead') {
            resolve();
            return;
          }
          m.child.once('exit', () => resolve());
          m.end(closingError());
        }),
    );
    for (const w of [...this.waiting]) w.fail(closingError());
    await Promise.all(ended);
    for (const t of this.idleTimers.values()) clearTimeout(t);
  }

  private timeoutError(): QueryError {
    return new QueryError(
      'timeout',
      `The query did not finish within the limit of ${this.opts.timeoutMs / 1000} s and was stopped; simplify it or add a LIMIT.`,
    );
  }

  private memoryError(): QueryError {
    return new QueryError(
      'memory',
      `The query needed more than the ${this.opts.memoryMb} MB of memory a query may use and was stopped; add a LIMIT or narrow its patterns.`,
    );
  }
}

const cancelled = () => new QueryError('cancelled', 'The client hung up; the query was stopped.');
const closingError = () => new QueryError('closing', 'The server is shutting down; try again shortly.');

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .pop() ?? 'no message'
  );
}
