// The app over the real record (ontology/, data/, queries/), for tests that assert the answers the source fixes.
import * as path from 'node:path';
import { buildConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { openBackend } from '../support/backend';
import { BASE, ROOT, TestApp } from '../helpers';

export async function recordApp(workers = 0): Promise<TestApp> {
  const built = buildConfig(
    {
      data: [path.join(ROOT, 'ontology'), path.join(ROOT, 'data')],
      queries: path.join(ROOT, 'queries'),
      base: BASE,
      'log-level': 'silent',
    },
    {},
  );
  const { config, live } = await openBackend(built, { workers });
  const r = await live.reload();
  if (!r.ok) throw new Error(`the record did not load: ${JSON.stringify(r.problems)}`);
  await live.settled(); // a first load goes live before its dumps are written; tests see them written
  return { app: createApp(config, live), live, config };
}
