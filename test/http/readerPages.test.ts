// Every page the sitemap lists, as a reader meets it: the record's own session count, each text once, words for every
// node and type (never a raw IRI of this dataset, never a SHACL shape), a skip link, and the page's own canonical address.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { ForumApp, forumApp, BASE, RECORD } from '../forumFixture';

const text = (h: string) =>
  h
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
const mainOf = (h: string) => h.slice(h.indexOf('<main'), h.indexOf('</main>'));
const count = (hay: string, needle: string) => hay.split(needle).length - 1;

describe('http: reader pages over the published record', function () {
  this.timeout(120_000);
  let t: ForumApp;
  const pages = new Map<string, string>();
  before(async () => {
    t = await forumApp({}, RECORD);
    const sitemap = (await request(t.app).get('/sitemap.xml').expect(200)).text;
    for (const [, loc] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) {
      const p = `/${loc.slice(BASE.length)}`;
      const res = await request(t.app).get(p).set('Accept', 'text/html');
      assert.equal(res.status, 200, p);
      pages.set(p, res.text);
    }
  });
  after(() => t.close());

  it('counts the sessions the source counts ("a plenary session and 4 round table discussions"), the presentation apart', () => {
    const edition = mainOf(pages.get('/doc/event/rf-2019')!);
    const sessions = /<h2 id="sessions">Sessions <span class="muted">\((\d+)\)<\/span><\/h2>\s*<ol class="sessions">([\s\S]*?)<\/ol>/.exec(
      edition,
    );
    assert.ok(sessions, 'a sessions list');
    assert.equal(sessions[1], '5');
    assert.equal(count(sessions[2], '<li>'), 5);
    assert.doesNotMatch(sessions[2], /SecDev/);
    const presentations =
      /<h2 id="presentations">Presentations at the forum <span class="muted">\((\d+)\)<\/span><\/h2>\s*<ol class="sessions">([\s\S]*?)<\/ol>/.exec(
        edition,
      );
    assert.ok(presentations, 'a presentations list');
    assert.equal(presentations[1], '1');
    assert.match(text(presentations[2]), /The SecDev Group presentation of study findings .* presented by The SecDev Group/);

    const home = mainOf(pages.get('/')!);
    const section = (title: string) =>
      new RegExp(`<h2>${title} <span class="muted">\\((\\d+)\\)</span></h2>\\s*<ul>([\\s\\S]*?)</ul>`).exec(home);
    assert.equal(section('Sessions')?.[1], '5');
    assert.doesNotMatch(section('Sessions')![2], /SecDev/);
    assert.equal(section('Presentations')?.[1], '1');
  });

  it('prints each text once: the plenary quotes its words once, not again as its description', () => {
    const plenary = text(mainOf(pages.get('/doc/event/rf-2019/plenary')!));
    assert.equal(count(plenary, 'held a useful discussion on the scope and coverage'), 1);
    for (const [p, h] of pages) {
      for (const [, quote] of mainOf(h).matchAll(/<blockquote[^>]*>([^<]{40,})/g)) {
        assert.equal(count(text(mainOf(h)), text(quote).trim()), 1, `${p} repeats "${quote.slice(0, 60)}…"`);
      }
    }
  });

  it('names every node a reader meets in words: no raw IRI of this dataset, no compact name, no anonymous node', () => {
    const bad: string[] = [];
    for (const [p, h] of pages) {
      // IRIs shown as such, and language-tagged text (the data's own words, which may quote a compact name), are not names.
      const main = mainOf(h)
        .replace(/<(p|span) class="iri">[^<]*<\/\1>/g, '')
        .replace(/<span lang="[^"]+">[^<]*<\/span>/g, '');
      for (const [, label] of main.matchAll(/<(?:a|span|dt|dd|li|td)\b[^>]*>([^<]+)</g)) {
        const l = label.trim();
        if (l.startsWith(BASE) || /^(rf|rfsh|schema|prov|oa|np|owl|skos|foaf|org|wd|xsd):\S/.test(l) || /anonymous/i.test(l))
          bad.push(`${p}: ${l}`);
      }
    }
    // The shapes page documents shapes by their names; the SPARQL page lists prefixes.
    const allowed = (b: string) => b.startsWith('/def/forum-shapes:') || b.startsWith('/def/forum:') || b.startsWith('/sparql:');
    assert.deepEqual(
      bad.filter((b) => !allowed(b)),
      [],
    );
  });

  it('shows no SHACL shape on a reader page: shapes belong on the shapes page', () => {
    for (const [p, h] of pages) {
      if (p.startsWith('/def/') || p === '/sparql') continue; // the ontology pages, and the SPARQL page's list of prefixes
      assert.doesNotMatch(mainOf(h), /forum-shapes#/, p);
      // The dataset page counts every property the data uses, SHACL's among them; no other page names them.
      if (p !== '/doc/dataset') assert.doesNotMatch(mainOf(h), /target node|\bfirst \(of\)|node shape/i, p);
    }
    assert.match(pages.get('/def/forum-shapes')!, /SameAs-kz/);
  });

  it('gives every resource page its types in words', () => {
    const kz = mainOf(pages.get('/doc/country/kz')!);
    const types = [.../<p class="types"[^>]*>([\s\S]*?)<\/p>/.exec(kz)![1].matchAll(/>([^<]+)<\/a>/g)].map((m) => m[1]);
    assert.deepEqual(types, ['Country', 'Place']);
    const edition = mainOf(pages.get('/doc/event/rf-2019')!);
    assert.match(edition, /<span class="dt" title="http:\/\/www\.w3\.org\/2001\/XMLSchema#date">date<\/span>/);
  });

  it('starts every page with a skip link to its content, and names its own address as canonical', () => {
    for (const [p, h] of pages) {
      const body = h.slice(h.indexOf('<body>'));
      assert.match(body, /^<body>\s*<a class="skip" href="#content">/, p);
      assert.match(h, /<main id="content"/, p);
      const canonical = /<link rel="canonical" href="([^"]+)">/.exec(h)?.[1];
      assert.equal(canonical, BASE + p.slice(1), p);
    }
  });
});
