// A replica over a real Virtuoso writes the dumps streamed from the store on a thread: the embedded backend's files, never the version whole.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { isomorphic } from 'rdf-isomorphic';
import { DataFactory } from 'n3';
import { buildConfig, Config } from '../../src/config';
import { openDataset } from '../../src/app';
import type { LiveDataset } from '../../src/publish/live';
import { loadDataset, RecordDataset } from '../../src/ingest/load';
import { StoreClient } from '../../src/remote/storeClient';
import { publishToStore, versionPayload } from '../../src/remote/publishToStore';
import { StoreVersion } from '../../src/remote/storeDataset';
import { publishedContext } from '../../src/publish/jsonldContext';
import { dumpDistributions } from '../../src/publish/dumpDistributions';
import { answerBytes } from '../../src/remote/patternCache';
import { parseRdf } from '../../src/rdf/parse';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';
import { BASE, DATASETS, tempDir } from '../forumFixture';

/** Far below the version's size: what the replica holds while it writes stays within it. */
const BOUND = 40_000;

describe('remote/storeDumps: the dumps of a replica, streamed from the store', function () {
  this.timeout(600_000);
  let store: Virtuoso | undefined;
  let embedded: { live: LiveDataset; dataset: RecordDataset } | undefined;
  let replica: { live: LiveDataset; version: StoreVersion } | undefined;
  const roots: string[] = [];
  const data = DATASETS[DATASETS.length - 1].data;

  before(async function () {
    requireVirtuoso(this);
    store = await startVirtuoso();
    // Each backend writes into a folder of its own: the dumps are found again by version, which both serve.
    const [one, two] = [tempDir('dumps-embedded-'), tempDir('dumps-replica-')];
    roots.push(one, two);
    const config = buildConfig({ data, base: BASE, 'log-level': 'silent', 'cache-dir': one }, {});
    const loaded = await loadDataset({ paths: config.dataPaths, baseIri: BASE, validators: [] });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const storeConfig = { queryUrl: store.sparqlUrl, gspUrl: store.gspUrl, pollMs: 60_000 };
    await publishToStore(new StoreClient(storeConfig), loaded.dataset, versionPayload(loaded.dataset, []));
    const live = openDataset(config, { workers: 0 });
    assert.ok((await live.reload()).ok);
    embedded = { live, dataset: loaded.dataset };
    const remoteConfig = Object.freeze({ ...config, cacheDir: two, logLevel: 'error', store: storeConfig }) as Config;
    const remote = openDataset(remoteConfig, { storeCacheBytes: BOUND });
    assert.ok((await remote.reload()).ok);
    replica = { live: remote, version: remote.current.access as StoreVersion };
    assert.deepEqual(await live.settled(), []);
    assert.deepEqual(await remote.settled(), []);
  });
  after(async () => {
    await embedded?.live.close();
    await replica?.live.close();
    await store?.stop();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it('writes the same files as the embedded backend, each holding the same data, without reading the version whole', async () => {
    const mine = embedded!.live.current.dumps!;
    const theirs = replica!.live.current.dumps!;
    assert.ok(theirs, 'the replica wrote its dumps');
    assert.ok(theirs.dir.startsWith(roots[1]), 'into its own folder, not the embedded backend’s');
    assert.deepEqual(
      theirs.files.map((f) => f.name),
      mine.files.map((f) => f.name),
    );
    assert.deepEqual(theirs.failures, mine.failures);
    assert.equal(mine.files.length, 12, 'six formats, plain and gzipped');
    const ds = embedded!.dataset;
    const contexts = new Map([[publishedContext(ds).url, publishedContext(ds).object]]);
    const read = async (f: (typeof mine.files)[0]) => {
      const text = f.gzipped ? zlib.gunzipSync(fs.readFileSync(f.path)).toString('utf8') : fs.readFileSync(f.path, 'utf8');
      return parseRdf(text, { format: f.format, baseIri: BASE, file: f.name, contexts });
    };
    let readings = false;
    for (const [i, f] of mine.files.entries()) {
      const [want, got] = await Promise.all([read(f), read(theirs.files[i])]);
      assert.ok(want.length > 0, f.name);
      assert.equal(got.length, want.length, `${f.name}: ${got.length} statements, the embedded backend's ${want.length}`);
      assert.ok(isomorphic(got, want), `${f.name} is isomorphic to the embedded backend's`);
      readings ||= !f.keepsGraphs && want.some((q) => q.object.value.endsWith('#Statement'));
    }
    assert.ok(readings, 'the record has readings, reified in the triple formats');
    // The replica never held the version: what it read for the readings stayed within its bound.
    assert.ok(answerBytes({ quads: [...ds.quads()] }) > 20 * BOUND, 'the version is far larger than the bound');
    assert.equal(replica!.version.holdsWhole, false, 'the whole version was never read');
    // Written by a thread of their own, which reads the store by itself: this thread's version asked nothing for them.
    assert.equal(replica!.version.fragments.requests, 0, 'the union was not read on the server’s thread');
    assert.ok(replica!.version.reader.heldBytes <= BOUND);
    // The same distributions in DCAT: one per file, by the same IRIs.
    const dsNode = DataFactory.namedNode(`${BASE}id/dataset`);
    const modified = DataFactory.literal('2019-12-13');
    const distributions = (live: LiveDataset) =>
      dumpDistributions(live.current, dsNode, 'https://creativecommons.org/licenses/by/4.0/', modified)
        .filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#distribution')
        .map((q) => q.object.value);
    assert.deepEqual(distributions(replica!.live), distributions(embedded!.live));
  });
});
