// One query process seen from the server: forked with a hard heap cap, given one task at a time, its answer read with backpressure.
import { ChildProcess, fork } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { QueryError } from './queryError';
import { QUERY_NICE, type ProcessSettings, type ToMain, type ToProcess } from './processProtocol';
import type { AnswerHead, QueryTask, TaskLimits } from './queryTask';

/** The process's entry point (src/queryProcess.ts, built next to src/sparql/). */
const ENTRY = path.join(__dirname, '..', 'queryProcess.js');

export interface MemberOptions {
  settings: ProcessSettings;
  memoryMb: number;
}

/** A task as the member runs it; the pool decides its clock and its end. */
export interface MemberJob {
  id: number;
  version: string;
  file: string;
  task: QueryTask & TaskLimits;
  onStarted: () => void;
  onHead: (head: AnswerHead, body: Readable) => void;
  onFailed: (e: QueryError) => void;
  /** The body was read to its end (or drained): the member is free again. */
  onDone: () => void;
}

let nextId = 1;

export class ProcessMember {
  readonly child: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  /** Why the server ended this process, when it did: what its task's caller is told. */
  private endedFor?: QueryError;
  private job?: MemberJob;
  private body?: { stream: Readable; remaining: number; draining: boolean };
  private stderr = '';
  private readonly pipe: Socket;
  private readonly ready: Promise<void>;
  private becameReady!: () => void;
  private readonly opened = new Map<string, Array<(ok: boolean) => void>>();
  readonly versions = new Set<string>();
  /** The process has loaded Comunica (~60 MB more than a process without it): the pool replaces it once idle a while. */
  engineLoaded = false;

  constructor(
    opts: MemberOptions,
    private readonly onExit: (m: ProcessMember, startFailed: boolean, stderr: string) => void,
  ) {
    this.child = fork(ENTRY, [JSON.stringify(opts.settings)], {
      // Only the heap cap: flags the server was started with (a debugger, mocha's) are not the query's business.
      execArgv: [`--max-old-space-size=${opts.memoryMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc', 'pipe'],
      serialization: 'json',
    });
    // Queries yield the CPU to the server's own process; set at once, so the threads the process starts inherit it.
    try {
      if (this.child.pid) os.setPriority(this.child.pid, QUERY_NICE);
    } catch {
      /* not allowed here */
    }
    this.pipe = this.child.stdio[4] as Socket;
    this.pipe.on('data', (chunk: Buffer) => this.onBytes(chunk));
    this.pipe.pause(); // read only when the body's reader wants more: the process waits on the full pipe meanwhile
    this.pipe.on('error', () => undefined);
    this.child.stderr!.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString()).slice(-4096);
    });
    this.ready = new Promise((resolve) => {
      this.becameReady = resolve;
    });
    this.child.on('message', (m: ToMain) => {
      if (m.t === 'ready') {
        if (this.state === 'starting') this.state = 'idle';
        this.becameReady();
      } else this.onMessage(m);
    });
    this.child.on('error', () => undefined); // an 'exit' follows
    this.child.once('exit', (code, signal) => this.onExited(code, signal));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves once the engine is built (the pool hands out no task before), or once the process has died trying. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Opens a version ahead of need; resolves false when it could not (its tasks will say why). */
  open(version: string, file: string): Promise<boolean> {
    if (this.versions.has(version)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiting = this.opened.get(version);
      if (waiting) {
        waiting.push(resolve);
        return;
      }
      this.opened.set(version, [resolve]);
      if (!this.send({ t: 'open', version, file })) this.settleOpen(version, false);
    });
  }

  drop(version: string): void {
    this.versions.delete(version);
    this.send({ t: 'drop', version });
  }

  /** Promised to a task about to run (so no other task takes it meanwhile). */
  reserve(): void {
    if (this.state === 'idle') this.state = 'busy';
  }

  unreserve(): void {
    if (this.state === 'busy' && !this.job) this.state = 'idle';
  }

  run(job: Omit<MemberJob, 'id'>): number {
    const id = nextId++;
    this.job = { ...job, id };
    this.state = 'busy';
    this.versions.add(job.version);
    if (!this.send({ t: 'run', id, version: job.version, file: job.file, task: job.task }))
      this.end(new QueryError('crashed', 'The query process could not be reached.'));
    return id;
  }

  /** Kills the process; its task (if any) fails with `why`. */
  end(why: QueryError): void {
    if (this.state === 'dead') return;
    this.endedFor ??= why;
    this.child.kill('SIGKILL');
  }

  private send(m: ToProcess): boolean {
    if (!this.child.connected) return false;
    try {
      this.child.send(m);
      return true;
    } catch {
      return false;
    }
  }

  private settleOpen(version: string, ok: boolean): void {
    if (ok) this.versions.add(version);
    for (const r of this.opened.get(version) ?? []) r(ok);
    this.opened.delete(version);
  }

  private onMessage(m: ToMain): void {
    if (m.t === 'opened') {
      this.settleOpen(m.version, true);
      return;
    }
    if (m.t === 'openFailed') {
      this.settleOpen(m.version, false);
      return;
    }
    if (m.t === 'ready') return;
    if (m.t === 'engine') {
      this.engineLoaded = true;
      return;
    }
    const job = this.job;
    if (!job || m.id !== job.id) return;
    if (m.t === 'started') job.onStarted();
    else if (m.t === 'failed') {
      this.job = undefined;
      this.state = 'idle';
      job.onFailed(QueryError.fromPlain(m.error));
      job.onDone();
    } else if (m.t === 'head') this.startBody(job, m.head);
  }

  private startBody(job: MemberJob, head: AnswerHead): void {
    const member = this;
    const stream = new Readable({
      read() {
        if (member.body?.stream === stream && !member.body.draining) member.pipe.resume();
      },
      destroy(err, callback) {
        // The reader left early (the client hung up): the rest is read and thrown away, so the process can be reused.
        if (member.body?.stream === stream && member.body.remaining > 0 && member.state !== 'dead') {
          member.body.draining = true;
          member.pipe.resume();
        }
        callback(err);
      },
    });
    // Its reader (a response) sees errors through its pipeline; with no reader left, an error must not end the server.
    stream.on('error', () => undefined);
    this.body = { stream, remaining: head.bytes, draining: false };
    job.onHead(head, stream);
    if (head.bytes === 0) this.finishBody();
  }

  private onBytes(chunk: Buffer): void {
    const body = this.body;
    if (!body || chunk.length > body.remaining) {
      this.end(new QueryError('crashed', 'The query process sent more than its answer.'));
      return;
    }
    body.remaining -= chunk.length;
    if (!body.draining && !body.stream.push(chunk)) this.pipe.pause();
    if (body.remaining === 0) this.finishBody();
  }

  private finishBody(): void {
    const { stream, draining } = this.body!;
    this.body = undefined;
    this.pipe.pause();
    if (!draining) stream.push(null);
    const job = this.job!;
    this.job = undefined;
    this.state = 'idle';
    job.onDone();
  }

  /** Whether the task's body is being thrown away (its reader left). */
  get draining(): boolean {
    return this.body?.draining ?? false;
  }

  private onExited(code: number | null, signal: NodeJS.Signals | null): void {
    const startFailed = this.state === 'starting';
    this.state = 'dead';
    for (const v of [...this.opened.keys()]) this.settleOpen(v, false);
    const job = this.job;
    this.job = undefined;
    const why = this.endedFor ?? this.deathCause(code, signal);
    if (this.body) {
      const { stream, draining } = this.body;
      this.body = undefined;
      if (!draining) stream.destroy(why);
      job?.onDone();
    } else if (job) {
      job.onFailed(why);
      job.onDone();
    }
    this.becameReady(); // whoever waits for it learns it is dead
    this.onExit(this, startFailed, this.stderr);
  }

  /** V8 aborts a process that reaches its heap cap (SIGABRT, and says so on stderr). */
  private deathCause(code: number | null, signal: NodeJS.Signals | null): QueryError {
    if (signal === 'SIGABRT' || /heap out of memory|Reached heap limit/.test(this.stderr)) return new QueryError('memory', '');
    return new QueryError('crashed', `The query process ended unexpectedly (${signal ?? `exit code ${code}`}).`);
  }
}
