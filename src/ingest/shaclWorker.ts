// Worker thread: validates a share of the shapes over the main thread's store (shared memory, nothing copied).
import { parentPort, workerData } from 'node:worker_threads';
import type { ShareOfChecks } from './shaclValidator';
import { QuadStore } from '../store/quadStore';
import { ShapesValidator } from './validate';

const share = workerData as ShareOfChecks;
const store = new QuadStore(share.data);
void new ShapesValidator(store).validate(store, {}, share.shapes.map((id) => store.termOf(id)))
  .then((problems) => parentPort!.postMessage(problems));
