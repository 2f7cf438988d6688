// The basic-graph-pattern SELECTs read off the algebra in the shape the direct path's planner takes, and nothing else.
import * as assert from 'node:assert/strict';
import type { SelectQuery } from 'sparqljs';
import { bgpShape } from '../../src/sparql/bgpShape';
import { planBgp } from '../../src/sparql/bgp';
import { parseQuery } from '../../src/sparql/syntax';

const shape = (q: string) => bgpShape(parseQuery(q).algebra) as (SelectQuery & { where: Array<{ triples: unknown[] }> }) | undefined;

describe('sparql/bgpShape', () => {
  it('gives projection, DISTINCT, LIMIT, OFFSET and the triple patterns, IRIs resolved', () => {
    const q = shape('BASE <http://ex/> PREFIX p: <http://ex/p/> SELECT DISTINCT ?s ?o WHERE { ?s p:a <b> ; p:c ?o } LIMIT 5 OFFSET 2')!;
    assert.deepEqual(
      q.variables.map((v) => (v as { value: string }).value),
      ['s', 'o'],
    );
    assert.deepEqual([q.distinct, q.limit, q.offset], [true, 5, 2]);
    assert.deepEqual(
      q.where[0].triples.map((t) => (t as { predicate: { value: string } }).predicate.value),
      ['http://ex/p/a', 'http://ex/p/c'],
    );
    assert.equal((q.where[0].triples[0] as { object: { value: string } }).object.value, 'http://ex/b');
  });

  it('projects SELECT * as the algebra does, without the blank nodes of the pattern', () => {
    const q = shape('SELECT * WHERE { ?s ?p [ ?q ?o ] }')!;
    assert.deepEqual(q.variables.map((v) => (v as { value: string }).value).sort(), ['o', 'p', 'q', 's']);
    assert.ok(planBgp(q), 'the planner takes it');
  });

  it('is undefined for every other shape', () => {
    for (const q of [
      'SELECT * WHERE { ?s ?p ?o FILTER(?o) }',
      'SELECT * WHERE { ?s ?p ?o } ORDER BY ?s',
      'SELECT * FROM <http://ex/g> WHERE { ?s ?p ?o }',
      'SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }',
      'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
      'SELECT * WHERE { ?s <http://ex/p>+ ?o }',
      'SELECT REDUCED * WHERE { ?s ?p ?o }',
      'ASK { ?s ?p ?o }',
      'SELECT * WHERE { ?s ?p ?o } VALUES ?s { <http://ex/a> }',
      'SELECT * WHERE { OPTIONAL { ?s ?p ?o } }',
      'SELECT * WHERE {}',
    ])
      assert.equal(shape(q), undefined, q);
  });
});
