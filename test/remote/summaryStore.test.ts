// A replica over a real Virtuoso makes the home page, VoID/DCAT, the sitemap and the service description from the summary published with the version.
import { strict as assert } from 'node:assert';
import express from 'express';
import request from 'supertest';
import { isomorphic } from 'rdf-isomorphic';
import { buildConfig, Config } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import type { LiveDataset } from '../../src/publish/live';
import { loadDataset, RecordDataset } from '../../src/ingest/load';
import { StoreClient } from '../../src/remote/storeClient';
import { publishToStore, versionPayload } from '../../src/remote/publishToStore';
import { readSummary, writeSummary } from '../../src/remote/summaryStore';
import { CATALOG_GRAPH, FL, literal, versionIri } from '../../src/remote/catalog';
import { HOME_LISTING } from '../../src/publish/homeListing';
import { DATASET_PAGE_NAMES } from '../../src/publish/datasetPageNames';
import { StoreVersion } from '../../src/remote/storeDataset';
import { answerBytes } from '../../src/remote/patternCache';
import { versionSummary } from '../../src/publish/versionSummary';
import { pagePaths } from '../../src/publish/sitemapPaths';
import { sitemapHandler } from '../../src/http/discovery';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';
import { BASE, DATASETS, parseServed } from '../forumFixture';

/** Far below the version's size: what the replica reads for these surfaces cannot be the version. */
const BOUND = 40_000;
/** Sitemap paths per stored chunk: small, so a file of the sitemap spans several chunks and cuts through some. */
const CHUNK = 7;

type Served = { app: ReturnType<typeof createApp>; live: LiveDataset };

/** The RDF surfaces: path, Accept, and the format the answer is parsed as. */
const RDF_SURFACES: Array<[string, string, string]> = [
  ['/.well-known/void', 'text/turtle', 'ttl'],
  ['/doc/dataset.ttl', '*/*', 'ttl'],
  ['/doc/dataset.nt', '*/*', 'nt'],
  ['/doc/dataset.jsonld', '*/*', 'jsonld'],
  ['/doc/dataset.rdf', '*/*', 'rdf'],
  ['/', 'text/turtle', 'ttl'],
  ['/sparql', 'text/turtle', 'ttl'],
  ['/sparql', 'application/ld+json', 'jsonld'],
];
/** The surfaces compared byte for byte: HTML pages (statistics, labels, schema.org JSON-LD) and the sitemap. */
const TEXT_SURFACES: Array<[string, string]> = [
  ['/', 'text/html'],
  ['/doc/dataset', 'text/html'],
  ['/doc/dataset.html', '*/*'],
  ['/sitemap.xml', '*/*'],
];

describe('remote/summaryStore: the dataset-level surfaces of a replica, from the summary published with the version', function () {
  this.timeout(600_000);
  let store: Virtuoso | undefined;
  let client: StoreClient;
  let dataset: RecordDataset;
  let config: Config;
  let remoteConfig: Config;
  let embedded: Served;
  let replica: Served & { version: StoreVersion };
  const data = DATASETS[DATASETS.length - 1].data;

  before(async function () {
    requireVirtuoso(this);
    store = await startVirtuoso();
    config = buildConfig({ data, base: BASE, 'log-level': 'silent' }, {});
    const loaded = await loadDataset({ paths: config.dataPaths, baseIri: BASE, validators: [] });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    dataset = loaded.dataset;
    const storeConfig = { queryUrl: store.sparqlUrl, gspUrl: store.gspUrl, pollMs: 60_000 };
    client = new StoreClient(storeConfig);
    const summary = versionSummary(dataset);
    await publishToStore(client, dataset, versionPayload(dataset, []), { summary: () => summary });
    // Again in small chunks, as a large sitemap is stored: its files then span chunks.
    await writeSummary(client, dataset.info.version, summary, { chunk: CHUNK });
    const live = openDataset(config, { workers: 0, dumps: false });
    assert.ok((await live.reload()).ok);
    embedded = { app: createApp(config, live), live };
    remoteConfig = Object.freeze({ ...config, logLevel: 'error', store: storeConfig }) as Config;
    replica = await openReplica();
  });
  after(async () => {
    await embedded?.live.close();
    await replica?.live.close();
    await store?.stop();
  });

  async function openReplica(): Promise<Served & { version: StoreVersion }> {
    const live = openDataset(remoteConfig, { dumps: false, storeCacheBytes: BOUND });
    assert.ok((await live.reload()).ok);
    return { app: createApp(remoteConfig, live), live, version: live.current.access as StoreVersion };
  }

  async function sameRdf(a: Served, p: string, accept: string, format: string): Promise<void> {
    const [want, got] = await Promise.all([
      request(embedded.app).get(p).set('Accept', accept),
      request(a.app).get(p).set('Accept', accept),
    ]);
    assert.equal(got.status, 200, `${p} (${accept}): ${got.text.slice(0, 2000)}`);
    assert.equal(want.status, 200);
    const [w, g] = await Promise.all([parseServed(embedded.app, want.text, format, p), parseServed(a.app, got.text, format, p)]);
    assert.ok(w.length > 20, `${p} says something`);
    assert.ok(isomorphic(g, w), `${p} (${accept}) is the embedded backend's document`);
  }

  it('answers each one as the embedded backend does, never reading the whole version', async () => {
    assert.ok(answerBytes({ quads: [...dataset.quads()] }) > 20 * BOUND, 'the version is far larger than the bound');
    assert.equal(replica.version.summarised, true);
    for (const [p, accept, format] of RDF_SURFACES) {
      const before = replica.version.reader.requests;
      await sameRdf(replica, p, accept, format);
      const rounds = replica.version.reader.requests - before;
      // The statistics and facts come with the summary, each graph's size from the catalog: what is left to read is a
      // few statements about the dataset itself (the first time), and nothing at all for the service description.
      assert.ok(rounds <= (p === '/sparql' ? 0 : 10), `${p}: ${rounds} rounds of reading`);
      assert.ok(replica.version.reader.heldBytes <= BOUND, `held ${replica.version.reader.heldBytes} bytes after ${p}`);
    }
    for (const [p, accept] of TEXT_SURFACES) {
      const [want, got] = await Promise.all([
        request(embedded.app).get(p).set('Accept', accept),
        request(replica.app).get(p).set('Accept', accept),
      ]);
      assert.equal(got.status, 200, `${p}: ${got.text.slice(0, 2000)}`);
      // The version digests differ only because the embedded server's load also ran the checks (their verdicts count).
      const text = got.text.replaceAll(replica.live.current.dataset.info.version, embedded.live.current.dataset.info.version);
      assert.equal(text, want.text, `${p} (${accept}) is the embedded backend's page`);
      assert.equal(got.headers['last-modified'], want.headers['last-modified'], p);
      assert.ok(replica.version.reader.heldBytes <= BOUND, `held ${replica.version.reader.heldBytes} bytes after ${p}`);
    }
    assert.match((await request(replica.app).get('/').set('Accept', 'text/html')).text, /Key findings/);
    assert.equal(replica.version.holdsWhole, false, 'the whole version was never read');
    assert.throws(() => replica.live.current.dataset.match(), /needs the whole version/);
  });

  it('reads the sitemap a slice at a time, each file as the embedded backend writes it', async () => {
    const all = pagePaths(dataset);
    const listed = replica.version.pagePaths!;
    assert.equal(listed.count, all.length);
    assert.ok(all.length > 5 * CHUNK);
    for (const [from, to] of [
      [0, CHUNK],
      [3, 3 + 2 * CHUNK],
      [CHUNK - 1, CHUNK + 1],
      [0, all.length],
      [all.length - 2, all.length + 10],
      [5, 5],
    ])
      assert.deepEqual(await listed.slice(from, to), all.slice(from, to), `paths ${from} to ${to}`);
    // Files of 10 paths: an index, then files cutting across the chunks of 7.
    const sitemap = (live: LiveDataset) =>
      express()
        .get(['/sitemap.xml', '/sitemap/:n.xml'], sitemapHandler(live, 10))
        .use((e: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
          res.status(e.status ?? 500).end(),
        );
    const files = Math.ceil(all.length / 10);
    for (const p of ['/sitemap.xml', '/sitemap/1.xml', '/sitemap/2.xml', `/sitemap/${files}.xml`, `/sitemap/${files + 1}.xml`]) {
      const [want, got] = await Promise.all([request(sitemap(embedded.live)).get(p), request(sitemap(replica.live)).get(p)]);
      assert.equal(got.status, want.status, p);
      assert.equal(got.text, want.text, p);
    }
    assert.equal(replica.version.holdsWhole, false);
  });

  it('the home page and the HTML dataset page take their listings from the summary; a version without them is served as before', async () => {
    const version = dataset.info.version;
    const head = (await readSummary(client, version))!;
    assert.deepEqual(
      head.listings?.map(([k]) => k),
      [HOME_LISTING, DATASET_PAGE_NAMES],
    );
    const pages: Array<[string, string]> = [
      ['/', 'text/html'],
      ['/doc/dataset', 'text/html'],
    ];
    /** Each page from a fresh replica: the store requests its first request made, its text the embedded backend's. */
    const firstRequests = async (): Promise<number[]> => {
      const fresh = await openReplica();
      try {
        const rounds: number[] = [];
        for (const [p, accept] of pages) {
          const before = fresh.version.reader.requests;
          const [want, got] = await Promise.all([
            request(embedded.app).get(p).set('Accept', accept),
            request(fresh.app).get(p).set('Accept', accept),
          ]);
          assert.equal(got.status, 200, `${p}: ${got.text.slice(0, 2000)}`);
          const text = got.text.replaceAll(fresh.live.current.dataset.info.version, embedded.live.current.dataset.info.version);
          assert.equal(text, want.text, `${p} is the embedded backend's page`);
          rounds.push(fresh.version.reader.requests - before);
          assert.ok(fresh.version.reader.heldBytes <= BOUND, `held ${fresh.version.reader.heldBytes} bytes after ${p}`);
        }
        assert.equal(fresh.version.holdsWhole, false);
        return rounds;
      } finally {
        await fresh.live.close();
      }
    };
    const withListings = await firstRequests();
    // The summary as an earlier forum-ld stored it: no listings; the pages then read each listed thing's name.
    const { listings: _, ...older } = head;
    await client.update(`DELETE WHERE { GRAPH <${CATALOG_GRAPH}> { <${versionIri(version)}> <${FL.summary}> ?s } }`);
    await client.update(
      `INSERT DATA { GRAPH <${CATALOG_GRAPH}> { <${versionIri(version)}> <${FL.summary}> ${literal(JSON.stringify(older))} } }`,
    );
    assert.equal((await readSummary(client, version))?.listings, undefined);
    const without = await firstRequests();
    for (const [i, [p]] of pages.entries())
      assert.ok(withListings[i] < without[i], `${p}: ${withListings[i]} store requests with the listings, ${without[i]} without`);
    // Publishing the version again stores the listings it lacks.
    await publishToStore(client, dataset, versionPayload(dataset, []), { summary: () => versionSummary(dataset) });
    assert.deepEqual(
      (await readSummary(client, version))?.listings?.map(([k]) => k),
      [HOME_LISTING, DATASET_PAGE_NAMES],
    );
    console.log(`      (store requests of a first request with the listings ${withListings}, without ${without})`);
  });

  it('a version published without a summary is read whole for them, with the same answers', async () => {
    const version = dataset.info.version;
    await client.update(`DELETE WHERE { GRAPH <${CATALOG_GRAPH}> { <${versionIri(version)}> <${FL.summary}> ?s } }`);
    assert.equal(await readSummary(client, version), undefined);
    const old = await openReplica();
    try {
      assert.equal(old.version.summarised, false);
      await sameRdf(old, '/.well-known/void', 'text/turtle', 'ttl');
      assert.equal(old.version.holdsWhole, true, 'without a summary the statistics need the whole version');
    } finally {
      await old.live.close();
    }
    // Publishing the version again stores the summary it lacks; replicas then need no whole read.
    await publishToStore(client, dataset, versionPayload(dataset, []), { summary: () => versionSummary(dataset) });
    assert.ok(await readSummary(client, version));
    const again = await openReplica();
    try {
      await sameRdf(again, '/.well-known/void', 'text/turtle', 'ttl');
      assert.equal(again.version.holdsWhole, false);
    } finally {
      await again.live.close();
    }
  });
});
