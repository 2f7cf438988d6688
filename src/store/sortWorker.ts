// Worker thread: sorts a share of a new store's orders in shared memory (see indexOrders.ts), beside the main thread.
import { type SortJob, sortOrder, uniqueSpog } from './indexOrders';
import { threadTask } from './threadTask';

threadTask(async (job: SortJob) => {
  if (job.task === 'unique') return uniqueSpog(job.data, job.n, job.bits, job.out);
  for (let i = 0; i < job.orders.length; i++) sortOrder(job.spog, job.m, job.orders[i], job.bits, job.outs[i]);
  return job.m;
});
