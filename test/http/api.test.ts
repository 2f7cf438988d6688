// The named-query API on the forum record: the answers the source fixes, negotiation, pagination links, errors.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import * as jsonld from 'jsonld';
import { Parser as N3Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { withBase } from '../../src/ingest/load';
import { BASE, TestApp } from '../helpers';
import { recordApp } from './recordApp';

type Row = Record<string, string | number | boolean | null>;
const id = (rel: string) => `${BASE}${rel}`;

describe('http/api: named queries on the forum record', () => {
  let t: TestApp;
  before(async () => {
    t = await recordApp();
  });
  after(async () => {
    await t.live.close();
  });

  const rows = async (path: string): Promise<Row[]> => {
    const res = await request(t.app).get(path).set('Accept', 'application/json');
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(res.headers['x-result-count'], String(res.body.length));
    return res.body as Row[];
  };
  const numbers = (r: Row[]) => r.map((x) => x.number);

  it('editions: the three editions of the series, oldest first; only 2019 has number, dates and place', async () => {
    const r = await rows('/api/editions');
    assert.deepEqual(
      r.map((x) => x.edition),
      ['rf-2017', 'rf-2018', 'rf-2019'].map((e) => id(`id/event/${e}`)),
    );
    assert.deepEqual(
      r.map((x) => x.year),
      ['2017', '2018', '2019'],
    );
    assert.deepEqual(r[2], {
      edition: id('id/event/rf-2019'),
      name: 'Third Regional Forum',
      year: '2019',
      number: 3,
      startDate: '2019-12-12',
      endDate: '2019-12-13',
      place: id('id/place/dushanbe'),
      placeName: 'Dushanbe',
    });
    for (const earlier of r.slice(0, 2)) assert.deepEqual([earlier.number, earlier.startDate, earlier.place], [null, null, null]);
    assert.deepEqual(
      (await rows('/api/editions?from=2019-12-01')).map((x) => x.year),
      ['2019'],
    );
    assert.deepEqual(await rows('/api/editions?from=2019-12-13'), []);
    assert.deepEqual(await rows('/api/editions?series=id/event-series/none'), []);
  });

  it("sessions: a plenary, the 1st to 4th round tables and the SecDev presentation, with the source's words", async () => {
    const r = await rows('/api/sessions?event=id/event/rf-2019');
    assert.deepEqual(
      r.map((x) => [x.kind, x.number, x.name]),
      [
        ['plenary session', null, 'Plenary session'],
        ['round table', 1, '1st Round Table'],
        ['round table', 2, '2nd Round Table'],
        ['round table', 3, '3rd Round Table'],
        ['round table', 4, '4th Round Table'],
        ['presentation', null, 'The SecDev Group presentation of study findings'],
      ],
    );
    assert.equal(
      r[1].description,
      'legal and regulatory challenges requiring a coordinated response to violent extremism in the Central Asian region',
    );
    assert.deepEqual(await rows('/api/sessions?event=id/event/rf-2018'), [], 'the source states no sessions for 2018');
  });

  it('financial-supporters: the five organisations "with financial support of" which the 2019 forum was held', async () => {
    const r = await rows('/api/financial-supporters');
    assert.deepEqual(
      r.map((x) => x.name),
      ['European Union', 'Internews', 'Kaspersky Lab', 'OSCE', 'Open Society Institute – Assistance Fund in Tajikistan'],
    );
    assert.deepEqual(
      r.map((x) => x.organization),
      ['european-union', 'internews', 'kaspersky-lab', 'osce', 'osi-assistance-fund-tajikistan'].map((o) => id(`id/organization/${o}`)),
    );
    assert.deepEqual(
      await rows(`/api/financial-supporters?event=${encodeURIComponent(id('id/event/rf-2019'))}`),
      r,
      'absolute and relative IRIs name the same edition',
    );
  });

  it("organisations: twelve involvements by the source's role phrase, the ambiguous partner kept as its words", async () => {
    const all = await rows('/api/organisations');
    assert.equal(all.length, 12);
    const count = (p: string) => all.filter((x) => x.phrase === p).length;
    assert.deepEqual(
      [count('with the support of'), count('in partnership with'), count('with financial support of'), count('was attended by')],
      [1, 2, 5, 4],
    );
    const partners = await rows(`/api/organisations?role=${encodeURIComponent('in partnership with')}`);
    assert.deepEqual(
      partners.map((x) => [x.name, x.mention]),
      [
        [null, 'Public Foundations Civil Initiative on Policy of Internet (Tajikistan) and Civil initiative on Internet Policy'],
        ['Institute for War and Peace Reporting in Central Asia', null],
      ],
    );
    const supporter = await rows(`/api/organisations?role=${encodeURIComponent('with the support of')}`);
    assert.deepEqual(
      supporter.map((x) => [x.name, x.roleLabel]),
      [
        [
          'Committee on Religion, Regulation of the National Traditions, Celebrations and Ceremonies under the Government of Tajikistan',
          'supporter',
        ],
      ],
    );
    const attended = await rows('/api/organisations?role=was+attended+by');
    assert.deepEqual(
      attended.map((x) => x.name),
      ['CSTO', 'European Union', 'OSCE', 'SCO'],
    );
  });

  it("findings: the nine key findings in the source's order, verbatim; one by number", async () => {
    const r = await rows('/api/findings?limit=25');
    assert.deepEqual(numbers(r), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(String(r[0].text).startsWith('Central Asia is rapidly becoming part of an increasingly digitally connected world.'));
    assert.ok(String(r[8].text).startsWith('The Forum emphasized the importance of interaction between Central Asian countries'));
    const four = await rows('/api/findings?number=4');
    assert.deepEqual([four.length, four[0].finding], [1, id('id/finding/rf-2019/kf-04')]);
    assert.match(String(four[0].text), /Facebook and VKontakte, in favor of encrypted messaging platforms such as Telegram/);
  });

  it('findings-mentioning: Kazakhstan in findings 5 and 6, Telegram in 4, The SecDev Group in 8, the forum itself in 6 and 9', async () => {
    const mentioning = async (entity: string) => numbers(await rows(`/api/findings-mentioning?entity=${encodeURIComponent(entity)}`));
    assert.deepEqual(await mentioning('id/country/kz'), [5, 6]);
    assert.deepEqual(await mentioning('id/country/af'), [6]);
    assert.deepEqual(await mentioning('id/platform/telegram'), [4]);
    assert.deepEqual(await mentioning('id/platform/zello'), [4]);
    assert.deepEqual(await mentioning(id('id/organization/secdev-group')), [8]);
    assert.deepEqual(await mentioning('id/organization/state-commission-religious-affairs-kg'), [5]);
    assert.deepEqual(
      await mentioning('id/event/rf-2019'),
      [6, 9],
      'KF-09 names the forum; KF-06 by the materialised reading of "this platform"',
    );
    assert.deepEqual(await mentioning('id/organization/osce'), [], 'no finding names the OSCE');
  });

  it('findings-on-topic: regional cooperation in 5, 6 and 9; platform operators in 3, including its narrower topic', async () => {
    assert.deepEqual(numbers(await rows('/api/findings-on-topic')), [5, 6, 9]);
    const ops = await rows('/api/findings-on-topic?topic=id/concept/topic-platform-operators');
    assert.deepEqual(
      ops.map((x) => [x.number, x.topicLabel]),
      [
        [3, 'content moderation'],
        [3, 'working with social network platform operators'],
      ],
    );
    const all = await rows('/api/findings-on-topic?topic=id/concept/topic-digital-dimensions-pve&limit=100');
    assert.deepEqual([...new Set(numbers(all))], [1, 2, 3, 4, 5, 6, 7, 8, 9], 'every finding falls under the top topic');
  });

  it('participant-groups: three groups attended the forum and the key experts the plenary', async () => {
    const r = await rows('/api/participant-groups');
    assert.deepEqual(
      r.map((x) => [x.group, x.attended]),
      [
        [id('id/event/rf-2019/participant-group/1'), id('id/event/rf-2019')],
        [id('id/event/rf-2019/participant-group/2'), id('id/event/rf-2019')],
        [id('id/event/rf-2019/participant-group/3'), id('id/event/rf-2019')],
        [id('id/event/rf-2019/participant-group/key-experts'), id('id/event/rf-2019/plenary')],
      ],
    );
    assert.deepEqual(String(r[0].countries).split('; ').sort(), ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Uzbekistan']);
    assert.deepEqual(String(r[1].organizations).split('; ').sort(), ['CSTO', 'European Union', 'OSCE', 'SCO']);
    assert.equal(r[3].description, 'key experts');
  });

  it('search-findings: a case-insensitive substring search bound as a literal', async () => {
    const search = async (q: string) => numbers(await rows(`/api/search-findings?q=${encodeURIComponent(q)}`));
    assert.deepEqual(await search('TELEGRAM'), [4]);
    assert.deepEqual(await search('kazakhstan'), [5, 6]);
    assert.deepEqual(await search('governments’ repressive'), [2], 'a curly apostrophe matches as written');
    assert.deepEqual(await search('no such words here'), []);
  });

  it('organisation-by-name: an exact language-tagged name', async () => {
    assert.deepEqual(await rows('/api/organisation-by-name?name=OSCE@en'), [{ organization: id('id/organization/osce'), confidence: '' }]);
    assert.deepEqual(
      await rows(`/api/organisation-by-name?name=${encodeURIComponent('Open Society Institute – Assistance Fund in Tajikistan@en')}`),
      [{ organization: id('id/organization/osi-assistance-fund-tajikistan'), confidence: '' }],
    );
    // A provisional organisation of the A1 readings says which readings it rests on.
    assert.deepEqual(await rows(`/api/organisation-by-name?name=${encodeURIComponent('Civil initiative on Internet Policy@en')}`), [
      { organization: id('id/organization/ciip'), confidence: 'reading, probable' },
    ]);
    assert.deepEqual(await rows('/api/organisation-by-name?name=OSCE@ru'), [], 'the language tag is part of the name');
  });

  it('organisation (CONSTRUCT): the OSCE across editions, as Turtle and as JSON-LD compacted with the published context', async () => {
    const ttl = await request(t.app).get('/api/organisation?organization=id/organization/osce').set('Accept', 'text/turtle');
    assert.equal(ttl.status, 200);
    assert.match(ttl.headers['content-type'], /^text\/turtle/);
    const quads = new N3Parser({ baseIRI: BASE }).parse(ttl.text);
    const has = (s: string, p: string, o: string) =>
      quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);
    const rf = (l: string) => id(`def/forum#${l}`);
    assert.ok(has(id('id/event/rf-2019'), rf('financiallySupportedBy'), id('id/organization/osce')));
    assert.ok(has(id('id/event/rf-2019'), rf('attendedBy'), id('id/organization/osce')));
    assert.ok(has(id('id/event/rf-2019/participant-group/2'), rf('representsOrganization'), id('id/organization/osce')));
    assert.ok(has(id('id/organization/osce'), 'http://www.w3.org/2002/07/owl#sameAs', 'http://www.wikidata.org/entity/Q81299'));
    const phrases = quads
      .filter((q) => q.predicate.value === rf('sourcePhrase'))
      .map((q) => q.object.value)
      .sort();
    assert.deepEqual(phrases, ['was attended by', 'with financial support of']);

    const nt = await request(t.app).get('/api/organisation?organization=id/organization/osce').set('Accept', 'application/n-triples');
    const lines = nt.text.trim().split('\n');
    assert.equal(new Set(lines).size, lines.length, 'a graph is a set: no triple twice');
    assert.equal(nt.headers['x-result-count'], String(lines.length));

    const ld = await request(t.app).get('/api/organisation?organization=id/organization/osce').set('Accept', 'application/json');
    assert.equal(ld.status, 200);
    assert.match(ld.headers['content-type'], /^application\/ld\+json/);
    assert.equal(ld.body['@context'], `${BASE}context.jsonld`);
    const osce = (ld.body['@graph'] as Array<Record<string, unknown>>).find((n) => n.id === id('id/organization/osce'));
    assert.deepEqual(osce?.name, 'OSCE', 'readable keys from the published context');
    const context = withBase(t.live.current.dataset.info.contexts.get('context.jsonld'), BASE);
    const loader = async (url: string) => ({ document: context, documentUrl: url, contextUrl: undefined });
    const fromLd = new N3Parser({ format: 'N-Quads' }).parse(
      (await jsonld.toRDF(ld.body, { format: 'application/n-quads', documentLoader: loader as never })) as unknown as string,
    );
    assert.ok(isomorphic(fromLd, quads), 'the JSON-LD says exactly what the Turtle says');
  });

  it('negotiates SELECT results: plain JSON by default, SPARQL JSON, CSV, TSV and XML on request; 406 for graph types', async () => {
    const path = '/api/financial-supporters';
    const plain = await request(t.app).get(path);
    assert.match(plain.headers['content-type'], /^application\/json/);
    assert.ok(Array.isArray(plain.body));
    const srj = await request(t.app).get(path).set('Accept', 'application/sparql-results+json');
    assert.match(srj.headers['content-type'], /^application\/sparql-results\+json/);
    const parsed = JSON.parse(srj.text);
    assert.deepEqual(parsed.head.vars, ['organization', 'name']);
    assert.equal(parsed.results.bindings.length, 5);
    assert.deepEqual(parsed.results.bindings[0].name, { type: 'literal', value: 'European Union', 'xml:lang': 'en' });
    const csv = await request(t.app).get(path).set('Accept', 'text/csv');
    assert.match(csv.headers['content-type'], /^text\/csv/);
    const csvLines = csv.text.trim().split(/\r?\n/);
    assert.deepEqual([csvLines[0], csvLines.length], ['organization,name', 6]);
    assert.ok(
      csvLines.includes(`${id('id/organization/osi-assistance-fund-tajikistan')},Open Society Institute – Assistance Fund in Tajikistan`),
    );
    const tsv = await request(t.app).get(path).set('Accept', 'text/tab-separated-values');
    assert.match(tsv.text.split('\n')[0], /^\?organization\t\?name/);
    const xml = await request(t.app).get(path).set('Accept', 'application/sparql-results+xml');
    assert.match(xml.text, /<sparql xmlns="http:\/\/www.w3.org\/2005\/sparql-results#"/);
    assert.equal((xml.text.match(/<result>/g) ?? []).length, 5);
    const refused = await request(t.app).get(path).set('Accept', 'text/turtle');
    assert.equal(refused.status, 406);
    assert.match(refused.text, /application\/json/);
    const graph = await request(t.app).get('/api/organisation?organization=id/organization/osce').set('Accept', 'text/csv');
    assert.equal(graph.status, 406);
  });

  it('paginates with limit and offset and links the next and previous pages, keeping the other parameters', async () => {
    const first = await request(t.app).get('/api/findings?event=id/event/rf-2019&limit=5').set('Accept', 'application/json');
    assert.deepEqual(numbers(first.body), [1, 2, 3, 4, 5]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link)?.[1];
    assert.equal(next, '/api/findings?event=id%2Fevent%2Frf-2019&limit=5&offset=5');
    assert.doesNotMatch(first.headers.link, /rel="prev"/);
    const second = await request(t.app).get(next!).set('Accept', 'application/json');
    assert.deepEqual(numbers(second.body), [6, 7, 8, 9]);
    assert.doesNotMatch(second.headers.link, /rel="next"/, 'the last page links no further');
    assert.match(second.headers.link, /<\/api\/findings\?event=id%2Fevent%2Frf-2019&limit=5&offset=0>; rel="prev"/);
    const exact = await request(t.app).get('/api/findings?limit=9').set('Accept', 'application/json');
    assert.equal(exact.body.length, 9);
    assert.doesNotMatch(exact.headers.link, /rel="next"/, 'a page that ends with the answers links no next page');
    const csv = await request(t.app).get('/api/findings?limit=2&offset=7').set('Accept', 'text/csv');
    assert.equal(csv.text.trim().split(/\r?\n/).length, 3, 'the page size holds in every format');
    assert.match(csv.headers.link, /rel="prev"/);
  });

  it('answers 400 naming the parameter and what it expects: unknown, missing, ill-typed, repeated', async () => {
    const problem = async (path: string, message: RegExp) => {
      const res = await request(t.app).get(path).set('Accept', 'application/json');
      assert.equal(res.status, 400, path);
      assert.match(res.body.message, message, path);
    };
    await problem('/api/findings?colour=red', /Unknown parameter "colour": this query accepts "event", "number", "limit", "offset"/);
    await problem('/api/financial-supporters?limit=5', /Unknown parameter "limit": this query accepts "event"/);
    await problem('/api/findings-mentioning', /The parameter "entity" is required: an IRI/);
    await problem('/api/search-findings', /"q" is required: a string/);
    await problem('/api/findings?number=four', /"number" must be a whole number of at least 1, not "four"/);
    await problem('/api/findings?number=0', /"number" must be a whole number of at least 1/);
    await problem('/api/editions?from=12%2F12%2F2019', /"from" must be a calendar date written YYYY-MM-DD/);
    await problem(
      '/api/organisations?role=sponsor',
      /"role" must be one of "with the support of", "in partnership with", "with financial support of", "was attended by", not "sponsor"/,
    );
    await problem('/api/organisation-by-name?name=OSCE', /"name" must be a language-tagged string written text@lang/);
    await problem('/api/sessions?event=not%20an%20iri', /"event" must be an IRI/);
    await problem('/api/sessions?event=a&event=b', /"event" was given 2 times/);
    await problem('/api/findings?limit=5000', /"limit" must be a whole number from 1 to 1000/);
    const text = await request(t.app).get('/api/findings?colour=red');
    assert.match(text.headers['content-type'], /^text\/plain/, 'clients that ask for nothing in particular get text');
  });

  it('answers 404 for an unknown query, 405 for other methods, and HEAD like GET', async () => {
    const missing = await request(t.app).get('/api/no-such-query');
    assert.equal(missing.status, 404);
    assert.match(missing.text, /no named query "no-such-query"/);
    const post = await request(t.app).post('/api/findings');
    assert.equal(post.status, 405);
    assert.match(post.headers.allow, /GET/);
    const head = await request(t.app).head('/api/findings');
    assert.equal(head.status, 200);
    assert.equal(head.headers['x-result-count'], '9');
  });

  it('every query answers with its documented example or default parameters, with the documented keys', async () => {
    for (const q of t.live.current.dataset.info.namedQueries!) {
      const qs = q.params
        .filter((p) => p.example !== undefined && p.default === undefined && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(p.example!)}`)
        .join('&');
      const res = await request(t.app)
        .get(`/api/${q.name}${qs ? `?${qs}` : ''}`)
        .set('Accept', 'application/json');
      assert.equal(res.status, 200, `${q.name}: ${res.text}`);
      if (q.form === 'SELECT') {
        assert.ok(res.body.length > 0, q.name);
        for (const row of res.body as Row[]) assert.deepEqual(Object.keys(row), q.variables, q.name);
      } else {
        assert.ok((res.body['@graph'] as unknown[]).length > 0, q.name);
      }
    }
  });

  it('the SPARQL editor offers the same queries as its examples, runnable as they stand', async () => {
    const page = await request(t.app).get('/sparql').set('Accept', 'text/html');
    assert.equal(page.status, 200);
    const html = page.text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    for (const q of t.live.current.dataset.info.namedQueries!) assert.ok(html.includes(q.summary), `the editor offers ${q.name}`);
  });

  it('serves the same answers from worker threads, the bound terms crossing to them as plain data', async () => {
    const w = await recordApp(1);
    try {
      const res = await request(w.app).get('/api/findings-mentioning?entity=id/country/kz').set('Accept', 'application/json');
      assert.deepEqual(numbers(res.body), [5, 6]);
      const names = await request(w.app).get('/api/organisations?role=with+financial+support+of').set('Accept', 'application/json');
      assert.equal(names.body.length, 5);
    } finally {
      await w.live.close();
    }
  });
});
