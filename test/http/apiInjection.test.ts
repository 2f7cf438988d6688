// Injection through every parameter type fails: values are refused by their type or bound as terms, never pasted into the query.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { DataFactory } from 'n3';
import type { QueryAnswerer } from '../../src/publish/live';
import type { PlainTerm } from '../../src/sparql/plainTerm';
import { BASE, TestApp, wholeDataset } from '../helpers';
import { recordApp } from './recordApp';
import { BACKEND } from '../support/backend';

interface Seen {
  text: string;
  bindings: Record<string, PlainTerm>;
}

/** Records what the API hands the query service: the query text and the bound terms, separately. */
function spy(service: QueryAnswerer): Seen[] {
  const seen: Seen[] = [];
  const original = service.answer.bind(service);
  service.answer = (task, signal) => {
    seen.push({ text: task.text, bindings: task.bindings ?? {} });
    return original(task, signal);
  };
  return seen;
}

// Each payload would widen the answer (to every finding or organisation) if it were spliced into the query text.
const F = `<${BASE}def/forum#`;
const ACCEPTED: Array<{ query: string; param: string; type: string; benign: string; payloads: string[] }> = [
  {
    query: 'search-findings',
    param: 'q',
    type: 'string',
    benign: 'Telegram',
    payloads: [
      '")) || true || (("',
      '") || true || ("',
      `a")) } UNION { ?finding a ${F}Finding> ; ${F}findingOf> ?edition ; ${F}sequenceNumber> ?number ; ${F}verbatimText> ?text } #`,
      "') || true || ('",
      '"""',
      "'''",
      '\\',
      '\\") || true || (\\"',
      '}',
      '.*',
      '%22) || true || (%22',
      'a\u0000b',
      '\n} UNION {\n',
    ],
  },
  {
    query: 'organisation-by-name',
    param: 'name',
    type: 'lang-string',
    benign: 'OSCE@en',
    payloads: [
      'OSCE"@en } UNION { ?organization a <https://schema.org/Organization> } #@en',
      'OSCE"@en . ?organization ?p ?o } #@en',
      '"@en || true || "@en',
    ],
  },
  {
    query: 'findings-mentioning',
    param: 'entity',
    type: 'iri',
    benign: 'id/country/kz',
    payloads: ['?s', '?_entity', 'id/country/kz%3E%20%7D%20UNION%20%7B', 'urn:x:%3E', 'id/country/kz#%3E'],
  },
];

const REFUSED: Array<{ query: string; param: string; payloads: string[] }> = [
  {
    query: 'findings-mentioning',
    param: 'entity',
    payloads: [
      'id/country/kz> } UNION { ?finding ?p ?o',
      `${BASE}x>}; DROP ALL; #`,
      'id/x\nUNION',
      'id/country/kz>',
      '<id/country/kz>',
      '"id/country/kz"',
      '//evil.example/x',
      '../../../etc/passwd',
    ],
  },
  {
    query: 'sessions',
    param: 'event',
    payloads: ['id/event/rf-2019> ?p ?o } UNION { ?session ?p ?o', 'x{y}', 'x|y', 'x^y', 'x`y', 'x\\y'],
  },
  { query: 'organisation-by-name', param: 'name', payloads: ['OSCE"@en ; a ?x } #', 'OSCE@en } #', 'OSCE', 'OSCE@'] },
  {
    query: 'editions',
    param: 'from',
    payloads: [
      '2019-01-01"^^<http://www.w3.org/2001/XMLSchema#date> || true || "',
      '2019-01-01) || (true',
      '2019-01-01 ',
      '0000-00-00',
      '2019-13-01',
      'NOW()',
    ],
  },
  { query: 'findings', param: 'number', payloads: ['4 || true', '4) || (1 = 1', '1e3', '0x10', '4.0', '99999999999999999999', '-1', ' 4'] },
  {
    query: 'organisations',
    param: 'role',
    payloads: ['with financial support of" || true || "', 'in partnership with"} UNION {?a ?b ?c', 'WITH FINANCIAL SUPPORT OF', ''],
  },
  { query: 'findings', param: 'limit', payloads: ['5; DROP ALL', '5 OFFSET 0', '-5', '0'] },
  { query: 'findings', param: 'offset', payloads: ['1 UNION', '1.5', '-1'] },
];

describe('http/api: injection through every parameter type fails', () => {
  let t: TestApp;
  let seen: Seen[];
  before(async () => {
    t = await recordApp();
    seen = spy(t.live.current.queries);
  });
  after(async () => {
    await t.live.close();
  });

  const get = (query: string, param: string, value: string) =>
    request(t.app)
      .get(`/api/${query}?${param}=${encodeURIComponent(value)}`)
      .set('Accept', 'application/json');

  for (const c of ACCEPTED) {
    it(`${c.type} (${c.query}?${c.param}=…): a hostile value is bound as one term, matches nothing, and leaves the query text unchanged`, async () => {
      const benign = await get(c.query, c.param, c.benign);
      assert.equal(benign.status, 200);
      assert.ok(benign.body.length > 0, 'the benign value answers');
      const text = seen[seen.length - 1].text;
      for (const payload of c.payloads) {
        const res = await get(c.query, c.param, payload);
        if (BACKEND === 'virtuoso' && payload.includes('\u0000')) {
          // Virtuoso ends a string at U+0000: the value is refused, never compared as its first part.
          assert.equal(res.status, 501, `${JSON.stringify(payload)}: ${res.text}`);
          continue;
        }
        assert.equal(res.status, 200, `${JSON.stringify(payload)}: ${res.text}`);
        assert.deepEqual(res.body, [], `${JSON.stringify(payload)} matched nothing, as the literal value it is`);
        const last = seen[seen.length - 1];
        assert.equal(last.text, text, `${JSON.stringify(payload)}: the query text is the same whatever the value`);
        const term = last.bindings[`_${c.param}`];
        assert.ok(term, 'the value travels as a bound term');
        if (c.type === 'iri') {
          assert.equal(term.termType, 'NamedNode');
        } else {
          assert.equal(term.termType, 'Literal');
          const expected = c.type === 'lang-string' ? payload.slice(0, payload.lastIndexOf('@')) : payload;
          assert.equal(term.value, expected, 'the literal holds exactly what was sent');
          if (expected.length > 3) assert.ok(!last.text.includes(expected), 'the value is not in the query text');
        }
      }
    });
  }

  for (const c of REFUSED) {
    it(`${c.param} (${c.query}): values that are not of the parameter's type are refused with 400 naming it, before any query runs`, async () => {
      const before = seen.length;
      for (const payload of c.payloads) {
        const res = await get(c.query, c.param, payload);
        assert.equal(res.status, 400, `${JSON.stringify(payload)} → ${res.status} ${res.text}`);
        assert.match(res.body.message, new RegExp(`"${c.param}"`), JSON.stringify(payload));
      }
      assert.equal(seen.length, before, 'nothing was run');
    });
  }

  it('parameter names are not variables: ?_name, _name and names with odd characters are unknown parameters', async () => {
    for (const name of ['_entity', '?_entity', 'entity%20', 'entity}', 'query']) {
      const res = await request(t.app)
        .get(`/api/findings-mentioning?entity=id/country/kz&${encodeURIComponent(name)}=x`)
        .set('Accept', 'application/json');
      assert.equal(res.status, 400, name);
      assert.match(res.body.message, /Unknown parameter/);
    }
  });

  it('control: the same payloads pasted into the text, as a naive API would, do widen the answer', async () => {
    const { queries } = t.live.current;
    const dataset = await wholeDataset(t.live);
    const naive = async (name: string, variable: string, pasted: string) => {
      const text = dataset.info
        .namedQueries!.find((q) => q.name === name)!
        .text.split(`?${variable}`)
        .join(pasted);
      const out = await queries.answer({ text, resultsType: 'application/sparql-results+json' });
      const chunks: Buffer[] = [];
      if (Buffer.isBuffer(out.body)) chunks.push(out.body);
      else for await (const c of out.body) chunks.push(c as Buffer);
      const rows = JSON.parse(Buffer.concat(chunks).toString('utf8')).results.bindings as Array<Record<string, { value: string }>>;
      return { count: out.count, findings: new Set(rows.map((r) => r.finding?.value)).size };
    };
    assert.equal(
      (await naive('search-findings', '_q', `"${ACCEPTED[0].payloads[0]}"`)).count,
      9,
      'a closing quote and parentheses: every finding, not none',
    );
    const mentioning = new Set(
      ['mentions', 'mentionsCountry', 'mentionsAgent', 'mentionsPlatform']
        .flatMap((p) => dataset.match(null, DataFactory.namedNode(`${BASE}def/forum#${p}`)).map((q) => q.subject.value))
        .filter((s) => /\/kf-\d+$/.test(s)),
    );
    assert.ok(mentioning.size > 2);
    assert.equal(
      // A finding mentions some things as the text says and others by a reading: one row for each kind.
      (await naive('findings-mentioning', '_entity', ACCEPTED[2].payloads[0])).findings,
      mentioning.size,
      'a short-form IRI pasted as text becomes a variable: every finding that mentions anything',
    );
  });

  it('leaves the record as it was: nine findings, the same number of quads', async () => {
    const size = t.live.current.dataset.size;
    await get('search-findings', 'q', '"); DROP ALL; SELECT ("');
    const res = await request(t.app).get('/api/findings').set('Accept', 'application/json');
    assert.equal(res.body.length, 9);
    assert.equal(t.live.current.dataset.size, size);
  });

  it('holds on worker threads too', async () => {
    const w = await recordApp(1);
    try {
      for (const payload of ACCEPTED[0].payloads.slice(0, 3)) {
        const res = await request(w.app)
          .get(`/api/search-findings?q=${encodeURIComponent(payload)}`)
          .set('Accept', 'application/json');
        assert.deepEqual([res.status, res.body], [200, []], payload);
      }
      const ok = await request(w.app).get('/api/search-findings?q=Zello').set('Accept', 'application/json');
      assert.deepEqual(
        ok.body.map((r: { number: number }) => r.number),
        [4],
      );
    } finally {
      await w.live.close();
    }
  });
});
