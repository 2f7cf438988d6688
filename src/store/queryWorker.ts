// Worker thread: queries the main thread's store through its shared indexes, with its own engine.
import { workerData } from 'node:worker_threads';
import { QuadStore, SharedQuads } from './quadStore';
import { QueryOutput, QueryRequest, SparqlEngine } from './engine';

interface Init { data: SharedQuads; unionDefaultGraph: boolean }

const init = workerData as Init;
const store = new QuadStore(init.data);
const engine = new SparqlEngine(store, { unionDefaultGraph: init.unionDefaultGraph });

export default async function run(req: QueryRequest): Promise<QueryOutput> {
  return engine.execute(req);
}
