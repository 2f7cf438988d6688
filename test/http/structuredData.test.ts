// schema.org on every page: valid JSON-LD 1.1, the rich-result properties of Event and Dataset, claims, and no readings.
import { strict as assert } from 'node:assert';
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import { DataFactory, Parser } from 'n3';
import request from 'supertest';
import * as path from 'node:path';
import { BASE, FIXTURES, TestApp, testApp } from '../helpers';
import { recordApp } from './recordApp';
import { readingGraphs, verifiedLinks } from '../../src/publish/factGraphs';
import { tripleKey } from '../../src/rdf/termKey';
import { CLAIM, DATASET, EVENT, unmet } from '../support/richResults';

/** Recommended Event properties the 2019 forum lacks, and why: none is in the source. */
const EVENT_ABSENT = {
  eventAttendanceMode: 'the source does not say whether anyone took part online',
  image: 'the source has no image',
  offers: 'the source says nothing of tickets or fees',
  organizer: 'the source names no organiser (A13: "with the support of" is not "organised by")',
  performer: 'the source names no performer of the forum as a whole (the SecDev Group presented in a session)',
  previousStartDate: 'the source mentions no rescheduling',
};
/** Recommended Dataset properties the record lacks, and why. */
const DATASET_ABSENT = {
  alternateName: 'the dataset has no other name',
  citation: 'no publication about the dataset is known',
  funder: 'nobody is known to have funded the dataset',
  isPartOf: 'it is part of no larger dataset',
  identifier: 'no identifier (a DOI or the like) has been assigned; its IRI is its @id',
  measurementTechnique: 'it is a record of events, not measurements',
  sameAs: 'no other page describes it',
  variableMeasured: 'it is a record of events, not measurements',
};

const S = 'https://schema.org/';
const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The JSON-LD blocks of a page, each as the RDF that jsonld.js reads from it in safe mode (anything dropped throws). */
async function structuredData(html: string): Promise<RDF.Quad[][]> {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
  const documentLoader = async (url: string) => {
    throw new Error(`a page's JSON-LD must not need a remote context: ${url}`);
  };
  return Promise.all(
    blocks.map(async (doc) => {
      const nq = (await jsonld.toRDF(doc, { format: 'application/n-quads', safe: true, documentLoader } as never)) as unknown as string;
      return new Parser({ format: 'application/n-quads' }).parse(nq);
    }),
  );
}

const objects = (quads: RDF.Quad[], s: RDF.Term | string, p: string) =>
  quads
    .filter((q) => (typeof s === 'string' ? q.subject.value === s : q.subject.equals(s)) && q.predicate.value === `${S}${p}`)
    .map((q) => q.object);
const typed = (quads: RDF.Quad[], type: string) =>
  quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${S}${type}`).map((q) => q.subject);

describe('http/structured data (schema.org)', function () {
  this.timeout(120_000);
  let t: TestApp;
  const pages = new Map<string, RDF.Quad[]>();
  before(async () => {
    t = await recordApp();
    const sitemap = (await request(t.app).get('/sitemap.xml').expect(200)).text;
    const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    for (const u of [...urls, `${BASE}fragments`, `${BASE}api`]) {
      const res = await request(t.app)
        .get(u.slice(BASE.length - 1))
        .set('Accept', 'text/html');
      assert.equal(res.status, 200, u);
      const blocks = await structuredData(res.text).catch((e) => assert.fail(`${u}: ${e.message}`));
      assert.equal(blocks.length, 1, `${u} carries one JSON-LD block`);
      pages.set(u, blocks[0]);
    }
  });
  after(async () => {
    await t.live.close();
  });

  it('every page of the sitemap (and the fragments and API pages) carries JSON-LD 1.1 that reads as RDF with absolute IRIs only', () => {
    assert.ok(pages.size >= 235, `${pages.size} pages`);
    for (const [u, quads] of pages) {
      assert.ok(quads.length > 0, `${u}: some statements`);
      for (const q of quads)
        for (const term of [q.subject, q.predicate, q.object])
          if (term.termType === 'NamedNode') assert.match(term.value, /^(https?|mailto):/, `${u}: <${term.value}>`);
    }
  });

  it('the 2019 forum is an Event with everything the Event rich result requires and recommends that the source supports', () => {
    const quads = pages.get(`${BASE}doc/event/rf-2019`)!;
    const ev = `${BASE}id/event/rf-2019`;
    assert.ok(typed(quads, 'Event').some((s) => s.value === ev));
    assert.deepEqual(unmet(quads, namedNode(ev), EVENT, EVENT_ABSENT), [], EVENT.source);
    // Required: name, startDate, location with an address.
    assert.equal(objects(quads, ev, 'name')[0].value, 'Third Regional Forum');
    assert.equal(objects(quads, ev, 'startDate')[0].value, '2019-12-12');
    const [place] = objects(quads, ev, 'location');
    assert.equal(objects(quads, place, 'name')[0].value, 'Dushanbe');
    const [address] = objects(quads, place, 'address');
    assert.ok(
      typed(quads, 'PostalAddress').some((s) => s.equals(address)),
      'a PostalAddress',
    );
    assert.equal(objects(quads, address, 'addressLocality')[0].value, 'Dushanbe');
    assert.equal(objects(quads, address, 'addressCountry')[0].value, 'Tajikistan');
    // Recommended: endDate, description, eventStatus.
    assert.equal(objects(quads, ev, 'endDate')[0].value, '2019-12-13');
    const description = objects(quads, ev, 'description')[0].value;
    assert.match(description, /Addressing Digital Dimensions in the Context of Preventing Violent Extremism/);
    assert.match(description, /Dushanbe, Tajikistan, 2019-12-12 to 2019-12-13/);
    assert.deepEqual(
      objects(quads, ev, 'eventStatus').map((o) => o.value),
      [`${S}EventScheduled`],
    );
    assert.ok(
      objects(quads, ev, 'alternateName').some(
        (o) => o.value === 'Addressing Digital Dimensions in the Context of Preventing Violent Extremism',
      ),
      'the title is named in schema.org too',
    );
    // Never stated, because the source does not say: an organiser, an attendance mode, an image, offers.
    for (const p of ['organizer', 'eventAttendanceMode', 'image', 'offers']) assert.deepEqual(objects(quads, ev, p), [], p);
  });

  it('the home page and the description page carry a Dataset with creator, publisher, keywords, coverage and downloads', () => {
    for (const u of [BASE, `${BASE}doc/dataset`]) {
      const quads = pages.get(u)!;
      const ds = namedNode(`${BASE}id/dataset`);
      assert.ok(
        typed(quads, 'Dataset').some((d) => d.equals(ds)),
        `${u}: the Dataset`,
      );
      assert.deepEqual(unmet(quads, ds, DATASET, DATASET_ABSENT), [], DATASET.source);
      assert.ok(objects(quads, ds, 'name')[0].value.length > 0);
      const description = objects(quads, ds, 'description')[0].value;
      assert.ok(description.length >= 50 && description.length <= 5000, 'Google: 50 to 5000 characters');
      assert.equal(objects(quads, ds, 'license')[0].value, 'https://creativecommons.org/licenses/by/4.0/');
      const [creator] = objects(quads, ds, 'creator');
      assert.equal(objects(quads, creator, 'name')[0].value, 'forum-ld curators');
      const [publisher] = objects(quads, ds, 'publisher');
      assert.equal(objects(quads, publisher, 'name')[0].value, `The operators of ${BASE}`);
      assert.ok(objects(quads, ds, 'keywords').some((k) => k.value === 'content moderation'));
      assert.deepEqual(
        objects(quads, ds, 'spatialCoverage')
          .map((p) => objects(quads, p, 'name')[0].value)
          .sort(),
        ['Dushanbe', 'Tajikistan'],
      );
      assert.equal(objects(quads, ds, 'temporalCoverage')[0].value, '2017/2019-12-13');
      assert.ok(objects(quads, ds, 'includedInDataCatalog').length === 1);
      const downloads = objects(quads, ds, 'distribution');
      assert.ok(downloads.length >= 6);
      for (const d of downloads) assert.ok(objects(quads, d, 'contentUrl').length && objects(quads, d, 'encodingFormat').length);
    }
  });

  it('every finding and claim is a schema:Claim with its verbatim text, the source it appears in, and its parts', () => {
    const findings = [...pages.keys()].filter((u) => u.startsWith(`${BASE}doc/finding/`));
    assert.equal(findings.length, 38);
    for (const u of findings) {
      const quads = pages.get(u)!;
      const claim = u.replace('/doc/', '/id/');
      assert.ok(
        typed(quads, 'Claim').some((s) => s.value === claim),
        `${u} is a Claim`,
      );
      assert.deepEqual(unmet(quads, namedNode(claim), CLAIM), [], `${u}: ${CLAIM.source}`);
      assert.ok(objects(quads, claim, 'text')[0].value.length > 20, `${u}: text`);
      const [source] = objects(quads, claim, 'appearance');
      assert.equal(source.value, `${BASE}id/source/third-regional-forum-2019`);
      const parts = /kf-\d\d$/.test(claim) ? objects(quads, claim, 'hasPart') : objects(quads, claim, 'isPartOf');
      assert.ok(parts.length > 0, `${u}: hasPart or isPartOf`);
    }
    const kf04 = pages.get(`${BASE}doc/finding/rf-2019/kf-04`)!;
    const [source] = objects(kf04, `${BASE}id/finding/rf-2019/kf-04`, 'appearance');
    assert.equal(objects(kf04, source, 'url')[0].value, `${BASE}source/third-regional-forum-2019`);
  });

  it('concepts, schemes, graphs and nanopublications say what they are', () => {
    const type = (u: string, id: string) =>
      pages
        .get(u)!
        .filter((q) => q.subject.value === id && q.predicate.value === RDF_TYPE)
        .map((q) => q.object.value.slice(S.length));
    assert.deepEqual(type(`${BASE}doc/concept/topic-content-moderation`, `${BASE}id/concept/topic-content-moderation`), ['DefinedTerm']);
    assert.deepEqual(type(`${BASE}doc/scheme/topics`, `${BASE}id/scheme/topics`), ['DefinedTermSet']);
    assert.deepEqual(type(`${BASE}graph/source/third-regional-forum-2019`, `${BASE}graph/source/third-regional-forum-2019`), ['Dataset']);
    assert.deepEqual(type(`${BASE}np/rf-2019/kf-01`, `${BASE}np/rf-2019/kf-01`), ['CreativeWork']);
  });

  it('no page states, as schema.org, anything that only a reading graph (interpretations, curated links) holds', () => {
    const ds = t.live.current.dataset;
    const readings = readingGraphs(ds);
    assert.ok(readings.size >= 2, 'the record has an interpretation graph and a links graph');
    const facts = new Set(verifiedLinks(ds));
    const readOnly = new Map<string, RDF.Quad>();
    for (const q of ds.quads()) if (!(q.graph.termType === 'NamedNode' && readings.has(q.graph.value))) facts.add(tripleKey(q));
    for (const q of ds.quads())
      if (q.graph.termType === 'NamedNode' && readings.has(q.graph.value) && !facts.has(tripleKey(q))) readOnly.set(tripleKey(q), q);
    assert.ok(readOnly.size > 10);
    for (const [u, quads] of pages) {
      for (const q of quads)
        assert.ok(!readOnly.has(tripleKey(q)), `${u} states a reading: ${q.subject.value} ${q.predicate.value} ${q.object.value}`);
    }
    // The readings themselves, spelled out: the State Commission's country (A16), the provisional partners (A1).
    const commission = pages.get(`${BASE}doc/organization/state-commission-religious-affairs-kg`)!;
    assert.deepEqual(objects(commission, `${BASE}id/organization/state-commission-religious-affairs-kg`, 'areaServed'), []);
    for (const u of [`${BASE}doc/organization/cipi-tajikistan`, `${BASE}doc/organization/ciip`]) {
      assert.deepEqual(typed(pages.get(u)!, 'Organization'), [], `${u}: a provisional organisation is not stated as one`);
      assert.ok(typed(pages.get(u)!, 'WebPage').length === 1, `${u}: the page is described instead`);
    }
    const forum = pages.get(`${BASE}doc/event/rf-2019`)!;
    assert.ok(!forum.some((q) => /cipi|ciip/.test(q.object.value)), 'the forum page names no provisional partner');
    assert.deepEqual(objects(forum, `${BASE}id/event/rf-2019`, 'sameAs'), [], 'the forum has no curated link');
  });

  it('a thing with a verified link has it as schema:sameAs (the Wikidata page the data gives), and no other', () => {
    const tj = pages.get(`${BASE}doc/country/tj`)!;
    assert.deepEqual(
      objects(tj, `${BASE}id/country/tj`, 'sameAs').map((o) => o.value),
      ['https://www.wikidata.org/wiki/Q863'],
    );
    // Every schema:sameAs of every page is a verified link of the data, and every verified Wikidata link is on its page.
    const links = verifiedLinks(t.live.current.dataset);
    let shown = 0;
    for (const [u, quads] of pages)
      for (const q of quads.filter((x) => x.predicate.value === `${S}sameAs`)) {
        assert.ok(links.has(tripleKey(q)), `${u}: ${q.subject.value} sameAs ${q.object.value} is no verified link`);
        if (u === q.subject.value.replace('/id/', '/doc/')) shown++;
      }
    assert.equal(shown, 13, 'the 13 verified Wikidata links, each on the page of its subject');
  });
});

describe('http/structured data (schema.org): only verified links', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await testApp({ data: [path.join(FIXTURES, 'mini'), path.join(FIXTURES, 'links')] });
  });
  after(async () => {
    await t.live.close();
  });
  const sameAs = async (doc: string, id: string) => {
    const res = await request(t.app).get(doc).set('Accept', 'text/html').expect(200);
    const [quads] = await structuredData(res.text);
    return objects(quads, `${BASE}${id}`, 'sameAs')
      .map((o) => o.value)
      .sort();
  };

  it('states the verified link, not the single-source candidate nor the link without evidence', async () => {
    assert.deepEqual(await sameAs('/doc/organization/acme', 'id/organization/acme'), ['https://registry.example/org/acme']);
  });

  it('states no unverified link', async () => {
    assert.deepEqual(await sameAs('/doc/event/e1', 'id/event/e1'), []);
  });

  it('the links themselves stay in the data, in their graph (only schema.org leaves the others out)', async () => {
    const ttl = (await request(t.app).get('/doc/organization/acme').set('Accept', 'text/turtle').expect(200)).text;
    for (const target of ['https://registry.example/org/acme', 'https://directory.example/acme', 'https://elsewhere.example/acme'])
      assert.ok(ttl.includes(target), target);
  });
});
