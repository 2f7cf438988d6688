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

  it('keeps its templates within a bound on their text, and takes no shape from a very long text', () => {
    const cache = new ShapeCache(1000, 6400);
    // Each shape distinct (another variable name), about 60 characters of template each.
    for (let i = 0; i < 500; i++) {
      const text = `SELECT ?v${i} WHERE { ?v${i} <http://x/p> <http://x/o${i}> }`;
      cache.recurs(text, 2);
      cache.remember(text, parseQuery(text));
      assert.ok(cache.size.chars <= 2 * 6400, `${cache.size.chars} characters kept`);
    }
    assert.ok(cache.size.entries < 500, 'older shapes were dropped');
    const newest = 'SELECT ?v499 WHERE { ?v499 <http://x/p> <http://x/other> }';
    assert.ok(cache.lookup(newest), 'the newest shape is kept');
    const long = `SELECT * WHERE { ?s <http://x/p> ?o FILTER(?o != "${'x'.repeat(200)}") }`;
    cache.remember(long, parseQuery(long));
    assert.equal(cache.lookup(long), undefined);
  });
});
