// The backend the HTTP suites run over: the embedded store, or (FORUM_LD_BACKEND=virtuoso) a real Virtuoso the data is published into.
import type { Config } from '../../src/config';
import { openDataset } from '../../src/app';
import type { LiveDataset } from '../../src/publish/live';
import { loadDataset } from '../../src/ingest/load';
import { loadNamedQueries } from '../../src/api/namedQueries';
import { validators } from '../../src/forum/checks';
import { StoreClient } from '../../src/remote/storeClient';
import { publishToStore, versionPayload } from '../../src/remote/publishToStore';
import { versionSummary } from '../../src/publish/versionSummary';
import { startVirtuoso, Virtuoso } from './virtuoso';

export type Backend = 'embedded' | 'virtuoso';

/** Chosen per mocha run (test/run.ts runs the HTTP suites once per backend). */
export const BACKEND: Backend = process.env.FORUM_LD_BACKEND === 'virtuoso' ? 'virtuoso' : 'embedded';

const stores = new Map<string, Promise<Virtuoso>>();

/**
 * A Virtuoso per dataset of this mocha run, started on first use and killed when the run's process exits: a store
 * serves one version at a time, and a suite's apps over different data are alive at once.
 */
export function virtuosoFor(key: string): Promise<Virtuoso> {
  let v = stores.get(key);
  if (!v) {
    v = startVirtuoso();
    stores.set(key, v);
  }
  return v;
}

/**
 * The served dataset of a test config on the run's backend. Over Virtuoso the config's data is first published into
 * the store as `forum-ld publish` does (the same checks unless the config turns them off; a version that fails them
 * is not published, and the server then has nothing to serve), and the server reads it back from there.
 */
export async function openBackend(
  config: Config,
  overrides: Parameters<typeof openDataset>[1] = {},
): Promise<{ config: Config; live: LiveDataset }> {
  if (BACKEND === 'embedded') return { config, live: openDataset(config, overrides) };
  const v = await virtuosoFor(JSON.stringify([config.dataPaths, config.baseIri, config.queriesPath, config.validate]));
  const store = { queryUrl: v.sparqlUrl, gspUrl: v.gspUrl, pollMs: 60_000 };
  const loaded = await loadDataset({
    paths: config.dataPaths,
    baseIri: config.baseIri,
    validators: config.validate ? validators() : [],
    queries: config.queriesPath,
  });
  if (loaded.ok) {
    const files = config.queriesPath ? (await loadNamedQueries(config.queriesPath, config.baseIri)).files : [];
    await publishToStore(new StoreClient(store), loaded.dataset, versionPayload(loaded.dataset, files), {
      summary: () => versionSummary(loaded.dataset),
    });
  }
  const storeConfig = Object.freeze({ ...config, store }) as Config;
  return { config: storeConfig, live: openDataset(storeConfig, overrides) };
}
