// Dataset semantics for Comunica: the union default graph (each triple once), GRAPH ?g over named graphs only.
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { RdfStore } from 'rdf-stores';
import { SparqlEngine } from '../../../src/sparql/comunica/engine';

const { namedNode: n, literal, quad, defaultGraph } = DataFactory;

function store(): RdfStore {
  const s = RdfStore.createDefault();
  s.addQuad(quad(n('http://x/a'), n('http://x/p'), literal('1'), defaultGraph()));
  s.addQuad(quad(n('http://x/b'), n('http://x/p'), literal('2'), n('http://x/g1')));
  s.addQuad(quad(n('http://x/b'), n('http://x/p'), literal('2'), n('http://x/g2'))); // the same triple in two graphs
  s.addQuad(quad(n('http://x/c'), n('http://x/p'), literal('3'), n('http://x/g2')));
  return s;
}

async function csv(engine: SparqlEngine, query: string): Promise<string[]> {
  const out = await engine.execute({ query, mediaType: 'text/csv' });
  return out.body.trim().split('\r\n').slice(1).sort();
}

describe('store/datasetSource (through the engine)', () => {
  it('GRAPH ?g lists only the named graphs, never the unnamed one', async () => {
    for (const union of [true, false]) {
      const e = new SparqlEngine(store(), { unionDefaultGraph: union });
      assert.deepEqual(await csv(e, 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }'), ['http://x/g1', 'http://x/g2']);
    }
  });

  it('the union default graph holds every triple once, also inside DISTINCT and subqueries', async () => {
    const e = new SparqlEngine(store(), { unionDefaultGraph: true });
    assert.deepEqual(await csv(e, 'SELECT ?s WHERE { ?s ?p ?o }'), ['http://x/a', 'http://x/b', 'http://x/c']);
    assert.deepEqual(await csv(e, 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }'), ['3']);
    assert.deepEqual(await csv(e, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'), ['3']);
  });

  it('without union, the default graph is the unnamed graph', async () => {
    const e = new SparqlEngine(store(), { unionDefaultGraph: false });
    assert.deepEqual(await csv(e, 'SELECT ?s WHERE { ?s ?p ?o }'), ['http://x/a']);
    assert.deepEqual(await csv(e, 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }'), ['1']);
  });
});
