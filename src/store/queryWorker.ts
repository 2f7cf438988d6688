// Worker thread: rebuilds the store from the transferred encoding and answers queries with its own engine.
import { workerData } from 'node:worker_threads';
import { RdfStore } from 'rdf-stores';
import { decodeQuads, EncodedQuads } from './transfer';
import { QueryOutput, QueryRequest, SparqlEngine } from './engine';

interface Init { data: EncodedQuads; unionDefaultGraph: boolean }

const init = workerData as Init;
const store = RdfStore.createDefault();
for (const q of decodeQuads(init.data)) store.addQuad(q);
const engine = new SparqlEngine(store, { unionDefaultGraph: init.unionDefaultGraph });

export default async function run(req: QueryRequest): Promise<QueryOutput> {
  return engine.execute(req);
}
