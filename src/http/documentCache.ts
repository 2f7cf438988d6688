// Rendered documents of one dataset version: each is described and serialised once, then served from memory.
import type { Dataset } from '../store/dataset';

/** Upper bound of cached document text per dataset version, in characters. */
const LIMIT = 64_000_000;

interface Cache { bodies: Map<string, string>; chars: number }

/**
 * The body for `key` (document path and format), rendering it on first use. `render` returns undefined for a
 * document that does not exist; that is not cached. The cache lives and dies with the dataset (a reload starts afresh).
 */
export async function cachedDocument(ds: Dataset, key: string, render: () => Promise<string | undefined>): Promise<string | undefined> {
  const cache = ds.memo<Cache>('documents', () => ({ bodies: new Map(), chars: 0 }));
  const hit = cache.bodies.get(key);
  if (hit !== undefined) return hit;
  const body = await render();
  if (body === undefined || body.length > LIMIT / 16) return body;
  cache.bodies.set(key, body);
  cache.chars += body.length;
  // Oldest first: documents are cheap to render again, so no recency bookkeeping on hits.
  for (const [k, v] of cache.bodies) {
    if (cache.chars <= LIMIT) break;
    cache.bodies.delete(k);
    cache.chars -= v.length;
  }
  return body;
}
