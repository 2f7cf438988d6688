// How many bytes each cache of one served version may hold (answers, documents): sized to the data, within bounds.

/**
 * Bytes per quad each cache may take: at 1M quads 24 MB, the two caches together under 5 % of the 1 KB per triple the
 * whole server (query processes included) may use.
 */
export const CACHE_BYTES_PER_QUAD = 24;
/** Small data still gets room for its hot set (a record of thousands of triples fits whole). */
export const CACHE_MIN_BYTES = 16 * 1024 * 1024;
/** Beyond this a cache holds more than any hot set of documents or answers (and the hit rate stops growing). */
export const CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** The byte bound of one cache for a version of `quads` quads. */
export function cacheBytesFor(quads: number): number {
  return Math.min(CACHE_MAX_BYTES, Math.max(CACHE_MIN_BYTES, Math.round(quads * CACHE_BYTES_PER_QUAD)));
}
