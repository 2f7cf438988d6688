// Comunica is loaded only by a query the index evaluator leaves to it; the server's own modules never load it.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { directAnswerer } from '../../src/sparql/bgp';
import { SparqlEngine } from '../../src/sparql/comunica/engine';
import { EngineOnDemand } from '../../src/sparql/engineOnDemand';
import { answerQuery } from '../../src/sparql/queryTask';
import { QuadStore } from '../../src/store/quadStore';

const { namedNode, literal, quad } = DataFactory;
const X = (s: string) => namedNode(`http://x/${s}`);

describe('engineOnDemand', () => {
  const store = QuadStore.fromQuads([quad(X('a'), X('name'), literal('Alpha')), quad(X('b'), X('name'), literal('Beta'))]);
  const task = (text: string) => ({ text, resultsType: 'application/sparql-results+json', maxRows: 100, maxBytes: 1 << 20 });

  it('makes the engine only for a query the index evaluator leaves to it, and answers as the engine does', async function () {
    this.timeout(30_000);
    const engine = new EngineOnDemand(store, { unionDefaultGraph: true });
    const tools = { engine, env: {}, direct: directAnswerer(store, { unionDefaultGraph: true, budget: 1000 }) };
    const plain = await answerQuery(tools, task('SELECT ?n WHERE { ?s <http://x/name> ?n } ORDER BY ?n'));
    assert.match(plain.body.toString(), /Alpha[\s\S]*Beta/);
    assert.equal(engine.loaded, false);
    // SHA1 is left to the engine by the evaluator.
    const text = 'SELECT (SHA1(?n) AS ?h) WHERE { ?s <http://x/name> ?n } ORDER BY ?h';
    const hashed = await answerQuery(tools, task(text));
    assert.equal(engine.loaded, true);
    const reference = await new SparqlEngine(store, { unionDefaultGraph: true }).execute({
      query: text,
      mediaType: 'application/sparql-results+json',
    });
    assert.equal(hashed.body.toString(), reference.body);
  });

  it('is not loaded by the server: importing the app loads no Comunica module', function () {
    this.timeout(60_000);
    const app = path.join(__dirname, '..', '..', 'src', 'app.js');
    const script = `require(${JSON.stringify(app)}); console.log(Object.keys(require.cache).filter((k) => k.includes('@comunica')).length)`;
    assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim(), '0');
  });
});
