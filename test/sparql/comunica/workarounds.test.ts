// Each workaround for a known Comunica deviation, checked through the engine the endpoint runs.
import * as assert from 'node:assert/strict';
import { DataFactory } from 'n3';
import { RdfStore } from 'rdf-stores';
import { SparqlEngine } from '../../../src/sparql/comunica/engine';
import { dropReduced, operationFor, rewriteGraphs } from '../../../src/sparql/comunica/workarounds';
import { parseQuery, walkAlgebra } from '../../../src/sparql/syntax';

/** Every value of `key` on syntax-tree nodes of the given subType, in a rewritten tree. */
function collect(node: unknown, subType: string, read: (o: Record<string, unknown>) => string, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, subType, read, out);
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  const o = node as Record<string, unknown>;
  if (o.subType === subType) out.push(read(o));
  for (const [k, v] of Object.entries(o)) if (k !== 'loc') collect(v, subType, read, out);
  return out;
}

const { namedNode, literal, quad } = DataFactory;
const ex = (s: string) => namedNode(`http://ex/${s}`);

function store(): RdfStore {
  const s = RdfStore.createDefault();
  s.addQuad(quad(ex('a'), ex('p'), literal('x')));
  s.addQuad(quad(ex('a'), ex('p'), literal('x', 'en')));
  s.addQuad(quad(ex('a'), ex('p'), ex('o'), ex('g1')));
  s.addQuad(quad(ex('b'), ex('p'), ex('g2'), ex('g2')));
  s.addQuad(quad(ex('c'), ex('q'), ex('o'), ex('g2')));
  return s;
}

/** Solutions as sorted `var=value` lines, read back from the SPARQL JSON the engine writes. */
async function select(engine: SparqlEngine, query: string): Promise<string[]> {
  const out = await engine.execute({ query, mediaType: 'application/sparql-results+json' });
  const doc = JSON.parse(out.body) as { results: { bindings: Array<Record<string, { value: string; 'xml:lang'?: string }>> } };
  return doc.results.bindings
    .map((b) =>
      Object.keys(b)
        .sort()
        .map((k) => `${k}=${b[k].value}${b[k]['xml:lang'] ? `@${b[k]['xml:lang']}` : ''}`)
        .join(' '),
    )
    .sort();
}

describe('Comunica workarounds', () => {
  const engine = new SparqlEngine(store(), { unionDefaultGraph: false });
  const union = new SparqlEngine(store(), { unionDefaultGraph: true });

  it('SELECT REDUCED keeps solutions that differ only in a language tag', async () => {
    assert.deepEqual(await select(engine, 'SELECT REDUCED ?o { <http://ex/a> <http://ex/p> ?o }'), ['o=x', 'o=x@en']);
  });

  it('GRAPH ?g {} lists the named graphs, also under the union default graph', async () => {
    const expected = ['g=http://ex/g1', 'g=http://ex/g2'];
    assert.deepEqual(await select(engine, 'SELECT ?g { GRAPH ?g {} }'), expected);
    assert.deepEqual(await select(union, 'SELECT ?g { GRAPH ?g {} }'), expected);
  });

  it('GRAPH <absent> {} has no solution; GRAPH <present> {} has one', async () => {
    assert.deepEqual(await select(engine, 'SELECT * { GRAPH <http://ex/nope> {} }'), []);
    assert.deepEqual(await select(engine, 'SELECT * { GRAPH <http://ex/g1> {} }'), ['']);
  });

  it('a subquery or aggregate inside GRAPH ?g is evaluated per graph and keeps ?g', async () => {
    assert.deepEqual(await select(engine, 'SELECT ?g ?s { GRAPH ?g { SELECT ?s { ?s ?p ?o } } }'), [
      'g=http://ex/g1 s=http://ex/a',
      'g=http://ex/g2 s=http://ex/b',
      'g=http://ex/g2 s=http://ex/c',
    ]);
    assert.deepEqual(await select(engine, 'SELECT ?g ?n { GRAPH ?g { SELECT (COUNT(*) AS ?n) { ?s <http://ex/q> ?o } } }'), [
      'g=http://ex/g1 n=0',
      'g=http://ex/g2 n=1',
    ]);
  });

  it('?g used inside OPTIONAL or VALUES under GRAPH ?g is not the graph name until the join', async () => {
    // Only b's OPTIONAL binds ?g to its own graph's name; a's binds ?g to :o and the join with g1 rejects it.
    assert.deepEqual(await select(engine, 'SELECT ?g ?s { GRAPH ?g { ?s <http://ex/p> ?o OPTIONAL { ?s <http://ex/p> ?g } } }'), [
      'g=http://ex/g2 s=http://ex/b',
    ]);
    assert.deepEqual(await select(engine, 'SELECT ?g ?t { GRAPH ?g { VALUES (?g ?t) { (UNDEF "u") (<http://ex/g1> "v") } } }'), [
      'g=http://ex/g1 t=u',
      'g=http://ex/g1 t=v',
      'g=http://ex/g2 t=u',
    ]);
  });

  it('ASK answers in SPARQL/XML', async () => {
    const out = await engine.execute({ query: 'ASK { ?s ?p "x"@en }', mediaType: 'application/sparql-results+xml' });
    assert.match(out.body, /<boolean>true<\/boolean>/);
    assert.match(out.body, /xmlns="http:\/\/www\.w3\.org\/2005\/sparql-results#"/);
  });

  it('leaves queries without these constructs untouched, and safe GRAPH patterns to the engine', () => {
    const ctx = { namedGraphs: () => ['http://ex/g1'] };
    for (const q of [
      'SELECT * { ?s ?p ?o }',
      'SELECT * { GRAPH ?g { ?s ?p ?o OPTIONAL { ?s ?q ?r } } }',
      'SELECT * { GRAPH ?g { ?g ?p ?o } }',
    ]) {
      const parsed = parseQuery(q);
      assert.equal(rewriteGraphs(parsed.ast, ctx), parsed.ast, q);
      assert.equal(operationFor(parsed, ctx), parsed.algebra, 'the algebra of the one parse, not a new translation');
    }
  });

  it('gives each per-graph copy its own blank nodes and stops enumerating beyond the graph cap', () => {
    const parsed = parseQuery('SELECT * { GRAPH ?g { [] ?p ?o OPTIONAL { ?o ?q ?g } } }');
    const rewritten = rewriteGraphs(parsed.ast, { namedGraphs: () => ['http://ex/g1', 'http://ex/g2'] });
    assert.deepEqual(
      collect(rewritten, 'graph', (o) => String((o.name as { value: string }).value)),
      ['http://ex/g1', 'http://ex/g2'],
    );
    const labels = new Set(collect(rewritten, 'blankNode', (o) => String(o.label)));
    assert.equal(labels.size, 2, [...labels].join(' '));
    const many = Array.from({ length: 3 }, (_, i) => `http://ex/g${i}`);
    const empty = parseQuery('SELECT * { GRAPH ?g {} }');
    assert.equal(rewriteGraphs(empty.ast, { namedGraphs: () => many, maxGraphs: 2 }), empty.ast);
  });

  it('resolves the graph names it copies as the query resolves them (BASE, prefixes, FROM NAMED)', async () => {
    const q = 'BASE <http://ex/> PREFIX x: <http://ex/> SELECT ?g { GRAPH ?g {} } ';
    assert.deepEqual(await select(engine, `${q.replace('SELECT ?g', 'SELECT ?g FROM NAMED <g1> FROM NAMED x:nope')}`), [
      'g=http://ex/g1',
      'g=http://ex/nope',
    ]);
    assert.deepEqual(await select(engine, 'BASE <http://ex/> SELECT * { GRAPH <nope> {} }'), []);
    assert.deepEqual(await select(engine, 'PREFIX x: <http://ex/> SELECT * { GRAPH x:g1 {} }'), ['']);
  });

  it('drops REDUCED without changing the algebra it was given', () => {
    const parsed = parseQuery('SELECT REDUCED ?s { { SELECT REDUCED ?s { ?s ?p ?o } } }');
    const types = (op: unknown) => {
      const t: string[] = [];
      walkAlgebra(op, (o) => t.push(o.type));
      return t;
    };
    assert.ok(types(parsed.algebra).includes('reduced'));
    assert.ok(!types(dropReduced(parsed.algebra)).includes('reduced'));
    assert.equal(types(parsed.algebra).filter((t) => t === 'reduced').length, 2);
  });
});
