// The summary of a version gives the dataset-level surfaces what only a reading of every quad gives, and survives being stored as JSON.
import { strict as assert } from 'node:assert';
import type * as RDF from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { loadDataset, RecordDataset } from '../../src/ingest/load';
import { Dataset } from '../../src/store/dataset';
import type { QuadStore } from '../../src/store/quadStore';
import type { Publication } from '../../src/publish/live';
import { versionSummary } from '../../src/publish/versionSummary';
import { datasetDescription } from '../../src/publish/datasetDescription';
import { schemaOrgDataset } from '../../src/publish/schemaOrgDataset';
import { preferredExampleClasses } from '../../src/publish/stats';
import { pagePaths } from '../../src/publish/sitemapPaths';
import { HOME_LISTING, homeListing } from '../../src/publish/homeListing';
import { DATASET_PAGE_NAMES, datasetPageNames } from '../../src/publish/datasetPageNames';
import { BASE, FORUM } from '../forumFixture';

const OPTS = { license: 'https://creativecommons.org/licenses/by/4.0/', publisher: {}, preferredExamples: preferredExampleClasses(BASE) };

/** The store with every quad it hands out counted, and its whole-store scan refused: a reader that cannot afford one. */
function counting(store: QuadStore): { store: QuadStore; read: () => number } {
  let read = 0;
  const proxy = new Proxy(store, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (prop === 'getQuads' || prop === 'readQuads')
        return (...args: unknown[]) => {
          const quads = [...(v as (...a: unknown[]) => Iterable<RDF.Quad>).apply(target, args)];
          read += quads.length;
          return quads;
        };
      if (prop === 'scan')
        return () => {
          throw new Error('the whole store was scanned');
        };
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { store: proxy, read: () => read };
}

function publication(dataset: RecordDataset): Publication {
  return { dataset, queries: undefined as never, dumpsPending: false };
}

describe('publish/versionSummary', () => {
  let ds: RecordDataset;
  before(async () => {
    const loaded = await loadDataset({ paths: [FORUM], baseIri: BASE, validators: [] });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    ds = loaded.dataset;
  });

  it('a dataset seeded with it, as stored (JSON), describes itself as the whole version does, reading a small part of it', () => {
    const summary = versionSummary(ds);
    assert.deepEqual(summary.pagePaths, pagePaths(ds));
    // Stored as JSON (remote/summaryStore.ts), which has no undefined: readSummary gives null back as undefined.
    const stored = (JSON.parse(JSON.stringify(summary.facts)) as Array<[string, unknown]>).map(([k, v]): [string, unknown] => [
      k,
      v === null ? undefined : v,
    ]);
    assert.ok(stored.some(([k]) => k === 'stats'));
    const fresh = () => {
      const c = counting(ds.store);
      return { dataset: new Dataset(c.store, ds.info) as RecordDataset, read: c.read };
    };
    const seeded = fresh();
    seeded.dataset.seedMemo(stored);
    const doc = `${BASE}doc/dataset`;
    const want = datasetDescription(publication(ds), doc, OPTS);
    const got = datasetDescription(publication(seeded.dataset), doc, OPTS);
    assert.ok(isomorphic(got, want), 'the same VoID/DCAT');
    const facts = { title: 't', description: 'd', license: OPTS.license, publisher: {} };
    assert.deepEqual(schemaOrgDataset(publication(seeded.dataset), facts), schemaOrgDataset(publication(ds), facts));
    assert.ok(seeded.read() < ds.size / 5, `read ${seeded.read()} of ${ds.size} quads`);
    // Without it, the statistics need a scan of every quad.
    assert.throws(() => datasetDescription(publication(fresh().dataset), doc, OPTS), /the whole store was scanned/);
  });

  it('the listings, as stored (JSON), give the home page and the dataset page their names without reading a quad', () => {
    const summary = versionSummary(ds);
    assert.deepEqual(
      summary.listings.map(([k]) => k),
      [HOME_LISTING, DATASET_PAGE_NAMES],
    );
    const stored = JSON.parse(JSON.stringify(summary.listings)) as Array<[string, unknown]>;
    const c = counting(ds.store);
    const seeded = new Dataset(c.store, ds.info) as RecordDataset;
    seeded.seedMemo(stored);
    const fresh = new Dataset(ds.store, ds.info) as RecordDataset;
    assert.deepEqual(homeListing(seeded), homeListing(fresh));
    assert.deepEqual(datasetPageNames(seeded), datasetPageNames(fresh));
    assert.equal(c.read(), 0);
    // What they list: the forums by their names, every named graph of the record.
    assert.ok(homeListing(fresh).some((s) => s.title === 'Forums' && s.items.length > 0));
    assert.equal(datasetPageNames(fresh).graphs.length, ds.graphNames().length);
  });
});
