// HTTP hygiene on every surface: validators and 304, Cache-Control, Vary, HEAD, compression, Link headers.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import * as fs from 'node:fs';
import { ForumApp, forumApp, getBytes, tempDir } from '../forumFixture';

/** One of each kind of representation the publisher serves. */
const SURFACES: Array<{ path: string; accept?: string; negotiated: boolean }> = [
  { path: '/', accept: 'text/html', negotiated: true },
  { path: '/doc/event/rf-2019', accept: 'text/html', negotiated: true },
  { path: '/doc/event/rf-2019', accept: 'text/turtle', negotiated: true },
  { path: '/doc/event/rf-2019.jsonld', negotiated: false },
  { path: '/def/forum', accept: 'text/html', negotiated: true },
  { path: '/graph/source/forum-2019', accept: 'application/n-triples', negotiated: true },
  { path: '/.well-known/void', accept: 'text/turtle', negotiated: true },
  { path: '/doc/dataset.html', negotiated: false },
  { path: '/frame/event/rf-2019', negotiated: true },
  { path: '/context.jsonld', negotiated: false },
  { path: '/sitemap.xml', negotiated: false },
  { path: '/robots.txt', negotiated: false },
  { path: '/source/forum-2019', accept: 'text/html', negotiated: true },
  { path: '/dumps/dataset.ttl', negotiated: false },
  { path: '/dumps/dataset.nq.gz', negotiated: false },
];

describe('http: caching and conditional requests', () => {
  let t: ForumApp;
  before(async () => {
    t = await forumApp();
  });
  after(() => t.close());

  for (const s of SURFACES) {
    const label = `${s.path}${s.accept ? ` (${s.accept})` : ''}`;
    it(`${label}: validators, Cache-Control and Vary; 304 on If-None-Match and on If-Modified-Since; HEAD`, async () => {
      const get = () => {
        const r = request(t.app).get(s.path).set('Accept-Encoding', 'identity');
        return s.accept ? r.set('Accept', s.accept) : r;
      };
      const res = await get().expect(200);
      const etag = res.headers.etag;
      assert.match(etag, /^"[^"]+"$/, 'a strong ETag');
      assert.ok(res.headers['last-modified'], 'Last-Modified');
      assert.match(res.headers['cache-control'], /public, max-age=\d+/);
      assert.match(res.headers.vary, s.negotiated ? /Accept, Accept-Encoding/ : /Accept-Encoding/);
      const notModified = await get().set('If-None-Match', etag);
      assert.equal(notModified.status, 304);
      assert.equal(notModified.text ?? '', '');
      assert.equal((await get().set('If-None-Match', '"something-else"')).status, 200);
      assert.equal((await get().set('If-Modified-Since', res.headers['last-modified'])).status, 304);
      assert.equal(
        (await get().set('If-Modified-Since', new Date(Date.parse(res.headers['last-modified']) - 86_400_000).toUTCString())).status,
        200,
      );
      const head = s.accept
        ? await request(t.app).head(s.path).set('Accept', s.accept).set('Accept-Encoding', 'identity')
        : await request(t.app).head(s.path).set('Accept-Encoding', 'identity');
      assert.equal(head.status, 200);
      assert.equal(head.headers.etag, etag);
      assert.equal(head.headers['content-type'], res.headers['content-type']);
      assert.equal(head.headers['content-length'], res.headers['content-length']);
    });
  }

  it('compresses text on the fly, marking the ETag weak, and still answers 304 to it', async () => {
    const res = await request(t.app).get('/doc/event/rf-2019').set('Accept', 'text/html').set('Accept-Encoding', 'gzip').expect(200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(res.headers.etag, /^W\/"/);
    await request(t.app)
      .get('/doc/event/rf-2019')
      .set('Accept', 'text/html')
      .set('Accept-Encoding', 'gzip')
      .set('If-None-Match', res.headers.etag)
      .expect(304);
  });

  it("serves a dump's stored .gz bytes to gzip clients, with their own strong ETag and length", async () => {
    const plain = await getBytes(t.app, '/dumps/dataset.trig');
    const gz = await getBytes(t.app, '/dumps/dataset.trig.gz');
    const negotiated = await request(t.app).get('/dumps/dataset.trig').set('Accept-Encoding', 'gzip, deflate').expect(200);
    assert.equal(negotiated.headers['content-encoding'], 'gzip');
    assert.equal(negotiated.headers['content-length'], String(gz.body.length));
    assert.equal(negotiated.headers.etag, gz.headers.etag);
    assert.notEqual(negotiated.headers.etag, plain.headers.etag);
    assert.match(negotiated.headers['content-type'], /^application\/trig/);
    assert.equal(negotiated.text, plain.body.toString('utf8'));
    assert.equal(gz.headers['content-type'], 'application/gzip');
    assert.equal(plain.headers['accept-ranges'], 'bytes');
    const part = await request(t.app).get('/dumps/dataset.trig').set('Accept-Encoding', 'identity').set('Range', 'bytes=0-9').expect(206);
    assert.equal(part.text, plain.body.subarray(0, 10).toString('utf8'));
    await request(t.app).get('/dumps/dataset.xyz').expect(404);
  });

  it('names alternates and the dataset description in Link headers', async () => {
    const doc = await request(t.app).get('/doc/event/rf-2019').set('Accept', 'text/turtle').expect(200);
    for (const ext of ['ttl', 'jsonld', 'nt', 'rdf', 'html'])
      assert.match(doc.headers.link, new RegExp(`</doc/event/rf-2019\\.${ext}>; rel="alternate"`));
    assert.match(doc.headers.link, /<\/\.well-known\/void>; rel="describedby"/);
    for (const p of ['/', '/dumps/dataset.ttl', '/context.jsonld', '/frame/event/rf-2019', '/source/forum-2019']) {
      const res = await request(t.app).get(p).expect(200);
      assert.match(res.headers.link, /rel="describedby"/, p);
    }
  });
});

describe('http: Last-Modified across a restart', () => {
  it('stays the same when the data did not change, so If-Modified-Since still gets 304', async () => {
    const cache = tempDir('forum-ld-restart-cache-');
    const first = await forumApp({ 'cache-dir': cache });
    let stamp: string;
    try {
      stamp = (await request(first.app).get('/doc/event/rf-2019').set('Accept', 'text/turtle').expect(200)).headers['last-modified'];
    } finally {
      await first.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 1100)); // HTTP dates have whole seconds
    const second = await forumApp({ 'cache-dir': cache });
    try {
      const again = await request(second.app).get('/doc/event/rf-2019').set('Accept', 'text/turtle').expect(200);
      assert.equal(again.headers['last-modified'], stamp);
      await request(second.app).get('/doc/event/rf-2019').set('Accept', 'text/turtle').set('If-Modified-Since', stamp).expect(304);
    } finally {
      await second.close();
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
