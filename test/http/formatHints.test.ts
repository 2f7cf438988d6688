// Result-format hints (`output`, `format`, `results`): short names and media types, overriding Accept as in Fuseki.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { RDF_FORMATS, RESULT_FORMATS } from '../../src/rdf/formats';
import { hintedFormat } from '../../src/http/formatHints';
import { testApp, TestApp } from '../helpers';

describe('http/formatHints', () => {
  it('reads short names per query form: json and xml mean SPARQL results for tables, JSON-LD and RDF/XML for graphs', () => {
    const results = (h: string[]) => hintedFormat(h, RESULT_FORMATS, 'results')?.mediaType;
    const graph = (h: string[]) => hintedFormat(h, RDF_FORMATS, 'graph')?.mediaType;
    assert.equal(results(['json']), 'application/sparql-results+json');
    assert.equal(results(['XML']), 'application/sparql-results+xml');
    assert.equal(results(['sparql']), 'application/sparql-results+xml');
    assert.equal(results(['csv']), 'text/csv');
    assert.equal(results(['tsv', 'text/tab-separated-values']), 'text/tab-separated-values');
    assert.equal(results(['text/csv; charset=utf-8']), 'text/csv');
    assert.equal(graph(['json']), 'application/ld+json');
    assert.equal(graph(['xml']), 'application/rdf+xml');
    assert.equal(graph(['json-ld', 'application/ld+json,application/x-json+ld']), 'application/ld+json');
    assert.equal(graph(['turtle']), 'text/turtle');
    assert.equal(graph(['n3']), 'text/turtle');
    assert.equal(graph(['nt']), 'application/n-triples');
    assert.equal(graph(['application/trig']), 'application/trig');
  });

  it('passes over values that name nothing offered, and takes the first that does', () => {
    assert.equal(hintedFormat(['html', 'bogus', '', 'tsv'], RESULT_FORMATS, 'results')?.name, 'tsv');
    assert.equal(hintedFormat(['csv'], RDF_FORMATS, 'graph'), undefined);
    assert.equal(hintedFormat(['constructor', 'toString'], RESULT_FORMATS, 'results'), undefined);
    assert.equal(hintedFormat(['x/y,text/csv'], RESULT_FORMATS, 'results')?.name, 'csv');
  });

  describe('over HTTP', () => {
    let t: TestApp;
    before(async () => {
      t = await testApp();
    });
    after(() => t.live.close());
    const SELECT = 'SELECT ?s WHERE { ?s a <https://schema.org/Organization> }';

    it('a hint overrides Accept; output comes before format, and format before results', async () => {
      const csv = await request(t.app)
        .get('/sparql')
        .query({ query: SELECT, format: 'csv' })
        .set('Accept', 'application/sparql-results+json');
      assert.equal(csv.status, 200);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      const ordered = await request(t.app)
        .get('/sparql')
        .query(`query=${encodeURIComponent(SELECT)}&results=xml&format=tsv&output=json`);
      assert.match(ordered.headers['content-type'], /^application\/sparql-results\+json/);
      const generic = await request(t.app).get('/sparql').query({ query: SELECT, format: 'application/json' }).set('Accept', 'text/csv');
      assert.match(
        generic.headers['content-type'],
        /^application\/sparql-results\+json/,
        'the generic types the endpoint negotiates count too',
      );
      const formFirst = await request(t.app)
        .get('/sparql')
        .query(`query=${encodeURIComponent(SELECT)}&results=xml&format=tsv`);
      assert.match(formFirst.headers['content-type'], /^text\/tab-separated-values/);
    });

    it('the same hint names the graph format of a CONSTRUCT', async () => {
      const res = await request(t.app)
        .post('/sparql')
        .type('form')
        .send({ query: 'CONSTRUCT WHERE { ?s a ?t }', format: 'xml' })
        .set('Accept', 'text/turtle');
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^application\/rdf\+xml/);
    });

    it('a hint that fits nothing leaves the choice to Accept, and to its 406', async () => {
      const res = await request(t.app).get('/sparql').query({ query: SELECT, format: 'html' }).set('Accept', 'text/csv');
      assert.match(res.headers['content-type'], /^text\/csv/);
      const none = await request(t.app)
        .get('/sparql')
        .query({ query: 'CONSTRUCT WHERE { ?s a ?t }', format: 'csv' })
        .set('Accept', 'text/csv');
      assert.equal(none.status, 406);
    });

    it('hints in the URL of a form POST count, and a hint in both places is no conflict', async () => {
      const res = await request(t.app).post('/sparql?output=tsv').type('form').send({ query: SELECT, output: 'csv' });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^text\/tab-separated-values/);
      const conflict = await request(t.app).post('/sparql?query=ASK%7B%7D').type('form').send({ query: 'ASK {}' });
      assert.equal(conflict.status, 400);
    });

    it('hinted answers get their own ETag', async () => {
      const json = await request(t.app).get('/sparql').query({ query: SELECT }).set('Accept-Encoding', 'identity');
      const csv = await request(t.app).get('/sparql').query({ query: SELECT, format: 'csv' }).set('Accept-Encoding', 'identity');
      assert.notEqual(json.headers.etag, csv.headers.etag);
    });
  });
});
