// Dumps: every format written plain and gzipped, sized and hashed truly, reread to the same data, reused, reproducible.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { isomorphic } from 'rdf-isomorphic';
import { DataFactory } from 'n3';
import { buildConfig } from '../../src/config';
import { loadDataset } from '../../src/ingest/load';
import { buildDumps, buildDumpsInThread, datasetSource, dumpDir, DumpSet, writeDumps, writeDumpsInThread } from '../../src/publish/dumps';
import { publishedContext } from '../../src/publish/jsonldContext';
import { Dataset } from '../../src/store/dataset';
import { unionTriples } from '../../src/store/triples';
import { allPrefixes } from '../../src/rdf/prefixes';
import { parseRdf } from '../../src/rdf/parse';
import { BASE, FORUM, tempDir } from '../forumFixture';

async function load(): Promise<Dataset> {
  const config = buildConfig({ data: FORUM, base: BASE }, {});
  const r = await loadDataset({ paths: config.dataPaths, baseIri: BASE });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.dataset;
}

const build = (ds: Dataset, root: string) => buildDumps(ds, { root, prefixes: allPrefixes(BASE), jsonldContext: publishedContext(ds) });

describe('store/dumps', () => {
  let ds: Dataset;
  let set: DumpSet;
  let root: string;
  before(async () => {
    ds = await load();
    root = tempDir('dumps-test-');
    set = await build(ds, root);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("writes the very same files on a thread of its own (the server's way, off its event loop)", async () => {
    const elsewhere = tempDir('dumps-thread-test-');
    try {
      const opts = { root: elsewhere, prefixes: allPrefixes(BASE), jsonldContext: publishedContext(ds) };
      await writeDumpsInThread(ds, opts);
      assert.ok(fs.existsSync(path.join(dumpDir(ds.info.version, elsewhere), 'manifest.json')), 'the thread wrote the set');
      const threaded = await buildDumpsInThread(ds, opts);
      assert.ok(threaded.dir.startsWith(elsewhere));
      assert.deepEqual(
        threaded.files.map((f) => [f.name, f.bytes, f.sha256]),
        set.files.map((f) => [f.name, f.bytes, f.sha256]),
      );
      assert.deepEqual(threaded.failures, set.failures);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('writes six formats, each plain and gzipped, into a folder named after the dataset version', () => {
    assert.deepEqual(
      set.files.map((f) => f.name).sort(),
      ['jsonld', 'nq', 'nt', 'rdf', 'trig', 'ttl'].flatMap((e) => [`dataset.${e}`, `dataset.${e}.gz`]).sort(),
    );
    assert.equal(set.dir, path.join(root, `forum-ld-${ds.info.version}`));
    assert.deepEqual(set.failures, []);
  });

  it('states the true size and SHA-256 of every file, and each .gz holds exactly its plain file', () => {
    for (const f of set.files) {
      const bytes = fs.readFileSync(f.path);
      assert.equal(f.bytes, bytes.length, f.name);
      assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'), f.name);
      if (f.gzipped) assert.ok(zlib.gunzipSync(bytes).equals(fs.readFileSync(f.path.replace(/\.gz$/, ''))), f.name);
    }
  });

  it('rereads to the same data: quad formats to every quad, triple formats to the union graph', async () => {
    const quads = [...ds.quads()];
    const triples = [...unionTriples(ds)];
    assert.ok(triples.length < quads.length, 'the fixture states some triples in two graphs');
    const contexts = new Map([[publishedContext(ds).url, publishedContext(ds).object]]);
    for (const f of set.files.filter((x) => !x.gzipped)) {
      const parsed = await parseRdf(fs.readFileSync(f.path, 'utf8'), { format: f.format, baseIri: BASE, file: f.name, contexts });
      const expected = f.keepsGraphs ? quads : triples;
      assert.equal(parsed.length, expected.length, `${f.name}: ${parsed.length} statements, expected ${expected.length}`);
      assert.ok(isomorphic(parsed, expected), `${f.name} is not isomorphic to the store`);
    }
  });

  it('compacts the JSON-LD dump with the published context and keeps named graphs as graph objects', () => {
    const doc = JSON.parse(fs.readFileSync(set.files.find((f) => f.name === 'dataset.jsonld')!.path, 'utf8'));
    assert.equal(doc['@context'], `${BASE}context.jsonld`);
    const text = JSON.stringify(doc);
    assert.match(text, /"startDate":"2019-12-12"/);
    assert.ok(
      doc['@graph'].some((n: Record<string, unknown>) => n['@id'] === `${BASE}graph/source/forum-2019` && Array.isArray(n['@graph'])),
    );
  });

  it('reuses the files of an unchanged version instead of writing them again', async () => {
    const before = fs.statSync(set.files[0].path).mtimeMs;
    const again = await build(ds, root);
    assert.deepEqual(
      again.files.map((f) => f.sha256),
      set.files.map((f) => f.sha256),
    );
    assert.equal(fs.statSync(again.files[0].path).mtimeMs, before);
  });

  it('produces the same bytes from a fresh load, whatever blank node labels the parser chose', async () => {
    const other = tempDir('dumps-test-');
    try {
      await load(); // shifts the parser's blank node counters
      const second = await build(await load(), other);
      assert.deepEqual(
        second.files.map((f) => f.sha256),
        set.files.map((f) => f.sha256),
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('rebuilds when a file of the set is missing', async () => {
    const other = tempDir('dumps-test-');
    try {
      const first = await build(ds, other);
      fs.rmSync(first.files[2].path);
      const second = await build(ds, other);
      assert.ok(fs.existsSync(second.files[2].path));
      assert.equal(second.files[2].sha256, first.files[2].sha256);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('reports a format it cannot write and still writes the others', async () => {
    const other = tempDir('dumps-test-');
    try {
      const bad = new Dataset(
        [DataFactory.quad(DataFactory.namedNode(`${BASE}id/x`), DataFactory.namedNode('http://example.org/p/'), DataFactory.literal('v'))],
        { ...ds.info, version: 'bad-predicate' },
      );
      const r = await build(bad, other);
      assert.deepEqual(
        r.failures.map((f) => f.format),
        ['RDF/XML'],
      );
      assert.match(r.failures[0].reason, /no XML name at its end/);
      assert.equal(r.files.length, 10);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("keeps no set missing a format for a store's failure: the next build writes it (a refusal of the data's own is kept)", async () => {
    const other = tempDir('dumps-test-');
    try {
      const opts = { root: other, prefixes: allPrefixes(BASE), jsonldContext: publishedContext(ds) };
      const whole = datasetSource(ds);
      let failing = true;
      // A store that fails while the union graph is read (the formats without graphs), as a source streamed from it.
      const flaky = {
        ...whole,
        transient: true,
        async *union() {
          if (failing) throw new Error('the store cannot be reached');
          yield* whole.union();
        },
      };
      const first = await writeDumps(flaky, opts);
      assert.deepEqual(first.failures.map((f) => f.format).sort(), ['N-Triples', 'RDF/XML', 'Turtle']);
      assert.ok(!fs.existsSync(path.join(first.dir, 'manifest.json')), 'the incomplete set is not kept');
      failing = false;
      const second = await writeDumps(flaky, opts);
      assert.deepEqual(second.failures, []);
      assert.deepEqual(
        second.files.map((f) => [f.name, f.sha256]),
        set.files.map((f) => [f.name, f.sha256]),
      );
      // A failure of a source that is not transient is the data's: kept with the set, not tried again.
      fs.rmSync(other, { recursive: true, force: true });
      failing = true;
      const kept = await writeDumps({ ...flaky, transient: false }, opts);
      assert.ok(kept.failures.length > 0);
      failing = false;
      assert.deepEqual(await writeDumps({ ...flaky, transient: false }, opts), kept);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
