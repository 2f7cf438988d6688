// RFC 9110 on every route: a 304 (and a HEAD) carries the validators, Cache-Control and Vary of the 200 to that request.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { ForumApp, forumApp } from '../forumFixture';
import { type Listening, listenOnLoopback } from '../support/loopback';

/** One URL for each route of src/app.ts that answers 200 with a validator (the swagger files have only Last-Modified). */
const ROUTES: Array<{ path: string; accept?: string }> = [
  { path: '/', accept: 'text/html' },
  { path: '/', accept: 'text/turtle' },
  { path: `/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o } LIMIT 50')}` },
  { path: `/sparql?query=${encodeURIComponent('CONSTRUCT WHERE { ?s ?p ?o } LIMIT 50')}&format=xml` },
  { path: '/sparql?query=ASK%20%7B%7D', accept: 'text/csv' },
  { path: '/sparql', accept: 'text/turtle' },
  { path: '/sparql', accept: 'text/html' },
  { path: '/assets/yasgui/yasgui.min.css' },
  { path: '/favicon.svg' },
  { path: '/favicon.ico' },
  { path: '/robots.txt' },
  { path: '/sitemap.xml' },
  { path: '/.well-known/void', accept: 'text/turtle' },
  { path: '/doc/dataset', accept: 'application/ld+json' },
  { path: '/doc/dataset.html' },
  { path: '/dumps/dataset.ttl' },
  { path: '/dumps/dataset.nq.gz' },
  { path: '/frame/event/rf-2019' },
  { path: '/doc/event/rf-2019', accept: 'text/turtle' },
  { path: '/doc/event/rf-2019.html' },
  { path: '/def/forum', accept: 'text/html' },
  { path: '/graph/source/forum-2019', accept: 'application/n-triples' },
  { path: '/context.jsonld' },
  { path: '/context/{version}.jsonld' },
  { path: '/np/rf-2019/kf-01/assertion', accept: 'text/turtle' },
  { path: '/doc/dataset.ttl' },
  { path: '/source/forum-2019', accept: 'text/html' },
  { path: '/api' },
  { path: '/api/openapi.json' },
  { path: '/api/editions', accept: 'text/csv' },
  { path: '/api/editions', accept: 'application/json' },
  { path: '/assets/swagger-ui/swagger-ui.css' },
  { path: '/assets/api-docs.js' },
  { path: '/assets/style.css' },
  { path: '/assets/sparql-editor.js' },
];

/** Accept-Encoding values: none, the codings compression() applies, and refusals of them. */
const CODINGS = [undefined, 'gzip', 'gzip, deflate, br', 'br', 'deflate', 'identity', 'gzip;q=0, identity', '*'];

const COMPARED = ['etag', 'last-modified', 'cache-control', 'vary', 'content-location'];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
}

describe('http: validators of a 304 are those of the 200 (RFC 9110)', function () {
  this.timeout(120_000);
  let t: ForumApp;
  let server: Listening;
  let port: number;

  before(async () => {
    t = await forumApp();
    server = await listenOnLoopback(t.app);
    port = server.port;
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  /** A raw request: the body is read and dropped, so no client decodes or negotiates anything on its own. */
  function send(method: string, path: string, headers: Record<string, string | undefined>): Promise<Answer> {
    const set = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers: set }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  for (const listed of ROUTES) {
    it(`${listed.path.slice(0, 70)}${listed.accept ? ` (${listed.accept})` : ''}`, async () => {
      // The pinned context: its path is what the current one names in Content-Location.
      const route = listed.path.includes('{version}')
        ? { ...listed, path: String((await send('GET', '/context.jsonld', {})).headers['content-location']) }
        : listed;
      const checked: string[] = [];
      for (const coding of CODINGS) {
        const base = { Accept: route.accept, 'Accept-Encoding': coding };
        const ok = await send('GET', route.path, base);
        assert.equal(ok.status, 200, `${route.path} with Accept-Encoding ${coding}`);
        const etag = ok.headers.etag;
        assert.ok(etag || ok.headers['last-modified'], `${route.path} has a validator`);
        const conditionals: Array<[string, Record<string, string | undefined>]> = [];
        if (etag) {
          conditionals.push(['If-None-Match', { 'If-None-Match': etag }]);
          // Compared weakly: the client may hold the validator of the other coding's answer.
          conditionals.push(['If-None-Match (other strength)', { 'If-None-Match': etag.startsWith('W/') ? etag.slice(2) : `W/${etag}` }]);
        }
        if (ok.headers['last-modified']) conditionals.push(['If-Modified-Since', { 'If-Modified-Since': ok.headers['last-modified'] }]);
        for (const [label, extra] of conditionals) {
          const not = await send('GET', route.path, { ...base, ...extra });
          assert.equal(not.status, 304, `${label}, Accept-Encoding ${coding}`);
          for (const h of COMPARED) assert.equal(not.headers[h], ok.headers[h], `${h} of the 304 (${label}, Accept-Encoding ${coding})`);
        }
        const head = await send('HEAD', route.path, base);
        for (const h of COMPARED) assert.equal(head.headers[h], ok.headers[h], `${h} of HEAD (Accept-Encoding ${coding})`);
        checked.push(`${coding ?? '(none)'}: ${ok.headers['content-encoding'] ?? 'identity'} ${etag}`);
      }
      // Coded on the fly means a weak ETag; identity, stored .gz bytes and no-transform keep a strong one.
      const gzip = await send('GET', route.path, { Accept: route.accept, 'Accept-Encoding': 'gzip' });
      if (gzip.headers.etag && gzip.headers['content-encoding'] === 'gzip' && !/no-transform/.test(String(gzip.headers['cache-control']))) {
        assert.match(String(gzip.headers.etag), /^W\//, checked.join('\n'));
      }
    });
  }
});
