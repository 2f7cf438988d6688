// The version of a record: a SHA-256 of the base and every file's name and bytes, on a thread of its own for large data.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { runInThread } from '../store/threadTask';

/** One input of the digest: a file's name as the digest sees it, and its bytes (shared memory for a large file). */
export interface DigestPart {
  name: string;
  bytes: Uint8Array;
}

/** Below this many bytes a thread costs more to start than hashing here does. */
const THREAD_FROM = 16_000_000;

/** The version: 32 hex digits of SHA-256 over the base, then each part's name, a NUL, its bytes and a NUL. */
export function versionDigest(base: string, parts: readonly DigestPart[]): string {
  const digest = createHash('sha256').update(base);
  for (const p of parts) digest.update(p.name).update('\0').update(p.bytes).update('\0');
  return digest.digest('hex').slice(0, 32);
}

/**
 * The same, hashed on another thread when the parts are large (at 1M quads ~200 MB, ~0.6 s of CPU) so that it
 * overlaps the parse; parts in shared memory cross without a copy.
 */
export async function versionDigestAside(base: string, parts: readonly DigestPart[]): Promise<string> {
  const total = parts.reduce((n, p) => n + p.bytes.length, 0);
  if (total < THREAD_FROM) return versionDigest(base, parts);
  try {
    return await runInThread<string>(path.join(__dirname, 'digestWorker.js'), { base, parts });
  } catch {
    return versionDigest(base, parts);
  }
}
