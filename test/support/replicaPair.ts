// The record served twice, by the embedded backend and by a replica over a real Virtuoso it was published to.
import { strict as assert } from 'node:assert';
import { buildConfig, Config } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import type { LiveDataset } from '../../src/publish/live';
import { loadDataset, RecordDataset } from '../../src/ingest/load';
import { StoreClient } from '../../src/remote/storeClient';
import { publishToStore, versionPayload } from '../../src/remote/publishToStore';
import type { StoreVersion } from '../../src/remote/storeDataset';
import type { Virtuoso } from './virtuoso';
import { BASE, DATASETS } from '../forumFixture';

export interface ReplicaPair {
  embedded: { app: ReturnType<typeof createApp>; live: LiveDataset; dataset: RecordDataset };
  replica: { app: ReturnType<typeof createApp>; live: LiveDataset; version: StoreVersion };
  close(): Promise<void>;
}

/**
 * Publishes the largest fixture record to `store` (no checks, no dumps) and opens it both ways; the replica's pattern
 * cache is bounded by `cacheBytes`. `flags` are extra config flags (e.g. the fragment page size) for both.
 */
export async function replicaPair(store: Virtuoso, cacheBytes: number, flags: Record<string, string> = {}): Promise<ReplicaPair> {
  const data = DATASETS[DATASETS.length - 1].data;
  const config = buildConfig({ data, base: BASE, 'log-level': 'silent', ...flags }, {});
  const loaded = await loadDataset({ paths: config.dataPaths, baseIri: BASE, validators: [] });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const storeConfig = { queryUrl: store.sparqlUrl, gspUrl: store.gspUrl, pollMs: 60_000 };
  await publishToStore(new StoreClient(storeConfig), loaded.dataset, versionPayload(loaded.dataset, []));
  const live = openDataset(config, { workers: 0, dumps: false });
  assert.ok((await live.reload()).ok);
  const remoteConfig = Object.freeze({ ...config, logLevel: 'error', store: storeConfig }) as Config;
  const remote = openDataset(remoteConfig, { dumps: false, storeCacheBytes: cacheBytes });
  assert.ok((await remote.reload()).ok);
  return {
    embedded: { app: createApp(config, live), live, dataset: loaded.dataset },
    replica: { app: createApp(remoteConfig, remote), live: remote, version: remote.current.access as StoreVersion },
    close: async () => {
      await live.close();
      await remote.close();
    },
  };
}
