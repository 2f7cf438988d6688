// Malformed requests get a 4xx on every route: bad percent-encoding in the path or the query (400), unknown body codings (415).
import { strict as assert } from 'node:assert';
import * as zlib from 'node:zlib';
import request from 'supertest';
import { urlProblem } from '../../src/http/inputChecks';
import { testApp, TestApp } from '../helpers';

const BAD_ESCAPES = ['%ff', '%E0%A4%A', '%', '%C3%28', '%ED%A0%80', '%zz'];

/** Every path the app routes, from its own route table: literal paths, and patterns with their parameters. */
function routedPaths(app: TestApp['app']): Array<{ path: string; mount: boolean }> {
  const out: Array<{ path: string; mount: boolean }> = [];
  for (const layer of (app as unknown as { router: { stack: Array<{ rawPath?: string | string[]; route?: { path: string | string[] } }> } })
    .router.stack) {
    const p = layer.route?.path ?? layer.rawPath;
    if (p !== undefined) for (const one of ([] as string[]).concat(p)) out.push({ path: one, mount: !layer.route });
  }
  return out;
}

describe('http/inputChecks: malformed requests', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.live.close());

  it('answers 400, saying why, to bad percent-encoding in the path of every route family', async () => {
    const routes = routedPaths(t.app);
    assert.ok(routes.length > 20);
    const failures: string[] = [];
    for (const { path, mount } of routes) {
      for (const bad of BAD_ESCAPES) {
        // A parameter takes the bad escape; a mounted router gets it as its sub-path; a literal path gets it appended.
        const target = path.includes(':')
          ? path.replace(/:[a-zA-Z]+/, bad)
          : mount
            ? `${path.replace(/\/$/, '')}/x${bad}`
            : `${path}${bad}`;
        for (const method of ['GET', 'POST']) {
          const res = await request(t.app)[method === 'GET' ? 'get' : 'post'](target);
          if (res.status !== 400 || !/not valid percent-encoded UTF-8/.test(res.text))
            failures.push(`${method} ${target} (${path}): ${res.status} ${res.text.slice(0, 80)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('answers 400 to bad percent-encoding in the query string of every route, including those that read no parameters', async () => {
    const failures: string[] = [];
    for (const { path } of routedPaths(t.app)) {
      const target = path.replace(/:[a-zA-Z]+/g, 'x');
      for (const bad of BAD_ESCAPES) {
        const res = await request(t.app).get(`${target}?query=ASK${bad}`);
        if (res.status !== 400) failures.push(`GET ${target}?query=ASK${bad}: ${res.status}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('names the escape at fault, and lets every well-formed URL through', () => {
    assert.match(urlProblem('/doc/%ff')!.message, /path .* \(at "%ff"\)/);
    assert.match(urlProblem('/doc/a%E0%A4%A')!.message, /at "%E0%A4/);
    assert.match(urlProblem('/sparql?query=%')!.message, /query string .* \(at "%"\)/);
    assert.match(urlProblem(`/doc/${Buffer.from([0xc3, 0x28]).toString('latin1')}`)!.message, /not valid UTF-8/);
    for (const ok of [
      '/',
      '/doc/organization/acme',
      '/doc/%C3%A9t%C3%A9',
      '/sparql?query=ASK%20%7B%7D&x=a+b',
      `/doc/${Buffer.from('é').toString('latin1')}`,
      '/doc/a%2Fb?q=%25',
    ]) {
      assert.equal(urlProblem(ok), undefined, ok);
    }
  });

  it('answers the former 500s of issue #11 with 400 (curl localhost:3000/doc/%ff)', async () => {
    for (const family of ['id', 'doc', 'def', 'graph', 'np', 'frame']) {
      const res = await request(t.app).get(`/${family}/%ff`).set('Accept', 'text/html');
      assert.equal(res.status, 400, family);
      assert.match(res.text, /<h1>400 Bad request<\/h1>/);
    }
  });

  it('refuses body codings other than gzip and deflate with 415 and Accept-Encoding, and still reads those two', async () => {
    for (const coding of ['br', 'compress', 'zstd', 'x-bogus', 'gzip, gzip']) {
      const res = await request(t.app)
        .post('/sparql')
        .set('Content-Type', 'application/sparql-query')
        .set('Content-Encoding', coding)
        .send('ASK {}');
      assert.equal(res.status, 415, coding);
      assert.equal(res.headers['accept-encoding'], 'gzip, deflate');
      assert.match(res.text, /Content-Encoding .* is not accepted here/);
    }
    for (const [coding, squeeze] of [
      ['gzip', zlib.gzipSync],
      ['deflate', zlib.deflateSync],
    ] as const) {
      const res = await request(t.app)
        .post('/sparql')
        .set('Content-Type', 'application/sparql-query')
        .set('Content-Encoding', coding)
        .set('Accept', 'application/sparql-results+json')
        .send(squeeze(Buffer.from('ASK { ?s ?p ?o }')));
      assert.equal(res.status, 200, coding);
      assert.equal(res.body.boolean, true);
    }
    const identity = await request(t.app)
      .post('/sparql')
      .set('Content-Type', 'application/sparql-query')
      .set('Content-Encoding', 'identity')
      .send('ASK {}');
    assert.equal(identity.status, 200);
    const garbled = await request(t.app)
      .post('/sparql')
      .set('Content-Type', 'application/sparql-query')
      .set('Content-Encoding', 'gzip')
      .send('ASK {}');
    assert.equal(garbled.status, 400, 'bytes that are not the coding they claim');
  });
});
