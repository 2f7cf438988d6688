// One piece of work on a thread of its own over the shared store (dumps, a share of the SHACL checks): both sides of it.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** The thread itself failed (could not start, crashed, exited): the caller may do the work on its own thread instead. */
export class ThreadFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThreadFailure';
  }
}

type Reply<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Runs the thread module `file` with `data` and resolves with what its work returned. Rejects with an Error saying
 * why the work failed, or with a ThreadFailure when the thread itself did.
 */
export function runInThread<T>(file: string, data: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(file, { workerData: data });
    } catch (e) {
      reject(new ThreadFailure((e as Error).message));
      return;
    }
    worker.once('message', (m: Reply<T>) => {
      if (m.ok) resolve(m.value);
      else reject(new Error(m.reason));
      void worker.terminate();
    });
    worker.once('error', (e) => reject(new ThreadFailure(e.message)));
    worker.once('exit', (code) => reject(new ThreadFailure(`the thread exited with code ${code}`)));
  });
}

/** The thread's side: does `work` on the data it was started with and sends back its value or its failure. */
export function threadTask<D, T>(work: (data: D) => Promise<T>): void {
  if (isMainThread || !parentPort) throw new Error('threadTask runs only on a thread started by runInThread');
  const port = parentPort;
  work(workerData as D).then(
    (value) => port.postMessage({ ok: true, value } satisfies Reply<T>),
    (e: Error) => port.postMessage({ ok: false, reason: e?.message ?? String(e) } satisfies Reply<T>),
  );
}
