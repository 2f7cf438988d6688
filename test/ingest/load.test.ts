// Loading: every format by extension, the base applied, contexts and sources picked up, broken files refused with positions.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '../../src/ingest/load';
import { FIXTURES } from '../helpers';

describe('store/load', () => {
  it('loads TriG, Turtle and JSON-LD with a local context, resolved against the base', async () => {
    const r = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: 'https://data.example.org/' });
    assert.ok(r.ok);
    const ds = r.dataset;
    assert.ok(ds.mentions('https://data.example.org/id/event/e1'));
    assert.ok(ds.mentions('https://data.example.org/id/organization/beta'), 'JSON-LD file with the placeholder-based context');
    assert.deepEqual(ds.graphNames(), ['https://data.example.org/graph/source/mini']);
    assert.equal(ds.info.sources.get('mini'), 'The forum was small.\n');
    assert.ok(ds.info.contexts.has('context.jsonld'));
    assert.match(ds.info.version, /^[0-9a-f]{32}$/);
  });

  it('gives a copy of the same files in another folder the same version (ETags agree across servers)', async () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-copy-')), 'mini');
    fs.cpSync(path.join(FIXTURES, 'mini'), copy, { recursive: true });
    try {
      const a = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: 'http://a.example/' });
      const b = await loadDataset({ paths: [copy], baseIri: 'http://a.example/' });
      assert.ok(a.ok && b.ok);
      assert.equal(b.dataset.info.version, a.dataset.info.version);
      fs.renameSync(path.join(copy, 'ontology.ttl'), path.join(copy, 'renamed.ttl'));
      const c = await loadDataset({ paths: [copy], baseIri: 'http://a.example/' });
      assert.ok(c.ok);
      assert.notEqual(c.dataset.info.version, a.dataset.info.version, 'a renamed file is another version');
    } finally {
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });

  it('warns when most of the data is written for another base (its shapes and documents would not line up)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-base-'));
    fs.writeFileSync(
      path.join(dir, 'a.nt'),
      '<http://elsewhere.example/id/a> <http://x/p> "1" .\n<http://elsewhere.example/id/b> <http://x/p> "2" .\n',
    );
    try {
      const wrong = await loadDataset({ paths: [dir], baseIri: 'http://example.org/' });
      assert.ok(wrong.ok, 'a warning, not a refusal');
      assert.ok(
        wrong.problems.some(
          (p) => p.severity === 'warning' && /2 of 2 subject IRIs are outside the base <http:\/\/example.org\/>/.test(p.message),
        ),
      );
      const right = await loadDataset({ paths: [dir], baseIri: 'http://elsewhere.example/' });
      assert.ok(right.ok);
      assert.deepEqual(right.problems, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes the version when the base or a file changes', async () => {
    const a = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: 'http://a.example/' });
    const b = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: 'http://b.example/' });
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.dataset.info.version, b.dataset.info.version);
  });

  it('refuses a dataset with a syntax error, naming file and line, and publishes nothing', async () => {
    const r = await loadDataset({
      paths: [path.join(FIXTURES, 'mini'), path.join(FIXTURES, 'broken-syntax')],
      baseIri: 'http://example.org/',
    });
    assert.equal(r.ok, false);
    const p = r.problems.find((x) => x.file?.endsWith('bad.ttl'));
    assert.ok(p, 'problem names the file');
    assert.equal(p.line, 4);
    assert.equal(p.severity, 'violation');
  });

  it('reads N-Triples, N-Quads and RDF/XML with the placeholder base', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-load-'));
    fs.writeFileSync(path.join(dir, 'a.nt'), '<https://forum-ld.invalid/id/a> <http://x/p> "1" .\n');
    fs.writeFileSync(path.join(dir, 'b.nq'), '<https://forum-ld.invalid/id/b> <http://x/p> "2" <https://forum-ld.invalid/graph/g> .\n');
    fs.writeFileSync(
      path.join(dir, 'c.rdf'),
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="id/c"><rdf:value>3</rdf:value></rdf:Description></rdf:RDF>',
    );
    const r = await loadDataset({ paths: [dir], baseIri: 'http://example.org/' });
    assert.ok(r.ok);
    for (const x of ['a', 'b', 'c']) assert.ok(r.dataset.mentions(`http://example.org/id/${x}`), x);
    assert.deepEqual(r.dataset.graphNames(), ['http://example.org/graph/g']);
  });

  it('reports a missing path and an empty folder', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-empty-'));
    const r = await loadDataset({ paths: [empty], baseIri: 'http://example.org/' });
    assert.equal(r.ok, false);
    assert.match(r.problems[0].message, /no RDF files/);
  });

  it('runs validators and refuses on a violation', async () => {
    const r = await loadDataset({
      paths: [path.join(FIXTURES, 'mini')],
      baseIri: 'http://example.org/',
      validators: [() => [{ severity: 'violation', message: 'nope', focusNode: 'http://example.org/id/event/e1' }]],
    });
    assert.equal(r.ok, false);
  });

  it("parses the named queries at the end of a load and lists their problems before the data files' and the checks'", async () => {
    const queries = path.join(FIXTURES, 'queries-broken');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-order-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'mini'), dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'broken.ttl'), '<a> <b> .\n');
      const broken = await loadDataset({ paths: [dir], baseIri: 'http://example.org/', queries });
      assert.equal(broken.ok, false);
      const files = broken.problems.map((p) => path.basename(p.file ?? ''));
      assert.ok(files.includes('broken.ttl'), 'the data file is reported');
      assert.ok(files.indexOf('broken-syntax.rq') >= 0 && files.indexOf('broken-syntax.rq') < files.indexOf('broken.ttl'), files.join());
      const checked = await loadDataset({
        paths: [path.join(FIXTURES, 'mini')],
        baseIri: 'http://example.org/',
        queries,
        validators: [() => [{ severity: 'violation', message: 'nope' }]],
      });
      assert.equal(checked.ok, false);
      const messages = checked.problems.map((p) => p.message);
      assert.ok(messages.indexOf('nope') > 0 && /SPARQL syntax/.test(messages[messages.indexOf('nope') - 1]), messages.join(' | '));
      const good = await loadDataset({
        paths: [path.join(FIXTURES, 'mini')],
        baseIri: 'http://example.org/',
        queries: path.join(FIXTURES, 'editor-queries'),
        validators: [() => []],
      });
      assert.ok(good.ok);
      assert.ok((good.dataset.info.namedQueries ?? []).length > 0, 'the named queries come with the dataset');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
