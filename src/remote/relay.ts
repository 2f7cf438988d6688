// An answer passed on from the store: held while it is short and quick (then sent whole, its count in the headers),
// else streamed to the client item by item as the store sends it; the row and byte caps kept either way.
import { Readable } from 'node:stream';
import { QueryError } from '../sparql/queryError';
import { sizeText } from '../sparql/queryTask';
import type { ItemWriter } from './sparqlResults';

export interface RelayOptions {
  maxRows: number;
  maxBytes: number;
  /** The answer is streamed once its text passes this many bytes, or `holdMs` after its first item; Infinity: always whole. */
  holdBytes: number;
  holdMs: number;
  /** False: the caller reads only the items of a whole answer, so its text is measured, not kept (holdBytes must be Infinity). */
  keepText?: boolean;
  /** Whether the input itself was cut (the store's text past its byte bound): the answer ends there, and is marked cut. */
  inputCut?: () => boolean;
}

/** What only the end of a streamed answer knows; filled in before its body ends (HTTP trailers carry it). */
export interface Tail {
  count: number;
  truncated: boolean;
}

export type Relayed<T> =
  | { whole: true; text: string; items: T[]; count: number; truncated: boolean }
  | { whole: false; body: Readable; tail: Tail };

/** Room kept for the text that closes a document (`]}}`, `</results></sparql>`, a Turtle statement's end). */
const CLOSING = 64;

/**
 * Reads items from `items` and writes them with `writer`. An answer that ends within `holdBytes` of text and `holdMs`
 * of its first item comes back whole (its text and items). Otherwise the body streams: what was held first, then each
 * item as it arrives, read from the store only as fast as the client reads. Either way an answer is cut at an item
 * and stays well-formed, as the embedded backend's is: past `maxRows` items, or before an item would take the text
 * past `maxBytes` (an answer whose first item alone is too long is refused, 'size'). A failure while streaming
 * (the store's, the timeout) destroys the body: the client sees a broken response, never a short one that looks whole.
 * Closing the iterator (return) is how the store's connection is closed.
 */
export async function relay<T>(items: AsyncIterator<T>, writer: ItemWriter<T>, opts: RelayOptions): Promise<Relayed<T>> {
  const chunks: string[] = [writer.start()];
  let bytes = Buffer.byteLength(chunks[0]);
  const kept: T[] = [];
  let truncated = false;
  let done = false;
  let admitted = 0;
  /** Takes one item if the caps let it through, returning its text; false when the answer ends here. */
  const admit = (x: T): string | false => {
    if (admitted >= opts.maxRows) return false;
    const text = writer.item(x);
    const size = Buffer.byteLength(text);
    if (bytes + size + CLOSING > opts.maxBytes) {
      if (admitted === 0)
        throw new QueryError(
          'size',
          `The answer would be larger than the limit of ${sizeText(opts.maxBytes)} even cut to a few rows; select fewer or shorter values.`,
        );
      return false;
    }
    bytes += size;
    admitted++;
    return text;
  };
  const keepText = opts.keepText !== false;
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  /** Settles once the answer has been held `holdMs` from its first item (made then, once). */
  let held: Promise<undefined> | undefined;
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    while (!done) {
      pending ??= items.next();
      const r = late ? undefined : await (held ? Promise.race([pending, held]) : pending);
      if (!r) break; // held long enough: the rest streams
      pending = undefined;
      if (r.done) {
        done = true;
        break;
      }
      const text = admit(r.value);
      if (text === false) {
        truncated = done = true;
        break;
      }
      kept.push(r.value);
      if (keepText) chunks.push(text);
      if (bytes > opts.holdBytes) break;
      if (kept.length === 1 && Number.isFinite(opts.holdMs))
        held = new Promise((wake) => {
          timer = setTimeout(() => {
            late = true;
            wake(undefined);
          }, opts.holdMs);
        });
    }
  } catch (e) {
    clearTimeout(timer);
    await items.return?.(undefined)?.catch(() => undefined);
    throw e;
  }
  clearTimeout(timer);
  if (done) {
    if (truncated) await items.return?.(undefined)?.catch(() => undefined);
    truncated ||= opts.inputCut?.() ?? false;
    const end = writer.end();
    return { whole: true, text: keepText ? chunks.join('') + end : '', items: kept, count: kept.length, truncated };
  }
  return { whole: false, ...stream(items, writer, admit, chunks, kept.length, pending, opts.inputCut) };
}

function stream<T>(
  items: AsyncIterator<T>,
  writer: ItemWriter<T>,
  admit: (x: T) => string | false,
  held: string[],
  count: number,
  pending: Promise<IteratorResult<T>> | undefined,
  inputCut?: () => boolean,
): { body: Readable; tail: Tail } {
  const tail: Tail = { count, truncated: false };
  let pumping = false;
  let over = false;
  const finish = (truncated: boolean) => {
    over = true;
    tail.truncated = truncated;
    if (truncated) void items.return?.(undefined)?.catch(() => undefined);
    body.push(writer.end());
    body.push(null);
  };
  const pump = async () => {
    if (pumping || over) return;
    pumping = true;
    try {
      for (;;) {
        const r = await (pending ?? items.next());
        pending = undefined;
        if (over) return;
        if (r.done) return finish(inputCut?.() ?? false);
        const text = admit(r.value);
        if (text === false) return finish(true);
        tail.count++;
        if (!body.push(text)) return;
      }
    } catch (e) {
      over = true;
      body.destroy(e as Error);
    } finally {
      pumping = false;
    }
  };
  const body = new Readable({
    read: () => void pump(),
    destroy: (err, cb) => {
      // The client went away (or the answer failed): the store's connection is closed too.
      over = true;
      void items.return?.(undefined)?.catch(() => undefined);
      cb(err);
    },
  });
  body.push(held.join(''));
  return { body, tail };
}
