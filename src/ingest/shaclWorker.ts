// Worker thread: validates a share of the shapes over the main thread's store (shared memory, nothing copied).
import type { ShareOfChecks } from './shaclValidator';
import { QuadStore } from '../store/quadStore';
import { threadTask } from '../store/threadTask';
import { ShapesValidator } from './validate';

threadTask((share: ShareOfChecks) => {
  const store = new QuadStore(share.data);
  return new ShapesValidator(store).validate(
    store,
    {},
    share.shapes.map((id) => store.termOf(id)),
  );
});
