// Pages for people: the edition at a glance, human labels and languages, findings linked to their line in the source.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import * as jsonld from 'jsonld';
import { ForumApp, forumApp, BASE } from '../forumFixture';

const html = async (t: ForumApp, p: string) => (await request(t.app).get(p).set('Accept', 'text/html').expect(200)).text;
const text = (h: string) =>
  h
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('http: pages', () => {
  let t: ForumApp;
  let edition: string;
  before(async () => {
    t = await forumApp();
    edition = await html(t, '/doc/event/rf-2019');
  });
  after(() => t.close());

  it('shows the edition at a glance: when, where, the sessions in the order the source tells them', () => {
    const glance = text(edition.slice(edition.indexOf('class="glance"'), edition.indexOf('</section>')));
    assert.match(glance, /When 12–13 December 2019/);
    assert.match(glance, /Where Dushanbe , Tajikistan/);
    assert.ok(glance.indexOf('Plenary session') < glance.indexOf('1st Round Table'), 'plenary first');
  });

  it('lists the organisations under each of the three exact role phrases', () => {
    const rows = [...edition.matchAll(/<tr><th scope="row">“([^”]+)”[\s\S]*?<\/tr>/g)].map((m) => [m[1], text(m[0])] as const);
    assert.deepEqual(
      rows.map(([p]) => p),
      ['with the support of', 'in partnership with', 'with financial support of'],
    );
    assert.match(rows[0][1], /Committee on Testing/);
    assert.match(rows[1][1], /Institute for Fixtures/);
    assert.match(rows[2][1], /OSCE/);
    assert.match(rows[2][1], /Example Fund/);
    assert.doesNotMatch(edition, /organi[sz]ed by|sponsor/i);
  });

  it('shows each finding verbatim with a link to its line in the source, where that text is', async () => {
    const m =
      /<blockquote lang="en">(The laws within Central Asian countries differ\.)<\/blockquote>\s*<p class="muted"><a href="\/doc\/finding\/rf-2019\/kf-02">the finding<\/a> · <a href="([^"]+)">its place in the source<\/a>/.exec(
        edition,
      );
    assert.ok(m, 'finding 2 with its source link');
    const [, quote, href] = m;
    const line = /^\/source\/forum-2019#L(\d+):~:text=/.exec(href.replace(/&amp;/g, '&'));
    assert.ok(line, href);
    const source = await html(t, '/source/forum-2019');
    const lineHtml = new RegExp(`<span class="line" id="L${line[1]}" data-n="${line[1]}">([^\\n]*)`).exec(source);
    assert.ok(lineHtml?.[1].includes(quote), `line ${line[1]} holds the finding`);
    const plain = await request(t.app).get('/source/forum-2019').set('Accept', '*/*').expect(200);
    assert.match(plain.headers['content-type'], /^text\/plain/);
  });

  it('uses labels, not IRIs, for the things a page links to, and marks other languages', async () => {
    const org = await html(t, '/doc/organization/committee');
    assert.match(org, /<h1>Committee on Testing<\/h1>/);
    assert.match(org, /<span lang="ru">Комитет по тестированию<\/span><span class="lang">ru<\/span>/);
    const links = [...edition.matchAll(/<a href="(\/doc\/[^"]+)"[^>]*>([^<]*)<\/a>/g)];
    assert.ok(links.length > 10);
    for (const [, , label] of links) assert.doesNotMatch(label, /^https?:\/\//, `a link labelled with an IRI: ${label}`);
  });

  it('embeds schema.org JSON-LD a consumer reads as an Event with sub-events, place, dates and funders', async () => {
    const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(edition)![1];
    const framed = (await jsonld.frame(JSON.parse(raw), {
      '@context': { '@vocab': 'https://schema.org/' },
      '@id': `${BASE}id/event/rf-2019`,
    } as never)) as Record<string, unknown>;
    const node = framed as Record<string, any>;
    assert.ok([node['@type']].flat().includes('Event'));
    assert.equal(node.startDate['@value'] ?? node.startDate, '2019-12-12');
    assert.equal(node.endDate['@value'] ?? node.endDate, '2019-12-13');
    const names = (v: any) => [v].flat().flatMap((x: any) => [x.name].flat().map((n: any) => n?.['@value'] ?? n));
    assert.deepEqual(names(node.subEvent).sort(), ['1st Round Table', 'Plenary session']);
    assert.ok(names(node.location).includes('Dushanbe'));
    assert.deepEqual(names(node.location.containedInPlace), ['Tajikistan']);
    assert.deepEqual(names(node.funder).sort(), ['Example Fund', 'OSCE']);
  });

  it('describes the home page as a schema:Dataset and links the forums by name', async () => {
    const home = await html(t, '/');
    const data = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(home)![1]);
    assert.equal(data['@type'], 'Dataset');
    assert.equal(data['@id'], `${BASE}id/dataset`);
    assert.ok(
      data.distribution.every((d: Record<string, string>) => d['@type'] === 'DataDownload' && d.contentUrl.startsWith(`${BASE}dumps/`)),
    );
    assert.match(home, /<a href="\/doc\/event\/rf-2019">Test Regional Forum<\/a>/);
    assert.match(home, /<a href="\/dumps\/dataset\.ttl" type="text\/turtle">Turtle<\/a>/);
  });

  it('works without JavaScript: no page needs a script to show its content', async () => {
    for (const p of ['/', '/doc/event/rf-2019', '/doc/dataset', '/def/forum', '/source/forum-2019']) {
      const page = await html(t, p);
      assert.doesNotMatch(page.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, ''), /<script/i, p);
    }
  });
});
