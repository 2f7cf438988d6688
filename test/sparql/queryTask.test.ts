import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { directAnswerer } from '../../src/sparql/bgp';
import { SparqlEngine } from '../../src/sparql/comunica/engine';
import { answerByShape, answerQuery } from '../../src/sparql/queryTask';
import { QuadStore } from '../../src/store/quadStore';

const { namedNode, literal, quad } = DataFactory;
const X = (s: string) => namedNode(`http://x/${s}`);

describe('queryTask: known query shapes answered without a parse', () => {
  const store = QuadStore.fromQuads([
    quad(X('a'), X('name'), literal('Alpha')),
    quad(X('a'), X('in'), X('c')),
    quad(X('b'), X('name'), literal('Beta')),
    quad(X('b'), X('in'), X('c')),
  ]);
  const limits = { maxRows: 100, maxBytes: 1 << 20 };
  const json = 'application/sparql-results+json';

  it('learns a shape from an answered query and answers another text of it, in any accepted format', async () => {
    const direct = directAnswerer(store, { unionDefaultGraph: true, budget: 1000 });
    const tools = { engine: new SparqlEngine(store, { unionDefaultGraph: true }), env: {}, direct };
    const q = (s: string) => `SELECT ?n WHERE { <http://x/${s}> <http://x/name> ?n OPTIONAL { <http://x/${s}> <http://x/in> ?c } } # ${s}`;
    assert.equal(await answerByShape(tools, { text: q('a'), resultsType: json, ...limits }), undefined, 'not known yet');
    const first = await answerQuery(tools, { text: q('a'), resultsType: json, ...limits });
    assert.match(first.body.toString(), /Alpha/);
    const known = await answerByShape(tools, { text: q('b'), resultsType: json, ...limits });
    assert.ok(known);
    assert.match(known.body.toString(), /Beta/);
    assert.equal(known.head.count, 1);
    // A form's own refusal stands: no RDF format for a SELECT.
    await assert.rejects(answerByShape(tools, { text: q('b'), graphType: 'text/turtle', ...limits }), /No acceptable media type/);
  });

  it('learns on a thread that parses nothing else only from a shape met twice, and never with bindings', async () => {
    const direct = directAnswerer(store, { unionDefaultGraph: true, budget: 1000, regex: false });
    const tools = { env: {}, direct };
    const q = (s: string) => `ASK { <http://x/${s}> <http://x/in> <http://x/c> }`;
    direct.learn(q('a'), {}, 2);
    assert.equal(await answerByShape(tools, { text: q('b'), resultsType: json, ...limits }), undefined);
    direct.learn(q('b'), {}, 2);
    const known = await answerByShape(tools, { text: q('z'), resultsType: json, ...limits });
    assert.ok(known);
    assert.equal(JSON.parse(known.body.toString()).boolean, false);
    const bound = { text: q('a'), resultsType: json, bindings: { x: { termType: 'NamedNode' as const, value: 'http://x/a' } }, ...limits };
    assert.equal(await answerByShape(tools, bound), undefined);
    // Without REGEX here, such a shape is never learnt.
    const r = (s: string) => `SELECT ?n WHERE { ?s <http://x/name> ?n FILTER(REGEX(?n, "${s}")) }`;
    direct.learn(r('A'), {}, 2);
    direct.learn(r('B'), {}, 2);
    assert.equal(await answerByShape(tools, { text: r('C'), resultsType: json, ...limits }), undefined);
  });
});
