// Rendered documents of one dataset version: each is described and serialised once, then served from memory as
// ready-encoded bytes (sending a string would encode it again on every request).
import { cacheBytesFor } from '../store/cacheBudget';
import type { Dataset } from '../store/dataset';

interface Cache {
  bodies: Map<string, Buffer>;
  bytes: number;
  /** Upper bound of the bytes held (bodies and keys): sized to the version's data (store/cacheBudget.ts). */
  limit: number;
  /** Documents being rendered: requests for one that is on its way wait for it rather than render it again. */
  pending: Map<string, Promise<Buffer | undefined>>;
}

/** The bytes a version's document cache holds, and its bound (tests, metrics). */
export function documentCacheUse(ds: Dataset): { bytes: number; limit: number } {
  const { bytes, limit } = cacheOf(ds);
  return { bytes, limit };
}

function cacheOf(ds: Dataset): Cache {
  return ds.memo<Cache>('documents', () => ({ bodies: new Map(), bytes: 0, limit: cacheBytesFor(ds.size), pending: new Map() }));
}

/**
 * The body for `key` (document path and format), rendering it on first use. `render` returns undefined for a
 * document that does not exist; that is not cached. The cache lives and dies with the dataset (a reload starts afresh).
 */
export async function cachedDocument(ds: Dataset, key: string, render: () => Promise<string | undefined>): Promise<Buffer | undefined> {
  const cache = cacheOf(ds);
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
  if (body.length > cache.limit / 16 || cache.bodies.has(key)) return body;
  cache.bodies.set(key, body);
  cache.bytes += body.length + 2 * key.length;
  // Oldest first: documents are cheap to render again, so no recency bookkeeping on hits.
  for (const [k, v] of cache.bodies) {
    if (cache.bytes <= cache.limit) break;
    cache.bodies.delete(k);
    cache.bytes -= v.length + 2 * k.length;
  }
  return body;
}
