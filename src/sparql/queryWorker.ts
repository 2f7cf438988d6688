// Worker thread: queries the main thread's store through its shared indexes, with its own engine.
import { MessagePort, workerData } from 'node:worker_threads';
import { QuadStore, SharedQuads } from '../store/quadStore';
import { QueryOutput, QueryRequest, SparqlEngine } from './comunica/engine';
import { answerQuery, QueryTask, TaskEnv, TaskOutcome } from './queryTask';
import { DirectAnswer, directAnswerer } from './bgp';

/** Settings of the whole pool; the data comes with each task, so threads can start before it is loaded. */
export interface PoolSettings { unionDefaultGraph: boolean; allowRemote: readonly string[]; baseIri: string; maxDepth: number }
/** What every task carries: the store's shared memory (passed by reference, never copied) and its version. */
export interface TaskData { data: SharedQuads; version: string }

const settings = workerData as PoolSettings;

interface Opened { version: string; engine: SparqlEngine; direct: DirectAnswer; env: TaskEnv; warmed: Promise<void> }
let opened: Opened | undefined;

/** The engine over the task's store, opened on the first task of a version (a pool serves one version). */
function open(task: TaskData): Opened {
  if (opened?.version === task.version) return opened;
  const store = new QuadStore(task.data);
  const engine = new SparqlEngine(store, { unionDefaultGraph: settings.unionDefaultGraph, allowRemote: settings.allowRemote });
  const graphs = new Set(store.graphs().filter((g) => g.termType === 'NamedNode').map((g) => g.value));
  opened = {
    version: task.version,
    engine,
    // Basic graph patterns straight from the indexes; off the server's thread, so a generous bound on the work.
    direct: directAnswerer(store, { unionDefaultGraph: settings.unionDefaultGraph, budget: 1_000_000 }),
    env: { allowRemote: settings.allowRemote, localBase: settings.baseIri, isLocalGraph: (g) => graphs.has(g), maxDepth: settings.maxDepth },
    // Comunica builds much of itself on the first query: pay that now rather than on a client's first request.
    warmed: engine.execute({ query: 'ASK {}', mediaType: 'application/sparql-results+json' }).then(() => undefined, () => undefined),
  };
  return opened;
}

/** Resolves once this thread has opened the data and answered its first query. */
export function warm(task: TaskData): Promise<void> {
  return open(task).warmed;
}

/** Each task carries a port on which the thread says it has begun: the query's clock starts then. */
type Started = { started?: MessagePort };

function begin(task: Started): void {
  task.started?.postMessage('started');
  task.started?.close();
}

/** An already analysed query (CLI, conformance runner). */
export default async function run(req: QueryRequest & Started & TaskData): Promise<QueryOutput> {
  const { engine } = open(req);
  begin(req);
  return engine.execute(req);
}

/** A protocol request: analysis, format choice and evaluation, all off the server's thread. */
export async function answer(task: QueryTask & Started & TaskData): Promise<TaskOutcome> {
  const { engine, env, direct } = open(task);
  begin(task);
  return answerQuery(engine, task, env, undefined, direct);
}
