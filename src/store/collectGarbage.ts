// A full garbage collection on request, for the moment a large transient heap is known to be garbage (a load's file
// texts, parse tables and the checks' terms: ~500 MB at 1M quads), which V8 may otherwise keep while the server idles.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full collection; false where this runtime offers none (then nothing happens). */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    try {
      // The documented way to reach V8's collector without a command-line flag: expose it, then read it from a context.
      if (!exposed) v8.setFlagsFromString('--expose-gc');
      gc = exposed ?? (vm.runInNewContext('gc') as () => void);
    } catch {
      gc = null;
    }
  }
  gc?.();
  return gc !== null;
}
