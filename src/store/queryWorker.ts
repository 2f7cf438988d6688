// Worker thread: queries the main thread's store through its shared indexes, with its own engine.
import { MessagePort, workerData } from 'node:worker_threads';
import { QuadStore, SharedQuads } from './quadStore';
import { QueryOutput, QueryRequest, SparqlEngine } from './engine';
import { answerQuery, QueryTask, TaskEnv, TaskOutcome } from './queryTask';
import { directAnswerer } from './bgp';

interface Init { data: SharedQuads; unionDefaultGraph: boolean; allowRemote: readonly string[]; baseIri: string; maxDepth: number }

const init = workerData as Init;
const store = new QuadStore(init.data);
const engine = new SparqlEngine(store, { unionDefaultGraph: init.unionDefaultGraph, allowRemote: init.allowRemote });
const graphs = new Set<string>();
for (const [g] of store.readDistinctTerms(['graph'])) if (g.termType === 'NamedNode') graphs.add(g.value);
// Comunica builds much of itself on the first query: pay that now rather than on a client's first request.
const warmed = engine.execute({ query: 'ASK {}', mediaType: 'application/sparql-results+json' }).then(() => undefined, () => undefined);
// Basic graph patterns straight from the indexes; off the server's thread, so a generous bound on the work.
const direct = directAnswerer(store, { unionDefaultGraph: init.unionDefaultGraph, budget: 1_000_000 });
const env: TaskEnv = { allowRemote: init.allowRemote, localBase: init.baseIri, isLocalGraph: (g) => graphs.has(g), maxDepth: init.maxDepth };

/** Resolves once this thread has answered its first query. */
export function warm(): Promise<void> {
  return warmed;
}

/** Each task carries a port on which the thread says it has begun: the query's clock starts then. */
type Started = { started?: MessagePort };

function begin(task: Started): void {
  task.started?.postMessage('started');
  task.started?.close();
}

/** An already analysed query (CLI, conformance runner). */
export default async function run(req: QueryRequest & Started): Promise<QueryOutput> {
  begin(req);
  return engine.execute(req);
}

/** A protocol request: analysis, format choice and evaluation, all off the server's thread. */
export async function answer(task: QueryTask & Started): Promise<TaskOutcome> {
  begin(task);
  return answerQuery(engine, task, env, undefined, direct);
}
