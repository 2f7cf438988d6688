// Peer (speed reference): the oxigraph npm package behind a minimal express handler, one process.
// Usage: node oxigraph.js --data records.nq[,ontology.ttl...] --port P --base IRI
import * as fs from 'node:fs';
import express from 'express';
import * as ox from 'oxigraph';
import { flag } from './args';

const RESULT_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'];
const GRAPH_TYPES = ['text/turtle', 'application/n-triples', 'application/rdf+xml'];

function main(): void {
  const port = Number(flag('port', '3032'));
  const base = flag('base', 'http://bench.example/');
  const store = new ox.Store();
  for (const file of flag('data', 'records.nq').split(',')) {
    const format = file.endsWith('.nq') ? 'application/n-quads' : 'text/turtle';
    store.load(fs.readFileSync(file, 'utf8'), { format, base_iri: base, no_transaction: true } as never);
  }
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/sparql', (req, res) => {
    const query = typeof req.query.query === 'string' ? req.query.query : '';
    const accept = req.get('accept') ?? '';
    const construct = /^\s*(PREFIX[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)/i.test(query);
    const type = (construct ? GRAPH_TYPES : RESULT_TYPES).find((t) => accept.includes(t)) ?? (construct ? 'text/turtle' : RESULT_TYPES[0]);
    try {
      const body = store.query(query, { results_format: type, use_default_graph_as_union: true }) as string;
      res.type(type).send(body);
    } catch (e) {
      res
        .status(400)
        .type('text/plain')
        .send((e as Error).message);
    }
  });
  // The document about a thing, as a DESCRIBE of it: what a dereferencing front end on oxigraph would do.
  app.get(/^\/doc\/(.+)$/, (req, res) => {
    const thing = `${base}id/${decodeURIComponent(req.path.slice(5))}`;
    const body = store.query(`DESCRIBE <${thing}>`, { results_format: 'text/turtle', use_default_graph_as_union: true }) as string;
    res.type('text/turtle').send(body);
  });
  app.listen(port, '127.0.0.1');
}

main();
