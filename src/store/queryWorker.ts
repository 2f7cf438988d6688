// Worker thread: rebuilds the store from the transferred encoding and answers queries with its own engine.
import { workerData } from 'node:worker_threads';
import { RdfStore } from 'rdf-stores';
import { decodeQuads, EncodedQuads } from './transfer';
import { QueryOutput, QueryRequest, SparqlEngine } from './engine';
import { answerQuery, QueryTask, TaskEnv, TaskOutcome } from './queryTask';

interface Init { data: EncodedQuads; unionDefaultGraph: boolean; allowRemote: readonly string[]; baseIri: string; maxDepth: number }

const init = workerData as Init;
const store = RdfStore.createDefault();
for (const q of decodeQuads(init.data)) store.addQuad(q);
const engine = new SparqlEngine(store, { unionDefaultGraph: init.unionDefaultGraph, allowRemote: init.allowRemote });
const graphs = new Set<string>();
for (const [g] of store.readDistinctTerms(['graph'])) if (g.termType === 'NamedNode') graphs.add(g.value);
// Comunica builds much of itself on the first query: pay that now rather than on a client's first request.
void engine.execute({ query: 'ASK {}', mediaType: 'application/sparql-results+json' }).catch(() => undefined);
const env: TaskEnv = { allowRemote: init.allowRemote, localBase: init.baseIri, isLocalGraph: (g) => graphs.has(g), maxDepth: init.maxDepth };

/** An already analysed query (CLI, conformance runner). */
export default async function run(req: QueryRequest): Promise<QueryOutput> {
  return engine.execute(req);
}

/** A protocol request: analysis, format choice and evaluation, all off the server's thread. */
export async function answer(task: QueryTask): Promise<TaskOutcome> {
  return answerQuery(engine, task, env);
}
