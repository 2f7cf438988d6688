// Worker thread: writes the dumps of the main thread's store (shared memory), so serving never waits behind them.
import { parentPort, workerData } from 'node:worker_threads';
import { Dataset } from '../store/dataset';
import { buildDumps, type DumpJob } from './dumps';
import { QuadStore } from '../store/quadStore';

const job = workerData as DumpJob;
const ds = new Dataset(new QuadStore(job.data), {
  baseIri: job.baseIri, version: job.version, files: [], contexts: new Map(), sources: new Map(), loadedAt: new Date(0),
});
buildDumps(ds, job.opts).then(
  () => parentPort!.postMessage({ ok: true }),
  (e: Error) => parentPort!.postMessage({ ok: false, reason: e.message }),
);
