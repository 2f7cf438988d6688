// The request a store is sent: the dataset decided as the protocol says, parameters as terms, GRAPH kept inside it.
import { strict as assert } from 'node:assert';
import { Parser } from 'sparqljs';
import { EMPTY_GRAPH, MAX_LISTED_GRAPHS, storeRequest } from '../../src/remote/storeRequest';
import { QueryError } from '../../src/sparql/queryError';

const version = { defaultGraphs: ['urn:forum-ld:union'], namedGraphs: ['http://ex.org/g1', 'http://ex.org/g2'] };

describe('remote/storeRequest', () => {
  it("sends the version's graphs, the query's FROM, or the protocol's parameters, an empty list as the empty graph", () => {
    assert.deepEqual(storeRequest('SELECT * { ?s ?p ?o }', undefined, 10, { version }).dataset, version);
    const own = storeRequest('SELECT * FROM <http://ex.org/g1> { ?s ?p ?o }', undefined, 10, { version });
    assert.deepEqual(own.dataset, { defaultGraphs: ['http://ex.org/g1'], namedGraphs: [EMPTY_GRAPH] });
    assert.doesNotMatch(own.text, /FROM/);
    const protocol = storeRequest('SELECT * FROM <http://ex.org/g1> { ?s ?p ?o }', undefined, 10, {
      version,
      protocol: { namedGraphs: ['http://ex.org/g2'] },
    });
    assert.deepEqual(protocol.dataset, { defaultGraphs: [EMPTY_GRAPH], namedGraphs: ['http://ex.org/g2'] });
  });

  it('binds parameters as terms in a VALUES block, whatever the value holds', () => {
    const hostile = '" } } ; DROP ALL ; #';
    const r = storeRequest('SELECT ?s { ?s <http://ex.org/p> ?v }', { v: { termType: 'Literal', value: hostile, language: 'en' } }, 10, {
      version,
    });
    const parsed = new Parser().parse(r.text) as { where: Array<{ type: string; values?: Array<Record<string, { value: string }>> }> };
    const values = parsed.where.find((p) => p.type === 'values')!;
    assert.equal(values.values![0]['?v'].value, hostile);
    assert.throws(
      () => storeRequest('SELECT ?s { ?s ?p ?v }', { v: { termType: 'Literal', value: 'a\u0000b' } }, 10, { version }),
      (e: QueryError) => e.kind === 'unsupported',
    );
  });

  it('hides GRAPH <g> outside the named graphs, caps a SELECT without ORDER BY, refuses SERVICE', () => {
    const r = storeRequest('SELECT * { GRAPH <urn:forum-ld:catalog> { ?s ?p ?o } }', undefined, 10, { version });
    assert.match(r.text, new RegExp(`GRAPH <${EMPTY_GRAPH}>`));
    assert.match(r.text, /LIMIT 11/);
    assert.doesNotMatch(storeRequest('SELECT * { ?s ?p ?o } ORDER BY ?s', undefined, 10, { version }).text, /LIMIT/);
    assert.throws(() => storeRequest('SELECT * { SERVICE <http://ex.org/sparql> { ?s ?p ?o } }', undefined, 10, { version }), /SERVICE/);
  });

  it("past the listed-graphs bound, fences GRAPH ?g off forum-ld's own graphs instead of listing them", () => {
    const many = {
      defaultGraphs: ['urn:forum-ld:union'],
      namedGraphs: Array.from({ length: MAX_LISTED_GRAPHS + 1 }, (_, i) => `http://ex.org/g${i}`),
    };
    const r = storeRequest('SELECT * { GRAPH ?g { ?s ?p ?o } }', undefined, 10, { version: many });
    assert.deepEqual(r.dataset, { defaultGraphs: ['urn:forum-ld:union'] });
    assert.match(r.text, /FILTER\(!\(STRSTARTS\(STR\(\?g\), "urn:forum-ld:"\)\)\)/);
  });
});
