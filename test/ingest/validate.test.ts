// The record conforms to the shapes, and each broken fixture is refused with the expected message, node, file and line.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { formatProblem, type Problem } from '../../src/rdf/problem';
import { validateShapes } from '../../src/ingest/validate';
import { FIXTURES, iri, lineOf, loadRecord, loadShapes } from '../support';

const { namedNode, literal, quad } = DataFactory;

function expectRefused(problems: Problem[], want: { focus: string; message: RegExp; path?: string; file: string; line: number }): void {
  const hit = problems.find(
    (p) =>
      p.severity === 'violation' &&
      p.focusNode === want.focus &&
      want.message.test(p.message) &&
      (want.path === undefined || p.path === want.path),
  );
  assert.ok(hit, `expected a violation on <${want.focus}> matching ${want.message}, got:\n${problems.map(formatProblem).join('\n')}`);
  assert.equal(path.basename(hit.file ?? ''), path.basename(want.file), `file of ${formatProblem(hit)}`);
  assert.equal(hit.line, want.line, `line of ${formatProblem(hit)}`);
}

describe('store/validate: SHACL shapes on the record', () => {
  it('loads ontology/ and data/ with zero violations and zero warnings', async () => {
    const { result, problems } = await loadRecord();
    assert.deepEqual(problems.map(formatProblem), []);
    assert.ok(result.ok);
  });

  const cases: Array<{ fixture: string; focus: string; message: RegExp; path?: string; needle: string }> = [
    {
      fixture: 'unknown-role-phrase.trig',
      focus: iri('id/event/rf-2019/involvement/sponsor-internews'),
      path: iri('def/forum#sourcePhrase'),
      message: /must be exactly one of the source's role phrases/,
      needle: '"sponsored by"',
    },
    {
      fixture: 'end-before-start.trig',
      focus: iri('id/event/rf-broken-dates'),
      path: 'https://schema.org/startDate',
      message: /ends before it starts/,
      needle: 'schema:startDate',
    },
    {
      fixture: 'organizer.trig',
      focus: iri('id/event/rf-2019'),
      path: 'https://schema.org/organizer',
      message: /schema:organizer is not allowed: the source names no organiser/,
      needle: 'schema:organizer',
    },
    {
      fixture: 'sameas-unlisted.trig',
      focus: iri('id/organization/internews'),
      path: 'http://www.w3.org/2002/07/owl#sameAs',
      message: /must target one of the verified Wikidata concept IRIs/,
      needle: 'owl:sameAs',
    },
    {
      fixture: 'finding-without-verbatim-text.trig',
      focus: iri('id/finding/rf-2019/kf-10'),
      path: iri('def/forum#verbatimText'),
      message: /A finding needs exactly one language-tagged rf:verbatimText/,
      needle: 'kf:kf-10 a rf:Finding',
    },
    {
      fixture: 'finding-without-provenance.trig',
      focus: iri('id/finding/rf-2019/kf-11'),
      path: 'http://purl.org/dc/terms/source',
      message: /A finding needs provenance/,
      needle: 'kf:kf-11 a rf:Finding',
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.fixture}`, async () => {
      const file = path.join(FIXTURES, c.fixture);
      const { result, problems } = await loadRecord([file]);
      assert.equal(result.ok, false);
      expectRefused(problems, { focus: c.focus, message: c.message, path: c.path, file, line: lineOf(file, c.needle) });
    });
  }

  it('refuses owl:sameAs from a subject without a verified identifier (node-level allow-list)', async () => {
    const { problems } = await loadRecord([path.join(FIXTURES, 'sameas-unlisted.trig')]);
    assert.ok(
      problems.some(
        (p) => p.focusNode === iri('id/organization/internews') && /only allowed on resources with a verified identifier/.test(p.message),
      ),
    );
  });

  it('refuses a Turtle syntax error with file and line (through the loader)', async () => {
    const file = path.join(FIXTURES, 'syntax-error.ttl');
    const { result, problems } = await loadRecord([file]);
    assert.equal(result.ok, false);
    const p = problems.find((x) => x.severity === 'violation' && x.file?.endsWith('syntax-error.ttl'));
    assert.ok(p, problems.map(formatProblem).join('\n'));
    assert.equal(p.line, 6);
  });

  it('reports a warning, not a violation, for schema:author on a study', async () => {
    const shapes = await loadShapes();
    const t = (s: string) => namedNode(iri(s));
    const type = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
    const study = t('id/work/x');
    const data = [
      quad(study, type, t('def/forum#Study')),
      quad(study, type, namedNode('https://schema.org/CreativeWork')),
      quad(study, type, namedNode('http://www.w3.org/ns/prov#Entity')),
      quad(study, namedNode('https://schema.org/description'), literal('a study', 'en')),
      quad(study, namedNode('https://schema.org/author'), t('id/organization/secdev-group')),
    ];
    const problems = await validateShapes(data, shapes);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path]),
      [['warning', 'https://schema.org/author']],
    );
  });

  it('counts a triple stated in two graphs once (union of graphs, no false maxCount)', async () => {
    const shapes = await loadShapes();
    const t = (s: string) => namedNode(iri(s));
    const type = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
    const series = t('id/event-series/x');
    const name = literal('X', 'en');
    const data = [
      quad(series, type, t('def/forum#ForumSeries')),
      quad(series, type, namedNode('https://schema.org/EventSeries')),
      quad(series, namedNode('https://schema.org/name'), name, t('graph/a')),
      quad(series, namedNode('https://schema.org/name'), name, t('graph/b')),
    ];
    assert.deepEqual(await validateShapes(data, shapes), []);
  });
});
