// Peer: Comunica's own SPARQL endpoint (HttpServiceSparqlEndpoint) over an rdf-stores store, with N worker processes.
// Usage: node comunica.js --data records.nq[,ontology.ttl...] --base IRI --port P [--workers 2]
import cluster from 'node:cluster';
import * as fs from 'node:fs';
import { StreamParser } from 'n3';
import { RdfStore } from 'rdf-stores';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { HttpServiceSparqlEndpoint } from '@comunica/actor-init-query';
import { flag } from './args';

async function main(): Promise<void> {
  const port = Number(flag('port', '3031'));
  const workers = Number(flag('workers', '2'));
  const silent = (process.env.BENCH_PEER_LOG ? process.stderr : { write: () => true }) as unknown as NodeJS.WritableStream;
  if (cluster.isPrimary) {
    // The primary only forks and supervises; each forked worker loads its own copy of the data.
    await new HttpServiceSparqlEndpoint({ engine: {} as never, port, workers, timeout: 60_000 } as never).run(
      silent as never,
      silent as never,
    );
    return;
  }
  const store = RdfStore.createDefault();
  for (const file of flag('data', 'records.nq').split(',')) {
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(file)
        .pipe(new StreamParser({ format: file.endsWith('.nq') ? 'N-Quads' : 'Turtle', baseIRI: flag('base', 'http://bench.example/') }))
        .on('data', (q) => store.addQuad(q))
        .on('end', resolve)
        .on('error', reject);
    });
  }
  const endpoint = new HttpServiceSparqlEndpoint({
    engine: new QueryEngine() as never,
    port,
    workers,
    timeout: 60_000,
    context: { sources: [store], unionDefaultGraph: true },
  } as never);
  await endpoint.run(silent as never, silent as never);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
