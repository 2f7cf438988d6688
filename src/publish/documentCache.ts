// Rendered documents of one dataset version: each is described and serialised once, then served from memory as
// ready-encoded bytes (sending a string would encode it again on every request).
import type { Dataset } from '../store/dataset';

/** Upper bound of cached document bytes per dataset version. */
const LIMIT = 64_000_000;

interface Cache {
  bodies: Map<string, Buffer>;
  bytes: number;
  /** Documents being rendered: requests for one that is on its way wait for it rather than render it again. */
  pending: Map<string, Promise<Buffer | undefined>>;
}

/**
 * The body for `key` (document path and format), rendering it on first use. `render` returns undefined for a
 * document that does not exist; that is not cached. The cache lives and dies with the dataset (a reload starts afresh).
 */
export async function cachedDocument(ds: Dataset, key: string, render: () => Promise<string | undefined>): Promise<Buffer | undefined> {
  const cache = ds.memo<Cache>('documents', () => ({ bodies: new Map(), bytes: 0, pending: new Map() }));
  const hit = cache.bodies.get(key);
  if (hit !== undefined) return hit;
  let pending = cache.pending.get(key);
  if (!pending) {
    pending = renderInto(cache, key, render).finally(() => cache.pending.delete(key));
    cache.pending.set(key, pending);
  }
  return pending;
}

async function renderInto(cache: Cache, key: string, render: () => Promise<string | undefined>): Promise<Buffer | undefined> {
  const text = await render();
  if (text === undefined) return undefined;
  const body = Buffer.from(text, 'utf8');
  if (body.length > LIMIT / 16) return body;
  cache.bodies.set(key, body);
  cache.bytes += body.length;
  // Oldest first: documents are cheap to render again, so no recency bookkeeping on hits.
  for (const [k, v] of cache.bodies) {
    if (cache.bytes <= LIMIT) break;
    cache.bodies.delete(k);
    cache.bytes -= v.length;
  }
  return body;
}
