// Asks the store, every so often, which version is in service: a server follows `forum-ld publish` without a restart.
import { StoreClient } from './storeClient';
import { readPointer } from './catalog';

/**
 * Calls `changed` when the store's pointer names another version than `serving()`; a failed poll is reported to
 * `failed` and the next one tried. Returns the function that stops watching.
 */
export function watchPointer(
  client: StoreClient,
  everyMs: number,
  serving: () => string | undefined,
  changed: (version: string) => Promise<void>,
  failed: (e: Error) => void = () => undefined,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const pointer = await readPointer(client, AbortSignal.timeout(Math.max(everyMs, 5000)));
      if (!stopped && pointer && pointer !== serving()) await changed(pointer);
    } catch (e) {
      failed(e as Error);
    }
    if (!stopped) timer = setTimeout(tick, everyMs).unref();
  };
  timer = setTimeout(tick, everyMs).unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
