// Small finished answers of one dataset version, kept by request key within a byte budget (oldest dropped first).
import type { AnswerHead } from './queryTask';

/** Answers up to this size are read whole into the server (and cached); larger ones stream from their process. */
export const CACHED_UP_TO = 1 << 20;

export class AnswerCache {
  private readonly entries = new Map<string, { head: AnswerHead; body: Buffer }>();
  private bytes = 0;

  /**
   * `limit`: the bytes all answers may take, their keys (the query's text) counted; one answer at most an eighth of
   * it (and CACHED_UP_TO).
   */
  constructor(readonly limit = 64_000_000) {}

  /** The bytes held (bodies and keys). */
  get size(): number {
    return this.bytes;
  }

  /** The answer to `key`, now the most recently used; undefined when none is kept. */
  get(key: string): { head: AnswerHead; body: Buffer } | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  remember(key: string, head: AnswerHead, body: Buffer): void {
    const bytes = body.length + 2 * key.length;
    if (bytes > Math.min(CACHED_UP_TO, this.limit / 8)) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.body.length + 2 * key.length;
    }
    this.entries.set(key, { head, body });
    this.bytes += bytes;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.limit) break;
      this.entries.delete(k);
      this.bytes -= v.body.length + 2 * k.length;
    }
  }
}
