// Worker thread: the source checks (checkSource.ts) over the loader's store (shared memory, nothing copied).
import { QuadStore } from '../store/quadStore';
import { threadTask } from '../store/threadTask';
import { checkSources, type SourceCheckJob } from './checkSource';

threadTask(async (job: SourceCheckJob) => checkSources(new QuadStore(job.data), job.sources, job.opts));
