// Dereferencing at the HTTP edge: 303, negotiated documents, explicit extensions, headers, 404/406/301/410, HEAD.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { isomorphic } from 'rdf-isomorphic';
import * as jsonld from 'jsonld';
import { Parser as N3Parser } from 'n3';
import type * as RDF from '@rdfjs/types';
import { testApp, TestApp, BASE, wholeDataset } from '../helpers';
import { describe as describeResource, documentIri } from '../../src/publish/describe';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';
import { withBase } from '../../src/ingest/load';

const THING = `${BASE}id/event/e1`;

async function parseBody(body: string, mediaType: string, t: TestApp): Promise<RDF.Quad[]> {
  if (mediaType === 'application/ld+json') {
    const ctx = withBase(t.live.current.dataset.info.contexts.get('context.jsonld'), BASE);
    const loader = async (url: string) => {
      if (url === `${BASE}context.jsonld`) return { document: ctx, documentUrl: url, contextUrl: undefined };
      throw new Error(`unexpected context ${url}`);
    };
    const nq = (await jsonld.toRDF(JSON.parse(body), {
      format: 'application/n-quads',
      documentLoader: loader as never,
    })) as unknown as string;
    return new N3Parser({ format: 'N-Quads' }).parse(nq);
  }
  return parseRdf(body, { format: findFormat(mediaType)!, baseIri: BASE, file: 'response' });
}

describe('http/resources', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.live.close();
  });

  it('answers 303 See Other from /id/ to /doc/', async () => {
    const res = await request(t.app).get('/id/event/e1').set('Accept', 'text/turtle');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/doc/event/e1');
    assert.match(res.headers.vary, /Accept/);
  });

  it('has one address per thing: other casings of the paths are not found', async () => {
    for (const p of ['/ID/event/e1', '/Id/event/e1', '/DOC/event/e1', '/Sparql', '/DEF/forum']) await request(t.app).get(p).expect(404);
    await request(t.app).get('/id/event/e1').expect(303);
  });

  for (const mediaType of ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml']) {
    it(`serves ${mediaType} isomorphic to the store's description`, async () => {
      const res = await request(t.app)
        .get('/doc/event/e1')
        .set('Accept', mediaType)
        .buffer(true)
        .parse((r, cb) => {
          let s = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => {
            s += c;
          });
          r.on('end', () => cb(null, s));
        });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'].split(';')[0], mediaType);
      assert.match(res.headers.vary, /Accept/);
      assert.equal(res.headers['content-location'], `/doc/event/e1.${findFormat(mediaType)!.extensions[0]}`);
      assert.ok(res.headers.etag);
      const served = await parseBody(res.body as string, mediaType, t);
      const expected = describeResource(await wholeDataset(t.live), [THING], documentIri(THING, BASE))!.triples;
      // the document's modification time is the load time in both; compare the graphs as wholes
      assert.ok(isomorphic(served, expected), `graph served as ${mediaType} differs from the description`);
    });
  }

  it('describes the thing fully: own triples, dependent and blank nodes, labels of links, incoming links, itself', async () => {
    const res = await request(t.app).get('/doc/event/e1.nt');
    const text = res.text;
    assert.match(text, /<http:\/\/example.org\/id\/event\/e1\/involvement\/financial-acme> <http:\/\/www.w3.org\/ns\/prov#agent>/);
    assert.match(text, /"Somewhere"@en/); // blank-node location
    assert.match(text, /<http:\/\/example.org\/id\/organization\/acme> <https:\/\/schema.org\/name> "ACME"@en/);
    assert.match(
      text,
      /<http:\/\/example.org\/id\/event\/e1\/plenary> <https:\/\/schema.org\/superEvent> <http:\/\/example.org\/id\/event\/e1>/,
    );
    assert.match(
      text,
      /<http:\/\/example.org\/doc\/event\/e1> <http:\/\/xmlns.com\/foaf\/0.1\/primaryTopic> <http:\/\/example.org\/id\/event\/e1>/,
    );
  });

  it('offers every format in Link headers and answers explicit extensions', async () => {
    const res = await request(t.app).get('/doc/event/e1.jsonld');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /application\/ld\+json/);
    for (const ext of ['ttl', 'jsonld', 'nt', 'rdf', 'html'])
      assert.match(res.headers.link, new RegExp(`</doc/event/e1\\.${ext}>; rel="alternate"`));
    assert.match(res.headers.link, /rel="describedby"/);
    const body = JSON.parse(res.text);
    assert.equal(body['@context'], `${BASE}context.jsonld`, 'compacted with the published context');
  });

  it('gives a browser HTML with escaped values and embedded schema.org JSON-LD', async () => {
    const res = await request(t.app).get('/doc/event/e1').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /text\/html/);
    assert.ok(res.text.includes('Mini Forum &lt;2019&gt; &amp; Friends'));
    assert.ok(!res.text.includes('Mini Forum <2019>'));
    const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(res.text);
    assert.ok(ld, 'JSON-LD script present');
    const data = JSON.parse(ld[1]);
    assert.equal(data['@type'], 'Event');
    assert.equal(data.startDate, '2019-12-12');
    assert.ok(res.text.includes('<a href="/doc/organization/acme"'), 'links to related things by name');
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await request(t.app).head('/doc/event/e1').set('Accept', 'text/turtle');
    assert.equal(res.status, 200);
    assert.ok(Number(res.headers['content-length']) > 0);
    assert.equal(res.text, undefined);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await request(t.app).get('/doc/event/e1').set('Accept', 'text/turtle');
    const again = await request(t.app).get('/doc/event/e1').set('Accept', 'text/turtle').set('If-None-Match', first.headers.etag);
    assert.equal(again.status, 304);
  });

  it('answers 404 for unknown IRIs, as text or HTML by Accept', async () => {
    const a = await request(t.app).get('/id/event/nope').set('Accept', 'text/turtle');
    assert.equal(a.status, 404);
    const b = await request(t.app).get('/doc/event/nope').set('Accept', 'text/html');
    assert.equal(b.status, 404);
    assert.match(b.headers['content-type'], /text\/html/);
  });

  it('answers 406 listing the formats when nothing fits', async () => {
    const res = await request(t.app).get('/doc/event/e1').set('Accept', 'image/png');
    assert.equal(res.status, 406);
    assert.match(res.text, /text\/turtle/);
  });

  it('answers 301 for a replaced IRI and 410 for a retired one', async () => {
    const moved = await request(t.app).get('/id/organization/old-acme');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, '/doc/organization/acme');
    const gone = await request(t.app).get('/id/organization/withdrawn').set('Accept', 'text/html');
    assert.equal(gone.status, 410);
    assert.match(gone.text, /recorded by mistake/);
  });

  it('refuses other methods with 405 and Allow', async () => {
    const res = await request(t.app).post('/doc/event/e1');
    assert.equal(res.status, 405);
    assert.match(res.headers.allow, /GET/);
  });

  it('dereferences the ontology with an anchor for every term, and its version IRI', async () => {
    const html = await request(t.app).get('/def/forum').set('Accept', 'text/html');
    assert.equal(html.status, 200);
    assert.match(html.text, /id="Forum"/);
    assert.match(html.text, /id="verbatimText"/);
    const ttl = await request(t.app).get('/def/forum/0.1.0').set('Accept', 'text/turtle');
    assert.equal(ttl.status, 200);
    assert.match(ttl.text, /One edition of a forum/);
  });

  it('serves the JSON-LD context with the deployment base and the shipped source text', async () => {
    const ctx = await request(t.app).get('/context.jsonld');
    assert.equal(ctx.status, 200);
    assert.equal(JSON.parse(ctx.text)['@context'].rf, `${BASE}def/forum#`);
    const src = await request(t.app).get('/source/mini');
    assert.equal(src.text, 'The forum was small.\n');
  });

  it('sends CORS headers and answers preflight', async () => {
    const res = await request(t.app)
      .options('/doc/event/e1')
      .set('Origin', 'http://other.example')
      .set('Access-Control-Request-Method', 'GET');
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });
});
