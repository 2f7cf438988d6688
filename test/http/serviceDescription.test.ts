// GET /sparql without a query: the service description (RDF, absolute IRIs) for clients, the editor for browsers;
// and the HTML results page a browser gets when it runs a query without JavaScript.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import request from 'supertest';
import type * as RDF from '@rdfjs/types';
import { testApp, TestApp, BASE, FIXTURES } from '../helpers';
import { distinctNames, parseGraph } from '../support/sparqlResults';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const SELECT_NAMES = 'SELECT ?s ?name WHERE { ?s <https://schema.org/name> ?name }';

describe('http/serviceDescription', function () {
  this.timeout(30_000);
  let t: TestApp;
  let names: RDF.Quad[];
  before(async () => {
    t = await testApp({ queries: path.join(FIXTURES, 'editor-queries') });
    names = distinctNames(t.live.current.dataset);
  });
  after(() => t.live.close());

  it('GET without a query describes the service in RDF with absolute IRIs', async () => {
    for (const mediaType of ['text/turtle', 'application/ld+json', 'application/rdf+xml']) {
      const res = await request(t.app).get('/sparql').set('Accept', mediaType);
      assert.equal(res.status, 200);
      const quads = await parseGraph(res.text, mediaType);
      for (const q of quads) {
        for (const term of [q.subject, q.predicate, q.object]) {
          if (term.termType === 'NamedNode') assert.match(term.value, /^(https?|urn):/, `absolute IRI, not ${term.value}`);
        }
      }
      const svc = quads.find((q) => q.predicate.value === `${SD}endpoint`);
      assert.equal(svc?.object.value, `${BASE}sparql`);
      const values = (p: string) => quads.filter((q) => q.predicate.value === SD + p).map((q) => q.object.value);
      assert.ok(values('resultFormat').includes('http://www.w3.org/ns/formats/SPARQL_Results_CSV'));
      assert.equal(values('resultFormat').length, 10);
      assert.ok(values('feature').includes(`${SD}UnionDefaultGraph`));
      assert.ok(values('supportedLanguage').includes(`${SD}SPARQL11Query`));
      assert.deepEqual(values('name').sort(), t.live.current.dataset.graphNames());
    }
  });

  it('a browser gets the editor: YASGUI from this server, the plain form, the examples and prefixes', async () => {
    const res = await request(t.app).get('/sparql').set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.match(res.text, /<script src="\/assets\/yasgui\/yasgui\.min\.js"><\/script>/);
    assert.match(res.text, /<form id="sparql-form" method="get" action="\/sparql">/);
    assert.match(res.text, /Everything about ACME/);
    assert.ok(res.text.includes(`PREFIX rf: &lt;${BASE}def/forum#&gt;`));
    assert.ok(!/https?:\/\/(cdn|unpkg|jsdelivr)/.test(res.text), 'no CDN');
    const js = await request(t.app).get('/assets/yasgui/yasgui.min.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /javascript/);
    assert.equal((await request(t.app).get('/assets/yasgui/package.json')).status, 404);
  });

  it('a browser running a query without JavaScript gets an HTML table and the query box again', async () => {
    const res = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('Accept', 'text/html,*/*;q=0.8');
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.ok(res.text.includes('<th>?name</th>'));
    for (const q of names)
      assert.ok(res.text.includes(q.object.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')), q.object.value);
    assert.ok(res.text.includes('id="sparql-query"'));
  });
});
