// The messages between the server and a query process (IPC); answer bodies travel apart, on a pipe of their own.
import type { PlainQueryError } from './queryError';
import type { AnswerHead, QueryTask, TaskLimits } from './queryTask';

/** The nice value of query processes: documents and pages come first when the CPU is short. */
export const QUERY_NICE = 10;

/** What every query process is started with. */
export interface ProcessSettings {
  unionDefaultGraph: boolean;
  allowRemote: readonly string[];
  baseIri: string;
  maxDepth: number;
}

export type ToProcess =
  /** Open a store snapshot ahead of need (a reload warms every process before it swaps). */
  | { t: 'open'; version: string; file: string }
  /** Answer a task over a version: `started`, then `head` and exactly `head.bytes` bytes on the body pipe, or `failed`. */
  | { t: 'run'; id: number; version: string; file: string; task: QueryTask & TaskLimits }
  /** Forget a version no longer served. */
  | { t: 'drop'; version: string };

export type ToMain =
  /** The engine is built: tasks may come. */
  | { t: 'ready' }
  | { t: 'opened'; version: string }
  | { t: 'openFailed'; version: string; message: string }
  /** The data is open and evaluation begins: the query's clock starts now. */
  | { t: 'started'; id: number }
  /** The task just run made this process load Comunica (sent once, before the task's head or failure). */
  | { t: 'engine' }
  | { t: 'head'; id: number; head: AnswerHead }
  | { t: 'failed'; id: number; error: PlainQueryError };
