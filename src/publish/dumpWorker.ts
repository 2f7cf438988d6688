// Worker thread: writes the dumps of the main thread's store (shared memory), so serving never waits behind them.
import { Dataset } from '../store/dataset';
import { buildDumps, type DumpJob } from './dumps';
import { QuadStore } from '../store/quadStore';
import { threadTask } from '../store/threadTask';

threadTask(async (job: DumpJob) => {
  const ds = new Dataset(new QuadStore(job.data), {
    baseIri: job.baseIri,
    version: job.version,
    files: [],
    contexts: new Map(),
    sources: new Map(),
    loadedAt: new Date(0),
  });
  await buildDumps(ds, job.opts);
});
