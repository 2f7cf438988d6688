// Shared test helpers: paths, and an app over a fixture with an in-process or worker engine.
import * as path from 'node:path';
import { buildConfig, Config } from '../src/config';
import { createApp, storeClient } from '../src/app';
import { openBackend } from './support/backend';
import { LiveDataset, withWholeVersion } from '../src/publish/live';
import { readWholeVersion, type StoreVersion } from '../src/remote/storeDataset';
import type { QueryServiceOptions } from '../src/sparql/queryService';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const BASE = 'http://example.org/';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  live: LiveDataset;
  config: Config;
}

export async function testApp(flags: Record<string, string | string[]> = {}, workers = 0): Promise<TestApp> {
  const { config, live } = await openBackend(
    buildConfig({ data: path.join(FIXTURES, 'mini'), base: BASE, 'log-level': 'silent', ...flags }, {}),
    {
      workers,
    },
  );
  const r = await live.reload();
  if (!r.ok) throw new Error(`fixture did not load: ${JSON.stringify(r.problems)}`);
  await live.settled(); // a first load goes live before its dumps are written; tests see them written
  return { app: createApp(config, live), live, config };
}

/** Every quad of the version served: what the tests compare answers with (a replica over a store reads it for them). */
export async function wholeDataset(live: LiveDataset): Promise<LiveDataset['current']['dataset']> {
  return (await withWholeVersion(live.current)).dataset;
}

/** Every quad of the version served, read for the test alone: a replica over a store is left without it (it never holds it). */
export async function versionCopy(t: TestApp): Promise<LiveDataset['current']['dataset']> {
  const pub = t.live.current;
  if (!pub.access) return pub.dataset;
  const { entry, info } = pub.access as StoreVersion;
  return readWholeVersion(storeClient(t.config), entry, info);
}

/** Query service options for tests: in-process, small queue, generous timeout; `overrides` say what a test is about. */
export function queryServiceOptions(overrides: Partial<QueryServiceOptions> = {}): QueryServiceOptions {
  return {
    workers: 0,
    timeoutMs: 10_000,
    maxConcurrent: 2,
    queueSize: 4,
    maxRows: 1000,
    unionDefaultGraph: true,
    allowRemote: [],
    ...overrides,
  };
}
