// Named queries: decorators parsed into typed parameters, values bound as terms, broken files refused with file and line.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Parser } from 'sparqljs';
import { validateCommand } from '../../src/commands/validate';
import { loadDataset } from '../../src/ingest/load';
import { exampleText, listNamedQueries, loadNamedQueries, pagedText, parseNamedQuery } from '../../src/api/namedQueries';
import { bindRequest, ParameterError, parseParamValue, ParamSpec } from '../../src/api/queryParameters';
import { QueryService } from '../../src/sparql/queryService';
import { BASE, FIXTURES, ROOT } from '../helpers';

const QUERIES = path.join(ROOT, 'queries');
const XSD = 'http://www.w3.org/2001/XMLSchema#';

const ALL_TYPES = `#+ summary: Every parameter type
#+ description: A test query.
#+ tags: [test, findings]
#+ params:
#+   thing:
#+     type: iri
#+     default: id/event/rf-2019
#+     description: A thing.
#+   q: { type: string, required: true, example: Telegram }
#+   name: { type: lang-string, example: OSCE@en }
#+   from: { type: date, example: "2019-12-12" }
#+   n: { type: integer, minimum: 1, maximum: 9 }
#+   role:
#+     type: enum
#+     enum: [with the support of, was attended by]
#+ pagination: 10

PREFIX rf: <def/forum#>
SELECT ?x ?text WHERE {
  ?x rf:findingOf ?_thing ; rf:verbatimText ?text ; rf:sequenceNumber ?seq .
  OPTIONAL { ?x rf:name ?_name . ?x rf:date ?_from . ?x rf:phrase ?_role }
  FILTER(CONTAINS(?text, ?_q) && (!BOUND(?_n) || ?seq = ?_n))
}
ORDER BY ?x
`;

function problemsOf(text: string, file = 'queries/t.rq') {
  return parseNamedQuery(file, text, BASE).problems;
}

describe('store/namedQueries', () => {
  it('loads every query in queries/ without a problem, each with a summary and every parameter used', async () => {
    const r = await loadNamedQueries(QUERIES, BASE);
    assert.deepEqual(r.problems, []);
    const names = r.queries.map((q) => q.name);
    for (const n of [
      'editions',
      'sessions',
      'organisations',
      'financial-supporters',
      'findings',
      'findings-mentioning',
      'findings-on-topic',
      'participant-groups',
      'organisation',
      'search-findings',
    ])
      assert.ok(names.includes(n), n);
    for (const q of r.queries) {
      assert.ok(q.summary.length > 10, q.name);
      assert.deepEqual(q.text.match(/<(?![a-z][a-z0-9+.-]*:)[^>]*>/gi), null, `${q.name}: relative IRIs resolved against the base`);
    }
    const types = new Set(r.queries.flatMap((q) => q.params.map((p) => p.type)));
    assert.deepEqual(
      [...types].sort(),
      ['date', 'enum', 'integer', 'iri', 'lang-string', 'string'],
      'the library uses every parameter type',
    );
  });

  it('parses the decorators: summary, description, tags, typed parameters with defaults, required, enum, bounds, pagination', () => {
    const { query, problems } = parseNamedQuery('queries/all-types.rq', ALL_TYPES, BASE);
    assert.deepEqual(problems, []);
    assert.ok(query);
    assert.equal(query.name, 'all-types');
    assert.equal(query.summary, 'Every parameter type');
    assert.equal(query.description, 'A test query.');
    assert.deepEqual(query.tags, ['test', 'findings']);
    assert.equal(query.pagination, 10);
    assert.equal(query.form, 'SELECT');
    assert.deepEqual(query.variables, ['x', 'text']);
    const byName = Object.fromEntries(query.params.map((p) => [p.name, p]));
    assert.deepEqual(
      query.params.map((p) => [p.name, p.type]),
      [
        ['thing', 'iri'],
        ['q', 'string'],
        ['name', 'lang-string'],
        ['from', 'date'],
        ['n', 'integer'],
        ['role', 'enum'],
      ],
    );
    assert.equal(byName.thing.default, 'id/event/rf-2019');
    assert.equal(byName.thing.description, 'A thing.');
    assert.equal(byName.q.required, true);
    assert.equal(byName.thing.required, false);
    assert.equal(byName.from.example, '2019-12-12');
    assert.deepEqual([byName.n.minimum, byName.n.maximum], [1, 9]);
    assert.deepEqual(byName.role.enum, ['with the support of', 'was attended by']);
  });

  it('binds each parameter type as an RDF term: IRIs resolved and validated, literals typed', () => {
    const spec = (type: ParamSpec['type'], extra: Partial<ParamSpec> = {}): ParamSpec => ({ name: 'p', type, required: false, ...extra });
    const iri = parseParamValue(spec('iri'), 'id/event/rf-2019', BASE);
    assert.deepEqual([iri.termType, iri.value], ['NamedNode', `${BASE}id/event/rf-2019`]);
    assert.equal(
      parseParamValue(spec('iri'), 'http://www.wikidata.org/entity/Q81299', BASE).value,
      'http://www.wikidata.org/entity/Q81299',
    );
    const s = parseParamValue(spec('string'), 'say "hi" } ;', BASE);
    assert.deepEqual(
      [s.termType, s.value, (s as { datatype: { value: string } }).datatype.value],
      ['Literal', 'say "hi" } ;', `${XSD}string`],
    );
    const l = parseParamValue(spec('lang-string'), 'Kaspersky Lab@EN', BASE) as { value: string; language: string };
    assert.deepEqual([l.value, l.language], ['Kaspersky Lab', 'en']);
    const d = parseParamValue(spec('date'), '2019-12-12', BASE) as { value: string; datatype: { value: string } };
    assert.deepEqual([d.value, d.datatype.value], ['2019-12-12', `${XSD}date`]);
    const i = parseParamValue(spec('integer'), '+04', BASE) as { value: string; datatype: { value: string } };
    assert.deepEqual([i.value, i.datatype.value], ['4', `${XSD}integer`]);
    const e = parseParamValue(spec('enum', { enum: ['a b', 'c'] }), 'a b', BASE) as { value: string; datatype: { value: string } };
    assert.deepEqual([e.value, e.datatype.value], ['a b', `${XSD}string`]);
  });

  it('refuses values that do not fit, saying which parameter and what it expects', () => {
    const cases: Array<[ParamSpec, string, RegExp]> = [
      [{ name: 'event', type: 'iri', required: false }, 'id/x> } ; DROP ALL', /"event" must be an IRI/],
      [{ name: 'event', type: 'iri', required: false }, '../../etc/passwd', /must stay under/],
      [{ name: 'event', type: 'iri', required: false }, '', /empty/],
      [{ name: 'name', type: 'lang-string', required: false }, 'OSCE', /"name" must be a language-tagged string/],
      [{ name: 'name', type: 'lang-string', required: false }, 'OSCE@e n', /language-tagged/],
      [{ name: 'from', type: 'date', required: false }, '2019-02-30', /"from" must be a calendar date.*no such day/],
      [{ name: 'from', type: 'date', required: false }, '2019-12-12T00:00:00', /calendar date/],
      [{ name: 'n', type: 'integer', required: false, minimum: 1 }, '4.5', /"n" must be a whole number of at least 1/],
      [{ name: 'n', type: 'integer', required: false, minimum: 1, maximum: 9 }, '10', /from 1 to 9.*out of range/],
      [{ name: 'role', type: 'enum', required: false, enum: ['x', 'y'] }, 'z', /"role" must be one of "x", "y"/],
      [{ name: 'q', type: 'string', required: false }, 'a'.repeat(3000), /longer than/],
    ];
    for (const [spec, value, message] of cases) {
      assert.throws(
        () => parseParamValue(spec, value, BASE),
        (e: unknown) => e instanceof ParameterError && e.parameter === spec.name && message.test(e.message),
        `${spec.type} ${value.slice(0, 20)}`,
      );
    }
  });

  it('checks a request: unknown, repeated and missing parameters; defaults; pagination within bounds', () => {
    const { query } = parseNamedQuery('queries/all-types.rq', ALL_TYPES, BASE);
    assert.ok(query);
    const bind = (o: Record<string, string | string[]>) =>
      bindRequest(query, new Map(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])), BASE);
    const ok = bind({ q: 'x' });
    assert.equal(ok.bindings._thing.value, `${BASE}id/event/rf-2019`, 'the default is bound');
    assert.equal(ok.bindings._q.value, 'x');
    assert.ok(!('_n' in ok.bindings), 'an optional parameter without default stays unbound');
    assert.deepEqual(ok.page, { limit: 10, offset: 0 });
    assert.deepEqual(bind({ q: 'x', limit: '3', offset: '6' }).page, { limit: 3, offset: 6 });
    const refused = (o: Record<string, string | string[]>, parameter: string, message: RegExp) =>
      assert.throws(
        () => bind(o),
        (e: unknown) => e instanceof ParameterError && e.parameter === parameter && message.test(e.message),
      );
    refused({}, 'q', /"q" is required: a string/);
    refused(
      { q: 'x', colour: 'red' },
      'colour',
      /Unknown parameter "colour": this query accepts "thing", "q", "name", "from", "n", "role", "limit", "offset"/,
    );
    refused({ q: ['x', 'y'] }, 'q', /given 2 times/);
    refused({ q: 'x', limit: '0' }, 'limit', /"limit" must be a whole number from 1 to 1000/);
    refused({ q: 'x', offset: '-1' }, 'offset', /"offset" must be a whole number/);
  });

  it('sets LIMIT (one more than the page) and OFFSET in the syntax tree, and never touches the rest', () => {
    const { query } = parseNamedQuery('queries/all-types.rq', ALL_TYPES, BASE);
    assert.ok(query);
    const paged = new Parser().parse(pagedText(query, { limit: 5, offset: 10 })) as { limit?: number; offset?: number };
    assert.deepEqual([paged.limit, paged.offset], [6, 10]);
    assert.equal(pagedText(query, undefined), query.text);
  });

  it('gives the editor each query with its defaults or examples in a VALUES block', async () => {
    const r = await loadDataset({ paths: [path.join(ROOT, 'ontology'), path.join(ROOT, 'data')], baseIri: BASE, queries: QUERIES });
    assert.ok(r.ok);
    const examples = listNamedQueries(r.dataset);
    assert.equal(examples.length, r.dataset.info.namedQueries!.length);
    const service = new QueryService(r.dataset, {
      workers: 0,
      timeoutMs: 20000,
      maxConcurrent: 1,
      queueSize: 0,
      maxRows: 1000,
      unionDefaultGraph: true,
      allowRemote: [],
    });
    try {
      for (const ex of examples) {
        assert.ok(ex.summary && ex.query, ex.name);
        const out = await service.answer({
          text: ex.query,
          resultsType: 'application/sparql-results+json',
          graphType: 'application/n-triples',
        });
        assert.ok(out.count > 0, `the example of ${ex.name} answers on the record as it stands`);
      }
      const search = r.dataset.info.namedQueries!.find((q) => q.name === 'search-findings')!;
      assert.match(exampleText(search, BASE), /VALUES \?_q \{\s*"Telegram"\s*\}/);
    } finally {
      await service.close();
    }
  });

  it('refuses broken query files with file and line, like broken data files', async () => {
    const dir = path.join(FIXTURES, 'queries-broken');
    const r = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: BASE, queries: dir });
    assert.equal(r.ok, false);
    const p = r.problems.find((x) => x.severity === 'violation');
    assert.ok(p);
    assert.match(p.file ?? '', /queries-broken\/broken-syntax\.rq$/);
    assert.equal(p.line, 9);
    assert.match(p.message, /SPARQL syntax/);
  });

  it('names the line of each decorator or query problem', () => {
    const head = '#+ summary: S\n';
    const cases: Array<[string, string, number, RegExp]> = [
      ['no decorators', 'SELECT * WHERE { ?s ?p ?o }\n', 1, /no decorators/],
      ['YAML error', `${head}#+ tags: [a\n#+ params: x\nSELECT * WHERE { ?s ?p ?o }\n`, 3, /decorators: Flow sequence/],
      ['unknown key', `${head}#+ colour: red\nSELECT * WHERE { ?s ?p ?o }\n`, 2, /unknown key "colour"/],
      [
        'unknown type',
        `${head}#+ params:\n#+   p: { type: float }\nSELECT * WHERE { ?s ?p ?_p }\n`,
        3,
        /type "float"; use one of iri, string/,
      ],
      ['enum without values', `${head}#+ params:\n#+   p: { type: enum }\nSELECT * WHERE { ?s ?p ?_p }\n`, 3, /needs `enum:`/],
      [
        'default of the wrong type',
        `${head}#+ params:\n#+   n: { type: integer, default: four }\nSELECT * WHERE { ?s ?p ?_n }\n`,
        3,
        /default of parameter "n" does not fit/,
      ],
      [
        'required with default',
        `${head}#+ params:\n#+   n: { type: integer, required: true, default: 4 }\nSELECT * WHERE { ?s ?p ?_n }\n`,
        3,
        /required and has a default/,
      ],
      [
        'undeclared parameter variable',
        `${head}\nSELECT * WHERE {\n  ?s ?p ?o .\n  ?s ?p ?_ghost .\n}\n`,
        5,
        /\?_ghost looks like a parameter/,
      ],
      [
        'declared but unused',
        `${head}#+ params:\n#+   p: { type: string }\nSELECT * WHERE { ?s ?p ?o }\n`,
        3,
        /"p" is declared but the query never uses \?_p/,
      ],
      [
        'parameter assigned',
        `${head}#+ params:\n#+   p: { type: string }\nSELECT * WHERE {\n  ?s ?p ?o .\n  BIND(1 AS ?_p)\n}\n`,
        6,
        /cannot assign it/,
      ],
      ['SPARQL syntax', `${head}SELECT * WHERE {\n  ?s ?p\n}\n`, 4, /SPARQL syntax: unexpected "}"/],
      ['SPARQL syntax at the end', `${head}SELECT * WHERE {\n  ?s ?p ?o\n`, 3, /unexpected end of the query/],
      ['update', `${head}\nDROP ALL\n`, 3, /must read, not update/],
      ['pagination without ORDER BY', `${head}#+ pagination: 5\nSELECT * WHERE { ?s ?p ?o }\n`, 3, /needs ORDER BY/],
      ['pagination with LIMIT', `${head}#+ pagination: 5\nSELECT * WHERE { ?s ?p ?o }\nORDER BY ?s\nLIMIT 3\n`, 5, /own LIMIT or OFFSET/],
      ['SERVICE', `${head}SELECT * WHERE {\n  SERVICE <http://example.com/sparql> { ?s ?p ?o }\n}\n`, 2, /SERVICE/],
    ];
    for (const [what, text, line, message] of cases) {
      const problems = problemsOf(text);
      assert.ok(problems.length > 0, `${what}: refused`);
      const p = problems.find((x) => message.test(x.message));
      assert.ok(p, `${what}: ${JSON.stringify(problems)}`);
      assert.equal(p.file, 'queries/t.rq', what);
      assert.equal(p.line, line, `${what}: ${p.message}`);
    }
    assert.match(problemsOf(`${head}SELECT * WHERE { ?s ?p ?o }\n`, 'queries/Bad Name.rq')[0]?.message ?? '', /cannot name a query/);
  });

  it('forum-ld validate prints a broken query file as file:line and fails', async () => {
    let text = '';
    const out = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    const code = await validateCommand(
      { paths: [path.join(FIXTURES, 'mini')], baseIri: BASE, queries: path.join(FIXTURES, 'queries-broken') },
      out,
    );
    assert.equal(code, 1);
    assert.match(text, /queries-broken\/broken-syntax\.rq:9: violation: SPARQL syntax: unexpected "}"/);
  });

  it('the README and docs/api.md list every named query, and the docs every parameter', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const docs = readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
    for (const q of (await loadNamedQueries(QUERIES, BASE)).queries) {
      assert.ok(readme.includes(`| \`${q.name}\` |`), `README lists ${q.name}`);
      const section = docs.split(`### \`${q.name}\`: `)[1]?.split('\n### ')[0];
      assert.ok(section, `docs/api.md has a section for ${q.name}`);
      assert.ok(section.startsWith(q.summary), `${q.name}: the summary in the docs is the decorator's`);
      for (const p of q.params) assert.ok(section.includes(`| \`${p.name}\` | ${p.type}`), `docs/api.md documents ${q.name}?${p.name}`);
      assert.ok(section.includes(`/api/${q.name}`), `docs/api.md has an example call of ${q.name}`);
    }
  });
});
