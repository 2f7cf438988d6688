// The framed edition: one nested document, edition on top with its sessions, involvements (agents, roles) and findings.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { ForumApp, forumApp, BASE } from '../forumFixture';

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (v === undefined ? [] : ([v].flat() as Node[]));

describe('http/frame', () => {
  let t: ForumApp;
  let doc: Node;
  before(async () => {
    t = await forumApp();
    const res = await request(t.app).get('/frame/event/rf-2019').expect(200);
    assert.match(res.headers['content-type'], /application\/ld\+json; profile="http:\/\/www\.w3\.org\/ns\/json-ld#framed"/);
    doc = JSON.parse(res.text);
  });
  after(() => t.close());

  it('puts the edition at the top', () => {
    assert.equal(doc['@id'], `${BASE}id/event/rf-2019`);
    assert.ok(!('@graph' in doc));
  });

  it('nests the sessions', () => {
    const sessions = list(doc.hasSession);
    assert.deepEqual(sessions.map((s) => s.name && (s.name as Node)['@value']).sort(), ['1st Round Table', 'Plenary session']);
  });

  it('nests every involvement with its phrase, role and named agent', () => {
    const inv = list(doc.involvement);
    assert.equal(inv.length, 5);
    const osce = inv.find((i) => (i.agent as Node | undefined)?.['@id'] === `${BASE}id/organization/osce`)!;
    assert.equal(osce.sourcePhrase, 'with financial support of');
    assert.deepEqual((osce.role as Node).prefLabel, { en: 'financial supporter' });
    assert.ok(list((osce.agent as Node).name).some((n) => n['@value'] === 'OSCE'));
    assert.deepEqual([...new Set(inv.map((i) => i.sourcePhrase))].sort(), [
      'in partnership with',
      'with financial support of',
      'with the support of',
    ]);
  });

  it('nests the findings, with their verbatim text, claims and text anchors', () => {
    const findings = list(doc.findings);
    assert.equal(findings.length, 2);
    const kf1 = findings.find((f) => f['@id'] === `${BASE}id/finding/rf-2019/kf-01`)!;
    assert.match((kf1.verbatimText as Node)['@value'] as string, /^Central Asia is rapidly becoming/);
    assert.ok(kf1['rf:hasClaim'], 'claims embedded');
    assert.ok(((kf1['rf:textAnchor'] as Node)['oa:hasSelector'] as Node)['oa:exact']);
  });

  it('answers 406 naming its formats when asked only for one a frame cannot be written in; a browser gets the JSON-LD', async () => {
    const res = await request(t.app).get('/frame/event/rf-2019').set('Accept', 'application/trig').expect(406);
    assert.match(res.text, /application\/ld\+json/);
    await request(t.app)
      .get('/frame/event/rf-2019')
      .set('Accept', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8')
      .expect(200)
      .expect('Content-Type', /application\/ld\+json/);
    await request(t.app)
      .get('/frame/event/rf-2019')
      .set('Accept', 'text/turtle')
      .expect(200)
      .expect('Content-Type', /text\/turtle/);
  });

  it('is linked from the edition page and its Link header, and only editions have one', async () => {
    const page = await request(t.app).get('/doc/event/rf-2019').set('Accept', 'text/html').expect(200);
    assert.match(page.text, /href="\/frame\/event\/rf-2019"/);
    assert.match(
      page.headers.link,
      /<\/frame\/event\/rf-2019>; rel="alternate"; type="application\/ld\+json"; profile="http:\/\/www.w3.org\/ns\/json-ld#framed"/,
    );
    await request(t.app).get('/frame/organization/osce').expect(404);
    await request(t.app).get('/frame/event/no-such').expect(404);
  });
});
