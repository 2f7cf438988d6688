// The SPARQL 1.1 Protocol at the HTTP edge: the three request forms, every result format read back, dataset
// parameters, negotiation, errors (400/403/405/406/413/415, 501) and the row limit.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import request from 'supertest';
import { isomorphic } from 'rdf-isomorphic';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { testApp, TestApp, BASE, wholeDataset } from '../helpers';
import { BACKEND } from '../support/backend';
import { listenOnLoopback } from '../support/loopback';
import {
  distinctNames,
  NAME,
  parseCsv,
  parseGraph,
  parseJsonResults,
  parseTsv,
  parseXmlResults,
  Row,
  rowSet,
  termKey,
} from '../support/sparqlResults';

const SELECT_NAMES = `SELECT ?s ?name WHERE { ?s <${NAME}> ?name }`;
const CONSTRUCT_NAMES = `CONSTRUCT { ?s <${NAME}> ?name } WHERE { ?s <${NAME}> ?name }`;

describe('http/sparql', function () {
  this.timeout(30_000);
  let t: TestApp;
  /** The (subject, name) pairs of the fixture, straight from the store: what SELECT_NAMES must answer. */
  let names: RDF.Quad[];
  before(async () => {
    t = await testApp();
    names = distinctNames(await wholeDataset(t.live));
    assert.ok(names.length >= 3, 'the fixture names several things');
  });
  after(() => t.live.close());

  const expectedRows = (): Row[] => names.map((q) => ({ s: termKey(q.subject), name: termKey(q.object) }));

  describe('request forms', () => {
    it('answers GET ?query=, POST form and POST application/sparql-query alike', async () => {
      const get = await request(t.app).get('/sparql').query({ query: SELECT_NAMES });
      const form = await request(t.app).post('/sparql').type('form').send({ query: SELECT_NAMES });
      const direct = await request(t.app).post('/sparql').set('Content-Type', 'application/sparql-query').send(SELECT_NAMES);
      for (const res of [get, form, direct]) {
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers['content-type'], /^application\/sparql-results\+json/);
        assert.deepEqual(rowSet(parseJsonResults(res.text).rows!), rowSet(expectedRows()));
        assert.equal(res.headers['x-result-count'], String(names.length));
      }
    });

    it('accepts a UTF-8 query with non-ASCII text, percent-encoded or raw in the body', async () => {
      const q = 'SELECT ("Ağaç → ☃" AS ?x) WHERE {}';
      const get = await request(t.app).get('/sparql').query({ query: q });
      const direct = await request(t.app)
        .post('/sparql')
        .set('Content-Type', 'application/sparql-query; charset=UTF-8')
        .send(Buffer.from(q, 'utf8'));
      for (const res of [get, direct]) assert.deepEqual(parseJsonResults(res.text).rows, [{ x: JSON.stringify('Ağaç → ☃') }]);
    });
  });

  describe('the empty group and GRAPH', () => {
    const ask = async (q: string) => {
      const res = await request(t.app).get('/sparql').query({ query: q }).set('Accept', 'application/sparql-results+json');
      assert.equal(res.status, 200, res.text);
      return (JSON.parse(res.text) as { boolean: boolean }).boolean;
    };
    it('ASK {} is true, and so is a pattern joined to it', async () => {
      assert.equal(await ask('ASK {}'), true);
      assert.equal(await ask(`ASK { ?s <${NAME}> ?name {} }`), true);
    });
    it('a GRAPH of no named graph, around a group without patterns, leaves no solution beside other patterns', async () => {
      const absent = '<http://absent.example/graph>';
      assert.equal(await ask(`ASK { ?s <${NAME}> ?name GRAPH ${absent} {} }`), false);
      const res = await request(t.app)
        .get('/sparql')
        .query({ query: `SELECT ?s WHERE { ?s <${NAME}> ?name GRAPH ${absent} {} }` });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(parseJsonResults(res.text).rows, []);
    });
  });

  describe('result formats, read back', () => {
    const SELECT_FORMATS: Array<[string, (body: string) => Promise<Row[]> | Row[], boolean]> = [
      ['application/sparql-results+json', (b) => parseJsonResults(b).rows!, true],
      ['application/sparql-results+xml', async (b) => (await parseXmlResults(b)).rows!, true],
      ['text/tab-separated-values', parseTsv, true],
      ['text/csv', parseCsv, false],
    ];
    for (const [mediaType, parse, typed] of SELECT_FORMATS) {
      it(`SELECT as ${mediaType}`, async () => {
        const res = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('Accept', mediaType);
        assert.equal(res.status, 200);
        assert.equal(res.headers['content-type'].split(';')[0], mediaType);
        const rows = await parse(res.text);
        // CSV keeps values only: compare what the format can carry.
        const plain = (t: RDF.Term) => (t.termType === 'BlankNode' ? '_:b' : t.value);
        const expected = typed ? expectedRows() : names.map((q) => ({ s: plain(q.subject), name: plain(q.object) }));
        const read = typed
          ? rows
          : rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.startsWith('_:') ? '_:b' : v])));
        assert.deepEqual(rowSet(read), rowSet(expected));
      });
    }

    for (const [mediaType, read] of [
      ['application/sparql-results+json', (b: string) => parseJsonResults(b).boolean],
      ['application/sparql-results+xml', async (b: string) => (await parseXmlResults(b)).boolean],
      ['text/csv', (b: string) => parseCsv(b)[0]._askResult === 'true'],
      ['text/tab-separated-values', (b: string) => /^\?_askResult\ntrue\n$/.test(b)],
    ] as const) {
      it(`ASK as ${mediaType}`, async () => {
        const yes = await request(t.app)
          .get('/sparql')
          .query({ query: `ASK { ?s <${NAME}> ?o }` })
          .set('Accept', mediaType);
        assert.equal(yes.status, 200, yes.text);
        assert.equal(await read(yes.text), true);
        const no = await request(t.app).get('/sparql').query({ query: 'ASK { ?s <urn:none> ?o }' }).set('Accept', mediaType);
        assert.notEqual(await read(no.text), true);
      });
    }

    it('answers SELECT in JSON and CONSTRUCT in Turtle by default', async () => {
      const sel = await request(t.app).get('/sparql').query({ query: SELECT_NAMES });
      assert.match(sel.headers['content-type'], /^application\/sparql-results\+json/);
      const con = await request(t.app).get('/sparql').query({ query: CONSTRUCT_NAMES }).set('Accept', '*/*');
      assert.match(con.headers['content-type'], /^text\/turtle/);
    });

    for (const mediaType of [
      'text/turtle',
      'application/n-triples',
      'application/ld+json',
      'application/rdf+xml',
      'application/trig',
      'application/n-quads',
    ]) {
      it(`CONSTRUCT as ${mediaType}`, async () => {
        const res = await request(t.app).get('/sparql').query({ query: CONSTRUCT_NAMES }).set('Accept', mediaType);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.headers['content-type'].split(';')[0], mediaType);
        const served = await parseGraph(res.text, mediaType);
        assert.ok(isomorphic(served, names), `the ${mediaType} answer differs from the store`);
      });
    }

    it("answers DESCRIBE with the resource's triples", async () => {
      const res = await request(t.app)
        .get('/sparql')
        .query({ query: `DESCRIBE <${BASE}id/organization/acme>` })
        .set('Accept', 'application/n-triples');
      const triples = await parseGraph(res.text, 'application/n-triples');
      assert.ok(triples.some((q) => q.subject.value === `${BASE}id/organization/acme` && q.predicate.value === NAME));
    });

    it('honours q-values in Accept lists', async () => {
      const res = await request(t.app)
        .get('/sparql')
        .query({ query: SELECT_NAMES })
        .set('Accept', 'text/csv;q=0.5, application/sparql-results+xml;q=0.9, text/turtle');
      assert.match(res.headers['content-type'], /^application\/sparql-results\+xml/);
      const con = await request(t.app)
        .get('/sparql')
        .query({ query: CONSTRUCT_NAMES })
        .set('Accept', 'application/sparql-results+json, application/n-triples;q=0.4, application/rdf+xml;q=0.6');
      assert.match(con.headers['content-type'], /^application\/rdf\+xml/);
    });
  });

  describe('dataset parameters', () => {
    const GRAPH = `${BASE}graph/source/mini`;
    it('default-graph-uri makes the default graph that graph alone', async () => {
      const res = await request(t.app).get('/sparql').query({ query: SELECT_NAMES, 'default-graph-uri': GRAPH });
      const inGraph = names.filter(
        (q) => t.live.current.dataset.match(q.subject, q.predicate, q.object, DataFactory.namedNode(GRAPH)).length,
      );
      assert.deepEqual(
        rowSet(parseJsonResults(res.text).rows!),
        rowSet(inGraph.map((q) => ({ s: termKey(q.subject), name: termKey(q.object) }))),
      );
      const outside = `${BASE}id/organization/old-acme`;
      const none = await request(t.app)
        .get('/sparql')
        .query({ query: `ASK { <${outside}> ?p ?o }`, 'default-graph-uri': GRAPH });
      assert.equal(parseJsonResults(none.text).boolean, false, 'a triple of the unnamed graph is not in it');
    });

    it('named-graph-uri (repeatable) names the graphs GRAPH ranges over, overriding FROM NAMED', async () => {
      const ask = (q: string, named: string[]) =>
        request(t.app)
          .post('/sparql')
          .type('form')
          .send([`query=${encodeURIComponent(q)}`, ...named.map((g) => `named-graph-uri=${encodeURIComponent(g)}`)].join('&'));
      const inMini = `ASK FROM NAMED <${BASE}graph/other> WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } }`;
      assert.equal(parseJsonResults((await ask(inMini, [])).text).boolean, false, 'FROM NAMED leaves the graph out');
      assert.equal(parseJsonResults((await ask(inMini, [`${BASE}graph/none`, GRAPH])).text).boolean, true, 'the parameter puts it back');
      const res = await ask(`ASK WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } }`, [`${BASE}graph/none`]);
      assert.equal(res.status, 200, res.text);
      assert.equal(parseJsonResults(res.text).boolean, false, 'the parameter leaves it out');
    });

    it('refuses a remote graph IRI in the parameters or in FROM, saying the network is off', async () => {
      for (const res of [
        await request(t.app).get('/sparql').query({ query: SELECT_NAMES, 'default-graph-uri': 'http://example.com/data.ttl' }),
        await request(t.app).get('/sparql').query({ query: `SELECT * FROM <https://example.com/x> WHERE { ?s ?p ?o }` }),
      ]) {
        assert.equal(res.status, 403);
        assert.match(res.text, /not a graph of this endpoint; fetching it from the network is not allowed/);
      }
    });
  });

  describe('errors', () => {
    it("400 with the parser's message and position for a malformed query", async () => {
      const res = await request(t.app)
        .get('/sparql')
        .query({ query: 'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }' })
        .set('Accept', 'application/json');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'Malformed query');
      assert.equal(res.body.message, 'Malformed query at line 3, column 15: Unexpected ")".');
      assert.match(res.headers['content-type'], /^application\/json/);
    });

    it('400 for 10,000 nested groups, refused before any parser sees them', async () => {
      const query = `SELECT * WHERE ${'{'.repeat(10_000)}?s ?p ?o${'}'.repeat(10_000)}`;
      const res = await request(t.app).post('/sparql').set('Content-Type', 'application/sparql-query').send(query);
      assert.equal(res.status, 400);
      assert.match(res.text, /^Malformed query at line 1, column 80: The query is nested too deeply: more than 64 levels of brackets/);
    });

    it('400 for a repeated query, a missing or empty one; other parameters are ignored', async () => {
      const twice = await request(t.app).get('/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D');
      assert.equal(twice.status, 400);
      assert.match(twice.text, /"query" was given 2 times/);
      const missing = await request(t.app).post('/sparql').type('form').send('default-graph-uri=urn:x');
      assert.equal(missing.status, 400);
      assert.match(missing.text, /no "query"/);
      const empty = await request(t.app).get('/sparql').query({ query: '  ' });
      assert.match(empty.text, /The query is empty/);
      for (const extra of ['timeout=1', 'Query=x', '=x', 'apikey=1&apikey=2', 'callback=f', 'default-graph']) {
        const res = await request(t.app).get(`/sparql?query=ASK%20%7B%7D&${extra}`).set('Accept', 'application/sparql-results+json');
        assert.equal(res.status, 200, `${extra}: ${res.text}`);
        assert.equal(res.body.boolean, true);
      }
      const sd = await request(t.app).get('/sparql?timeout=1').set('Accept', 'text/turtle');
      assert.equal(sd.status, 200, 'the service description, whatever else the URL carries');
    });

    it('405 with Allow for other methods', async () => {
      for (const method of ['put', 'delete', 'patch'] as const) {
        const res = await request(t.app)[method]('/sparql').send('x');
        assert.equal(res.status, 405);
        assert.equal(res.headers.allow, 'GET, HEAD, POST, OPTIONS');
      }
    });

    it('415 for a POST body that is not a query or form, or not UTF-8', async () => {
      const plain = await request(t.app).post('/sparql').set('Content-Type', 'text/plain').send('ASK {}');
      assert.equal(plain.status, 415);
      assert.match(plain.text, /send application\/sparql-query or application\/x-www-form-urlencoded/);
      const latin1 = await request(t.app)
        .post('/sparql')
        .set('Content-Type', 'application/sparql-query; charset=ISO-8859-1')
        .send(Buffer.from('ASK { ?s ?p "é" }', 'latin1'));
      assert.equal(latin1.status, 415);
      assert.match(latin1.text, /iso-8859-1; this endpoint accepts UTF-8 only/);
      const invalid = await request(t.app)
        .post('/sparql')
        .set('Content-Type', 'application/sparql-query')
        .send(Buffer.from([0x41, 0x53, 0x4b, 0x20, 0xc3, 0x28]));
      assert.equal(invalid.status, 400);
      assert.match(invalid.text, /not valid UTF-8/);
    });

    it("406 listing what is offered, overall and for the query's form", async () => {
      const none = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('Accept', 'image/png');
      assert.equal(none.status, 406);
      for (const t of ['application/sparql-results+json', 'text/csv', 'text/turtle', 'application/ld+json'])
        assert.ok(none.text.includes(t), t);
      const wrongForm = await request(t.app).get('/sparql').query({ query: CONSTRUCT_NAMES }).set('Accept', 'text/csv');
      assert.equal(wrongForm.status, 406);
      assert.match(
        wrongForm.text,
        /A CONSTRUCT query answers in text\/turtle, .*application\/n-quads.*the Accept header "text\/csv" allows none of them/,
      );
    });

    it('refuses updates in every form, saying the endpoint is read-only', async () => {
      const update = 'INSERT DATA { <urn:a> <urn:b> <urn:c> }';
      for (const res of [
        await request(t.app).post('/sparql').set('Content-Type', 'application/sparql-update').send(update),
        await request(t.app).post('/sparql').type('form').send({ update }),
        await request(t.app).get('/sparql').query({ update }),
        await request(t.app).get('/sparql').query({ query: update }),
        await request(t.app).get('/sparql').query({ query: 'LOAD <http://example.com/x.ttl>' }),
      ]) {
        assert.equal(res.status, 403);
        assert.match(res.text, /read-only/);
      }
    });

    it('refuses SERVICE, saying the network is off unless allow-listed', async () => {
      const res = await request(t.app)
        .get('/sparql')
        .query({ query: 'SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }' });
      assert.equal(res.status, 403);
      assert.match(res.text, /SERVICE <https:\/\/query\.wikidata\.org\/sparql> would reach the network.*--allow-remote/);
    });

    it('an allow-listed SERVICE passes the check but is 501: the engine cannot open remote sources', async () => {
      const open = await testApp({ 'allow-remote': 'http://127.0.0.1:9/' });
      try {
        const res = await request(open.app)
          .get('/sparql')
          .query({ query: 'SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }' });
        assert.equal(res.status, 501);
        assert.match(res.text, /allow-listed here, but this endpoint's query engine cannot query remote endpoints/);
        const other = await request(open.app)
          .get('/sparql')
          .query({ query: 'SELECT * WHERE { SERVICE <http://127.0.0.2:9/sparql> { ?s ?p ?o } }' });
        assert.equal(other.status, 403);
      } finally {
        await open.live.close();
      }
    });

    it('413 for a body over the limit', async () => {
      const small = await testApp({ 'max-body': '2048' });
      try {
        const res = await request(small.app)
          .post('/sparql')
          .set('Content-Type', 'application/sparql-query')
          .send(`ASK {} # ${'x'.repeat(4096)}`);
        assert.equal(res.status, 413);
        assert.equal((await request(small.app).post('/sparql').set('Content-Type', 'application/sparql-query').send('ASK {}')).status, 200);
      } finally {
        await small.live.close();
      }
    });
  });

  describe('limits', () => {
    it('cuts results at --max-rows and says so in a header', async () => {
      const capped = await testApp({ 'max-rows': '2' });
      try {
        const res = await request(capped.app).get('/sparql').query({ query: 'SELECT * WHERE { ?s ?p ?o }' });
        assert.equal(res.headers['x-result-truncated'], 'true; limit=2');
        assert.equal(parseJsonResults(res.text).rows!.length, 2);
        const whole = await request(capped.app).get('/sparql').query({ query: 'SELECT * WHERE { ?s ?p ?o } LIMIT 2' });
        assert.equal(whole.headers['x-result-truncated'], undefined);
      } finally {
        await capped.live.close();
      }
    });

    it('gives the count of a long answer: in a header, or in trailers after the body where the answer streams from a store', async () => {
      const listening = await listenOnLoopback(t.app);
      try {
        const query = 'SELECT ?s ?p ?a ?b ?x WHERE { ?s ?p ?o . ?a ?b ?c . ?x ?y ?z } LIMIT 15000';
        // Compressed, as most clients ask for it: the trailers come after the compressed body too.
        const { headers, trailers, text } = await new Promise<{
          headers: http.IncomingHttpHeaders;
          trailers: NodeJS.Dict<string>;
          text: string;
        }>((resolve, reject) => {
          const url = `http://127.0.0.1:${listening.port}/sparql?query=${encodeURIComponent(query)}`;
          http.get(url, { headers: { accept: 'application/sparql-results+json', 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const body = Buffer.concat(chunks);
              const plain = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body;
              resolve({ headers: res.headers, trailers: res.trailers, text: plain.toString('utf8') });
            });
            res.on('error', reject);
          });
        });
        assert.equal(headers['content-encoding'], 'gzip');
        const rows = parseJsonResults(text).rows!.length;
        assert.ok(Buffer.byteLength(text) > 1 << 20, `longer than an answer held whole: ${Buffer.byteLength(text)} bytes, ${rows} rows`);
        assert.equal(rows, 15000);
        if (BACKEND === 'virtuoso') {
          assert.equal(headers['x-result-count'], undefined);
          assert.match(String(headers.trailer), /X-Result-Count/);
          assert.equal(trailers['x-result-count'], String(rows));
        } else assert.equal(headers['x-result-count'], String(rows));
      } finally {
        await listening.close();
      }
    });
  });
});
