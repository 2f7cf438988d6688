// The endpoint's HTTP behaviour around the answers: CORS and preflight, HEAD, gzip/deflate, ETag and 304.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import request from 'supertest';
import { testApp, TestApp, FIXTURES } from '../helpers';

const SELECT_NAMES = 'SELECT ?s ?name WHERE { ?s <https://schema.org/name> ?name }';

/** A GET whose body is returned as the bytes on the wire (no automatic decompression). */
function fetchRaw(url: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('http/sparql: headers', function () {
  this.timeout(30_000);
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.live.close());

  it('CORS on every response, and preflight answered', async () => {
    for (const res of [
      await request(t.app).get('/sparql').query({ query: 'ASK {}' }),
      await request(t.app).get('/sparql').query({ query: 'ASK {' }),
      await request(t.app).put('/sparql'),
      await request(t.app).get('/sparql').set('Accept', 'image/png'),
    ])
      assert.equal(res.headers['access-control-allow-origin'], '*', `status ${res.status}`);
    const pre = await request(t.app)
      .options('/sparql')
      .set('Origin', 'https://elsewhere.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    assert.equal(pre.status, 204);
    assert.match(pre.headers['access-control-allow-methods'], /POST/);
    assert.match(pre.headers['access-control-allow-headers'], /content-type/i);
    assert.match(pre.headers['access-control-expose-headers'], /X-Result-Truncated/);
  });

  it('HEAD answers like GET without a body', async () => {
    for (const coding of ['identity', 'gzip']) {
      const get = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('Accept-Encoding', coding);
      const head = await request(t.app).head('/sparql').query({ query: SELECT_NAMES }).set('Accept-Encoding', coding);
      assert.equal(head.status, 200);
      assert.equal(head.headers['content-type'], get.headers['content-type']);
      assert.equal(head.headers.etag, get.headers.etag, 'the same validator, coded or not (see test/http/validators.test.ts)');
      assert.equal(head.text, undefined);
    }
    assert.equal((await request(t.app).head('/sparql').set('Accept', 'text/turtle')).status, 200);
  });

  it('compresses with gzip or deflate when asked', async () => {
    const query = 'SELECT * WHERE { ?s ?p ?o }';
    const plain = await request(t.app).get('/sparql').query({ query }).set('Accept-Encoding', 'identity');
    assert.equal(plain.headers['content-encoding'], undefined);
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as { port: number }).port;
      for (const [encoding, inflate] of [
        ['gzip', zlib.gunzipSync],
        ['deflate', zlib.inflateSync],
      ] as const) {
        const res = await fetchRaw(`http://127.0.0.1:${port}/sparql?query=${encodeURIComponent(query)}`, { 'Accept-Encoding': encoding });
        assert.equal(res.headers['content-encoding'], encoding);
        assert.equal(inflate(res.body).toString('utf8'), plain.text);
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('ETag on results, 304 for a client that has them, a new ETag per format and after the data changes', async () => {
    const first = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('Accept-Encoding', 'identity');
    const etag = first.headers.etag;
    assert.match(etag, /^"[\w-]+"$/, 'strong, for a client that takes no coding');
    const again = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('If-None-Match', etag);
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const xml = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('Accept', 'application/sparql-results+xml');
    assert.notEqual(xml.headers.etag, etag);
    const other = await request(t.app).get('/sparql').query({ query: SELECT_NAMES }).set('If-None-Match', '"stale"');
    assert.equal(other.status, 200);
    const changed = await testApp({ data: [path.join(FIXTURES, 'mini'), path.join(FIXTURES, 'endpoint-extra')] });
    try {
      const res = await request(changed.app).get('/sparql').query({ query: SELECT_NAMES }).set('If-None-Match', etag);
      assert.equal(res.status, 200, 'other data, other ETag');
      assert.notEqual(res.headers.etag, etag);
    } finally {
      await changed.live.close();
    }
  });
});
