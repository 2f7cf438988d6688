// The fallback reading of queries sparqljs crashes on (RubenVerborgh/SPARQL.js#164): accepted when valid, still checked.
import * as assert from 'node:assert/strict';
import { analyzeQuery } from '../../src/sparql/analyze';
import { QueryError } from '../../src/sparql/queryError';
import { outlineQuery } from '../../src/sparql/queryOutline';

const P = 'PREFIX : <http://ex/>\n';
const kind = (f: () => unknown) => {
  try { f(); } catch (e) { return e instanceof QueryError ? e.kind : `other: ${(e as Error).message}`; }
  return 'accepted';
};

describe('query outline fallback', () => {
  it('accepts a CONSTRUCT template with a bare blank-node property list', () => {
    const q = `${P}CONSTRUCT { [ :subject ?s ; :object ?o ] . } WHERE { ?s ?p ?o }`;
    assert.deepEqual(analyzeQuery(q), { form: 'CONSTRUCT', text: q });
  });

  it('reads FROM (against BASE) and SERVICE from the parser Comunica runs', () => {
    const outline = outlineQuery(`BASE <http://ex/dir/>\n${P}CONSTRUCT { [ :p ?o ] . } FROM <a.ttl> FROM NAMED <http://ex/n> WHERE { SERVICE ?svc { ?s ?p ?o } }`);
    assert.deepEqual(outline, { form: 'CONSTRUCT', from: { default: ['http://ex/dir/a.ttl'], named: ['http://ex/n'] }, services: ['?svc'] });
  });

  it('keeps the read-only, remote and dataset checks on that path', () => {
    const local = { localBase: 'http://ex/' };
    assert.equal(kind(() => analyzeQuery(`${P}INSERT { [ :p ?o ] . } WHERE { ?s ?p ?o }`, local)), 'update');
    assert.equal(kind(() => analyzeQuery(`${P}CONSTRUCT { [ :p ?o ] . } WHERE { SERVICE <http://remote/> { ?s ?p ?o } }`, local)), 'remote');
    assert.equal(kind(() => analyzeQuery(`${P}CONSTRUCT { [ :p ?o ] . } FROM <http://elsewhere/g> WHERE { ?s ?p ?o }`, local)), 'remote');
    assert.equal(kind(() => analyzeQuery(`${P}CONSTRUCT { [ :p ?o ] . } FROM <http://ex/g> WHERE { ?s ?p ?o }`, local)), 'accepted');
    assert.equal(kind(() => analyzeQuery(`${P}CONSTRUCT { [ :p ?o ] . } WHERE { ?s ?p ?o }`, { ...local, defaultGraphUris: ['http://ex/g'] })), 'syntax');
  });

  it('reports what the fallback parser finds wrong as a syntax problem', () => {
    assert.equal(kind(() => analyzeQuery(`${P}CONSTRUCT { [ :p ?o ] . } WHERE { ?s ?p `)), 'syntax');
  });
});
