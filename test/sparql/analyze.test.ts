// The pre-check of queries: form, read-only, no network unless allow-listed, dataset parameters, nesting bound.
import { strict as assert } from 'node:assert';
import { walkAlgebra } from '../../src/sparql/syntax';
import { analyzeQuery, AnalyzeOptions } from '../../src/sparql/analyze';
import { QueryError } from '../../src/sparql/queryError';
import { findExcessNesting } from '../../src/sparql/nesting';

const BASE = 'http://example.org/';
const LOCAL: AnalyzeOptions = { localBase: BASE, isLocalGraph: (g) => g === 'urn:graph:local', maxDepth: 64 };

function problem(text: string, opts: AnalyzeOptions = LOCAL): QueryError {
  try {
    analyzeQuery(text, opts);
  } catch (e) {
    assert.ok(e instanceof QueryError, `a QueryError, not ${e}`);
    return e;
  }
  assert.fail(`accepted: ${text}`);
}

describe('sparql/analyze', () => {
  it('reads the form of each kind of query', () => {
    assert.equal(analyzeQuery('SELECT * WHERE { ?s ?p ?o }', LOCAL).form, 'SELECT');
    assert.equal(analyzeQuery('ASK { ?s ?p ?o }', LOCAL).form, 'ASK');
    assert.equal(analyzeQuery('CONSTRUCT WHERE { ?s ?p ?o }', LOCAL).form, 'CONSTRUCT');
    assert.equal(analyzeQuery('DESCRIBE <http://example.org/id/x>', LOCAL).form, 'DESCRIBE');
  });

  it('gives the parser message and position for a malformed query', () => {
    const p = problem('SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }');
    assert.equal(p.kind, 'syntax');
    assert.deepEqual([p.line, p.column], [3, 15], 'points at the unexpected token, not the one before it');
    assert.equal(p.message, 'Unexpected ")".');
  });

  it('places a stray character by its offset, and a truncated query at its end', () => {
    const stray = problem('SELECT * WHERE {\n  ?s ?p "x }');
    assert.deepEqual([stray.kind, stray.line, stray.column, stray.message], ['syntax', 2, 9, 'Unexpected character "\\"".']);
    const cut = problem('SELECT * WHERE { ?s ?p ');
    assert.deepEqual([cut.line, cut.column, cut.message], [1, 24, 'Unexpected end of the query.']);
    const prefix = problem('SELECT * WHERE { ?s x:p ?o }');
    assert.match(prefix.message, /Unknown prefix: x/);
  });

  it('reads queries sparqljs crashed on (RubenVerborgh/SPARQL.js#164), dataset parameters included', () => {
    const q = 'PREFIX : <http://ex/>\nCONSTRUCT { [ :subject ?s ; :object ?o ] . } WHERE { ?s ?p ?o }';
    assert.equal(analyzeQuery(q, LOCAL).form, 'CONSTRUCT');
    assert.equal(analyzeQuery(q, { ...LOCAL, defaultGraphUris: ['http://example.org/graph/a'] }).form, 'CONSTRUCT');
    assert.equal(problem(q.replace('WHERE', 'FROM <http://elsewhere/g> WHERE')).kind, 'remote');
    assert.equal(problem(q.replace('{ ?s ?p ?o }', '{ SERVICE <http://remote/> { ?s ?p ?o } }')).kind, 'remote');
  });

  it('places an error at the start of a line on that line', () => {
    const p = problem('SELECT * WHERE {\n  ?s ?p\n}');
    assert.deepEqual([p.line, p.column], [3, 1]);
  });

  for (const update of [
    'INSERT DATA { <urn:a> <urn:b> <urn:c> }',
    'DELETE WHERE { ?s ?p ?o }',
    'LOAD <http://example.com/data.ttl>',
    'LOAD <http://example.com/data.ttl> INTO GRAPH <urn:g>',
    'CLEAR ALL',
    'DROP GRAPH <urn:g>',
    'CREATE GRAPH <urn:g>',
    'COPY DEFAULT TO <urn:g>',
    'MOVE <urn:a> TO <urn:b>',
    'ADD <urn:a> TO <urn:b>',
    'WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }',
  ]) {
    it(`refuses the update ${update.split(' ').slice(0, 2).join(' ')} as read-only`, () => {
      const p = problem(update);
      assert.equal(p.kind, 'update');
      assert.match(p.message, /read-only/);
    });
  }

  it('refuses SERVICE with an IRI, however deeply nested, saying how to allow it', () => {
    const p = problem('SELECT * WHERE { { OPTIONAL { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } } } }');
    assert.equal(p.kind, 'remote');
    assert.match(p.message, /SERVICE <http:\/\/dbpedia\.org\/sparql>.*allow-listed.*--allow-remote/);
    assert.equal(problem('SELECT * WHERE { SERVICE SILENT <http://example.com/s> { ?s ?p ?o } }').kind, 'remote');
  });

  it('refuses SERVICE with a variable even when some IRIs are allow-listed', () => {
    const p = problem('SELECT * WHERE { VALUES ?e { <http://example.com/s> } SERVICE ?e { ?s ?p ?o } }', {
      ...LOCAL,
      allowRemote: ['http://example.com/'],
    });
    assert.equal(p.kind, 'remote');
    assert.match(p.message, /SERVICE \?e \(a variable\)/);
  });

  it('lets an allow-listed SERVICE through, and only that one', () => {
    const opts = { ...LOCAL, allowRemote: ['https://query.wikidata.org/'] };
    assert.equal(analyzeQuery('SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }', opts).form, 'SELECT');
    assert.equal(problem('SELECT * WHERE { SERVICE <https://query.wikidata.org.evil.example/sparql> { ?s ?p ?o } }', opts).kind, 'remote');
  });

  it('refuses FROM and FROM NAMED naming remote IRIs, and accepts local graphs', () => {
    assert.equal(problem('SELECT * FROM <http://example.com/remote.ttl> WHERE { ?s ?p ?o }').kind, 'remote');
    const named = problem('SELECT * FROM NAMED <https://example.com/other> WHERE { GRAPH ?g { ?s ?p ?o } }');
    assert.equal(named.kind, 'remote');
    assert.match(named.message, /<https:\/\/example\.com\/other>.*not a graph of this endpoint.*--allow-remote/);
    assert.equal(
      analyzeQuery('SELECT * FROM <http://example.org/graph/x> FROM NAMED <urn:graph:local> WHERE { ?s ?p ?o }', LOCAL).form,
      'SELECT',
    );
  });

  it("applies default-graph-uri / named-graph-uri over the query's own FROM, and checks them the same way", () => {
    const a = analyzeQuery('SELECT * FROM <urn:graph:local> WHERE { ?s ?p ?o }', {
      ...LOCAL,
      defaultGraphUris: ['http://example.org/graph/a'],
      namedGraphUris: ['http://example.org/graph/b'],
    });
    const from: Record<string, string[]> = {};
    walkAlgebra(a.query.algebra, (o) => {
      if (o.type === 'from') for (const k of ['default', 'named']) from[k] = (o[k] as Array<{ value: string }>).map((g) => g.value);
    });
    assert.deepEqual(from, { default: ['http://example.org/graph/a'], named: ['http://example.org/graph/b'] });
    assert.equal(a.text, 'SELECT * FROM <urn:graph:local> WHERE { ?s ?p ?o }', 'the text stays as received');
    assert.equal(problem('SELECT * WHERE { ?s ?p ?o }', { ...LOCAL, defaultGraphUris: ['http://evil.example/data'] }).kind, 'remote');
    assert.match(problem('SELECT * WHERE { ?s ?p ?o }', { ...LOCAL, namedGraphUris: [''] }).message, /"" is not an absolute IRI/);
  });

  it('refuses 10,000 nested groups before parsing, with the position where the limit is crossed', () => {
    const text = `SELECT * WHERE ${'{'.repeat(10_000)} ?s ?p ?o ${'}'.repeat(10_000)}`;
    const p = problem(text);
    assert.equal(p.kind, 'syntax');
    assert.match(p.message, /nested too deeply: more than 64 levels of brackets/);
    assert.equal(p.line, 1);
    assert.equal(p.column, 'SELECT * WHERE '.length + 65);
  });

  it('bounds nesting of expressions, property paths, collections and blank nodes too', () => {
    for (const text of [
      `SELECT * WHERE { ?s ?p ?o FILTER(${'('.repeat(5000)}1${')'.repeat(5000)}) }`,
      `SELECT * WHERE { ?s ${'('.repeat(5000)}<urn:p>${')'.repeat(5000)} ?o }`,
      `SELECT * WHERE { ?s <urn:p> ${'[ <urn:p> '.repeat(5000)}1${' ]'.repeat(5000)} }`,
      `SELECT * WHERE ${'{ SELECT * WHERE '.repeat(3000)}{ ?s ?p ?o }${'}'.repeat(3000)}`,
    ])
      assert.equal(problem(text).kind, 'syntax');
  });

  it('accepts nesting up to the limit', () => {
    const text = `SELECT * WHERE ${'{'.repeat(64)} ?s ?p ?o ${'}'.repeat(64)}`;
    assert.equal(analyzeQuery(text, LOCAL).form, 'SELECT');
  });
});

describe('sparql/nesting', () => {
  it('does not count brackets inside strings, IRIs and comments', () => {
    const text = `# {{{{{{{{{{
SELECT * WHERE { ?s <http://example.org/a(b)[c]> "(((((" . ?s ?p '''{{{{
{{{{''' FILTER(?o < 3 && ?o > 1) }`;
    assert.equal(findExcessNesting(text, 2), undefined);
    assert.deepEqual(findExcessNesting(text, 1), { depth: 2, line: 3, column: 15 });
  });

  it('reports the line and column of the first bracket past the limit', () => {
    assert.deepEqual(findExcessNesting('SELECT * WHERE {\n  {\n    { ?s ?p ?o }\n  }\n}', 2), { depth: 3, line: 3, column: 5 });
  });

  it('survives unbalanced and unterminated input', () => {
    assert.equal(findExcessNesting('}}}} SELECT "unterminated {{{{', 1), undefined);
    assert.equal(findExcessNesting('<unterminated {{{', 2)?.depth, 3);
  });
});
