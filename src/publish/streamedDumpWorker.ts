// Worker thread: writes the dumps of a version streamed from the external store, so serving never waits behind them.
import { threadTask } from '../store/threadTask';
import { StoreClient } from '../remote/storeClient';
import { StoreVersion } from '../remote/storeDataset';
import { storedQuads } from '../remote/storeDumps';
import { writeDumps } from './dumps';
import { streamedSource, type StreamedDumpJob } from './streamedDumps';

threadTask(async (job: StreamedDumpJob) => {
  const client = new StoreClient(job.endpoints);
  const version = new StoreVersion(client, job.entry, job.info, job.cacheBytes);
  // The reader's own describing: one that needs the whole version fails here instead of reading it.
  const source = streamedSource(job.entry.version, storedQuads(client, version), (render) => version.reader.describing(render));
  await writeDumps(source, job.opts);
});
