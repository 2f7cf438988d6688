// Discovery: robots.txt names the sitemap, every sitemap URL resolves, every RDF-backed page links its formats.
import { strict as assert } from 'node:assert';
import express from 'express';
import request from 'supertest';
import { ForumApp, forumApp, BASE, DATASETS, sitemapPaths } from '../forumFixture';
import { sitemapHandler } from '../../src/http/discovery';
import { errorHandler } from '../../src/http/errors';

describe('http/discovery', () => {
  let t: ForumApp;
  let paths: string[];
  before(async () => {
    t = await forumApp();
    paths = await sitemapPaths(t.app);
  });
  after(() => t.close());

  it('robots.txt allows crawling, keeps crawlers off query URLs and names the sitemap', async () => {
    const res = await request(t.app).get('/robots.txt').expect(200);
    assert.match(res.headers['content-type'], /^text\/plain/);
    assert.match(res.text, /^User-agent: \*$/m);
    assert.match(res.text, /^Disallow: \/sparql\?$/m);
    assert.match(res.text, new RegExp(`^Sitemap: ${BASE}sitemap\\.xml$`, 'm'));
  });

  it('lists the page of every resource, and no retired or replaced one', async () => {
    for (const p of [
      '/',
      '/doc/dataset',
      '/def/forum',
      '/doc/event/rf-2019',
      '/doc/event/rf-2019/plenary',
      '/doc/organization/osce',
      '/doc/finding/rf-2019/kf-01',
      '/doc/place/dushanbe',
      '/graph/source/forum-2019',
      '/np/rf-2019/kf-01',
      '/source/forum-2019',
    ]) {
      assert.ok(paths.includes(p), `${p} in the sitemap`);
    }
    assert.ok(!paths.includes('/doc/organization/old-committee'));
    assert.ok(!paths.includes('/doc/organization/withdrawn'));
    const xml = (await request(t.app).get('/sitemap.xml').expect(200)).text;
    assert.match(xml, /<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    assert.match(xml, /<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>/);
  });

  it('every page backed by RDF names each RDF format in a <link rel="alternate"> of its head', async () => {
    for (const p of paths.filter((x) => /^\/(doc|def|graph|np)\//.test(x) || x === '/')) {
      const res = await request(t.app).get(p).set('Accept', 'text/html').expect(200);
      const head = res.text.slice(0, res.text.indexOf('</head>'));
      // A nanopublication is four graphs: only the formats that keep graphs can hold it.
      const types =
        p.startsWith('/np/') && !/\/(head|assertion|provenance|pubinfo)$/.test(p)
          ? []
          : ['text/turtle', 'application/n-triples', 'application/rdf+xml'];
      for (const type of [...types, 'application/ld+json', 'application/trig', 'application/n-quads']) {
        assert.match(head, new RegExp(`<link rel="alternate" type="${type.replace(/[+/]/g, '\\$&')}" href="[^"]+"`), `${p}: ${type}`);
      }
    }
  });

  it('splits a sitemap larger than the limit into an index of parts', async () => {
    const app = express();
    app.get(['/sitemap.xml', '/sitemap/:n.xml'], sitemapHandler(t.live, 5));
    app.use(errorHandler({ error: () => undefined }, { siteName: 'test', assets: {} }));
    const index = await request(app).get('/sitemap.xml').expect(200);
    const parts = [...index.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.match(index.text, /<sitemapindex/);
    assert.equal(parts.length, Math.ceil(paths.length / 5));
    const seen: string[] = [];
    for (const part of parts) {
      const res = await request(app)
        .get(part.slice(BASE.length - 1))
        .expect(200);
      seen.push(...[...res.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    }
    assert.deepEqual(
      seen.map((l) => l.slice(BASE.length - 1)),
      paths,
    );
    await request(app)
      .get(`/sitemap/${parts.length + 1}.xml`)
      .expect(404);
    // A crawler's current copy of the index or a part is answered 304, each with its own validator.
    const first = await request(app).get('/sitemap/1.xml').expect(200);
    assert.notEqual(first.headers.etag, index.headers.etag);
    for (const [p, etag] of [
      ['/sitemap.xml', index.headers.etag],
      ['/sitemap/1.xml', first.headers.etag],
    ]) {
      const again = await request(app).get(p).set('If-None-Match', etag).expect(304);
      assert.equal(again.text, '');
      assert.equal(again.headers.etag, etag);
    }
  });
});

for (const { name, data } of DATASETS)
  describe(`http/discovery: every sitemap URL resolves (${name})`, () => {
    let t: ForumApp;
    before(async () => {
      t = await forumApp({}, data);
    });
    after(() => t.close());

    it('answers 200 to a browser at every URL the sitemap lists', async function () {
      this.timeout(120_000);
      const paths = await sitemapPaths(t.app);
      assert.ok(paths.length > 10);
      for (const p of paths) {
        const res = await request(t.app).get(p).set('Accept', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
        assert.equal(res.status, 200, p);
      }
    });
  });
