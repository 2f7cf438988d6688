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
    const direct = directAnswerer(store, { unionDefaultGraph: true, budget: 1000, regex: 'none' });
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

  it('on the server thread, learns a REGEX shape whose backtracking is bounded and charges each test to the budget', async () => {
    const direct = directAnswerer(store, { unionDefaultGraph: true, budget: 1000, regex: 'bounded' });
    const tools = { env: {}, direct };
    const r = (p: string) => `SELECT ?n WHERE { ?s <http://x/name> ?n FILTER(REGEX(?n, "${p}", "i")) }`;
    direct.learn(r('^(al|be).*a$'), {}, 2);
    direct.learn(r('^(al|ga).*a$'), {}, 2);
    const known = await answerByShape(tools, { text: r('^(b|x).*a$'), resultsType: json, ...limits });
    assert.ok(known);
    assert.deepEqual(
      JSON.parse(known.body.toString()).results.bindings.map((b: { n: { value: string } }) => b.n.value),
      ['Beta'],
    );
    // Two unbounded quantifiers could take time to the square of the string's length per start: not on this thread.
    const u = (p: string) => `SELECT ?n WHERE { ?s <http://x/name> ?n FILTER(REGEX(?n, "${p}")) } # two`;
    direct.learn(u('a.*b.*c'), {}, 2);
    direct.learn(u('x.*y.*z'), {}, 2);
    assert.equal(await answerByShape(tools, { text: u('l.*p.*a'), resultsType: json, ...limits }), undefined);
  });

  it('hands a bounded REGEX back when its tests would cost more than the budget (long strings)', async () => {
    const long = QuadStore.fromQuads([quad(X('a'), X('name'), literal(`${'a'.repeat(2000)}b`))]);
    const direct = directAnswerer(long, { unionDefaultGraph: true, budget: 1000, regex: 'bounded' });
    const tools = { env: {}, direct };
    const r = (p: string) => `SELECT ?n WHERE { ?s <http://x/name> ?n FILTER(REGEX(?n, "${p}")) }`;
    direct.learn(r('a.*c'), {}, 2);
    direct.learn(r('a.*d'), {}, 2);
    assert.equal(await answerByShape(tools, { text: r('a.*b'), resultsType: json, ...limits }, true), undefined);
    // And the shape is not tried on this thread again.
    assert.equal(direct.shape(r('a.*e')), undefined);
  });

  it('parses a shape the indexes do not take only once on the server thread', () => {
    const direct = directAnswerer(store, { unionDefaultGraph: true, budget: 1000, regex: 'bounded' });
    const q = (s: string) => `SELECT ?n WHERE { ?s <http://x/name> ?n MINUS { ?s <http://x/in> <http://x/${s}> } }`;
    let parses = 0;
    const env = {
      get maxDepth() {
        parses++;
        return 64;
      },
    };
    for (const s of ['a', 'b', 'c', 'd', 'e']) direct.learn(q(s), env, 2);
    assert.equal(parses > 0, true, 'parsed once met twice');
    const once = parses;
    for (const s of ['f', 'g', 'h']) direct.learn(q(s), env, 2);
    assert.equal(parses, once, 'not parsed again');
  });
});
