// IRIs that never break: a replaced thing answers 301 to its replacement, a retired one 410 with the reason, never 404.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { ForumApp, forumApp } from '../forumFixture';

describe('http: replaced and retired IRIs', () => {
  let t: ForumApp;
  before(async () => {
    t = await forumApp();
  });
  after(() => t.close());

  for (const p of ['/id/organization/old-committee', '/doc/organization/old-committee', '/doc/organization/old-committee.ttl']) {
    it(`${p}: 301 to the replacement's page`, async () => {
      const res = await request(t.app).get(p).set('Accept', 'text/turtle').expect(301);
      assert.equal(res.headers.location, '/doc/organization/committee');
      await request(t.app).get(res.headers.location).set('Accept', 'text/turtle').expect(200);
    });
  }

  for (const p of ['/id/organization/withdrawn', '/doc/organization/withdrawn', '/doc/organization/withdrawn.jsonld']) {
    it(`${p}: 410 Gone, saying why`, async () => {
      const html = await request(t.app).get(p).set('Accept', 'text/html').expect(410);
      assert.match(html.headers['content-type'], /^text\/html/);
      assert.match(html.text, /<h1>410 Gone<\/h1>/);
      assert.match(html.text, /recorded by mistake: the source names no such organisation/);
      const json = await request(t.app).get(p).set('Accept', 'application/json').expect(410);
      assert.match(JSON.parse(json.text).message, /recorded by mistake/);
    });
  }

  it('keeps retired and replaced things out of the sitemap but their IRIs answering', async () => {
    const sitemap = (await request(t.app).get('/sitemap.xml')).text;
    assert.doesNotMatch(sitemap, /old-committee|withdrawn/);
    assert.notEqual((await request(t.app).get('/id/organization/withdrawn')).status, 404);
  });
});
