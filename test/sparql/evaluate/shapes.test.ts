import { strict as assert } from 'node:assert';
import { ShapeCache, shapeOf } from '../../../src/sparql/evaluate/shapes';
import { parseQuery } from '../../../src/sparql/syntax';

describe('evaluate/shapes: plans remembered per query shape', () => {
  it('makes absolute IRIs and strings parameters, keeps prefixes, datatypes, relative IRIs, and drops comments', () => {
    const s = shapeOf(
      'PREFIX ex: <http://x/>\nSELECT ?s # a comment\nWHERE { ?s ex:p <http://x/a> ; ex:q "two words"@en , "5"^^<http://www.w3.org/2001/XMLSchema#integer> , <rel> FILTER(?s < ?t) }',
    );
    assert.ok(s);
    assert.deepEqual(s.params, ['http://x/a', 'two words', '5']);
    assert.ok(s.template.includes('PREFIX ex: <http://x/>'));
    assert.ok(s.template.includes('^^<http://www.w3.org/2001/XMLSchema#integer>'));
    assert.ok(s.template.includes('<rel>'));
    assert.ok(!s.template.includes('comment'));
    assert.equal(shapeOf('SELECT * { ?s ?p "a\\"b" }'), undefined, 'escapes are left to the parser');
    assert.equal(shapeOf('SELECT * { ?s ?p "a\nb" }'), undefined, 'a short string cannot hold a line break');
  });

  it('gives the algebra of another text of the same shape without parsing it, equal to its parse', () => {
    const cache = new ShapeCache();
    const first = 'SELECT ?p ?o WHERE { <http://x/e1> ?p ?o FILTER(CONTAINS(?o, "x")) } # 1';
    cache.remember(first, parseQuery(first));
    const second = 'SELECT ?p ?o WHERE { <http://x/e2> ?p ?o FILTER(CONTAINS(?o, "y z")) }\n# 2';
    const known = cache.lookup(second);
    assert.ok(known);
    assert.equal(known.form, 'SELECT');
    const text = (o: unknown) =>
      JSON.stringify(o, (_k, v) => (v && typeof v === 'object' && 'termType' in v ? `${v.termType}:${v.value}` : v));
    const parsed = parseQuery(second).algebra;
    assert.equal(text(known.algebra), text(parsed));
    assert.equal(cache.lookup('SELECT ?p WHERE { <http://x/e2> ?p ?o }'), undefined, 'another shape');
  });

  it('does not remember a shape whose IRIs the checks read (FROM, SERVICE)', () => {
    const cache = new ShapeCache();
    const text = 'SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }';
    cache.remember(text, parseQuery(text));
    assert.equal(cache.lookup('SELECT * FROM <http://y/g> WHERE { ?s ?p ?o }'), undefined);
  });

  it('counts meetings before a shape is learnt, and forgets a shape for good', () => {
    const cache = new ShapeCache();
    assert.equal(cache.recurs('ASK { <http://x/a> ?p ?o }', 2), false);
    assert.equal(cache.recurs('ASK { <http://x/b> ?p ?o }', 2), true);
    const text = 'ASK { <http://x/a> ?p ?o }';
    cache.remember(text, parseQuery(text));
    assert.ok(cache.lookup('ASK { <http://x/c> ?p ?o }'));
    cache.forget(text);
    assert.equal(cache.lookup('ASK { <http://x/c> ?p ?o }'), undefined);
  });
});
