// Builds the term dictionary key by key from UTF-8 bytes (a file's own, or a key string's), laying the keys out as
// the shared dictionary will hold them: no JS string per key and no second pass to encode them at the end.
import { fnv1a, type SharedDictionary } from './termDictionary';

/** Assigns ids to term keys in the order first seen; `finish` gives the shared dictionary (termDictionary.ts). */
export class DictionaryBuilder {
  /** Every key's bytes, back to back (key i from offsets[i] to offsets[i + 1]), in the shared memory they are served from. */
  private bytes: Uint8Array;
  private offsets: Uint32Array = new Uint32Array(1 << 12);
  /** Each key's fnv1a hash: the table grows, and the shared one is laid out, without hashing a key twice. */
  private hashes: Uint32Array = new Uint32Array(1 << 12);
  /** Open addressing (power-of-two size, at most half full) of id + 1; 0 is an empty slot. */
  private table: Uint32Array = new Uint32Array(1 << 13);
  private mask = (1 << 13) - 1;
  private count = 0;
  private scratch = Buffer.alloc(1024);

  /**
   * `capacity`: bytes to set aside for the keys, for instance the size of the files read (their keys' bytes are at most
   * that; memory the keys do not fill is never touched, so it costs address space only). More is taken if needed.
   */
  constructor(capacity = 1 << 16) {
    this.bytes = sharedBytes(capacity);
  }

  /** Number of keys so far. */
  get size(): number {
    return this.count;
  }

  /** The id of the key written as `src` from `from` to `to` (UTF-8), a new one if it was not seen before. */
  idOf(src: Uint8Array, from: number, to: number): number {
    const h = fnv1a(src, from, to);
    const length = to - from;
    const { bytes, offsets, hashes, table, mask } = this;
    let slot = h & mask;
    for (let e = table[slot]; e !== 0; slot = (slot + 1) & mask, e = table[slot]) {
      const id = e - 1;
      if (hashes[id] !== h) continue;
      const at = offsets[id];
      if (offsets[id + 1] - at !== length) continue;
      let i = 0;
      while (i < length && bytes[at + i] === src[from + i]) i++;
      if (i === length) return id;
    }
    return this.insert(src, from, to, h, slot);
  }

  /** The id of a key given as a string (termKey). */
  idOfKey(key: string): number {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.alloc(key.length * 6);
    const length = this.scratch.write(key, 0, 'utf8');
    return this.idOf(this.scratch, 0, length);
  }

  /** True when key `id` is written as `src` from `from` to `to`: cheaper than a lookup for a key likely repeated. */
  is(id: number, src: Uint8Array, from: number, to: number): boolean {
    const at = this.offsets[id];
    const length = to - from;
    if (this.offsets[id + 1] - at !== length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) if (bytes[at + i] !== src[from + i]) return false;
    return true;
  }

  private insert(src: Uint8Array, from: number, to: number, h: number, slot: number): number {
    const id = this.count++;
    const at = this.offsets[id];
    const end = at + to - from;
    if (end > this.bytes.length) {
      const bigger = sharedBytes(Math.max(end, this.bytes.length * 2));
      bigger.set(this.bytes.subarray(0, at));
      this.bytes = bigger;
    }
    this.bytes.set(src.subarray(from, to), at);
    if (id + 2 > this.offsets.length) {
      this.offsets = grown(this.offsets, this.offsets.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    this.offsets[id + 1] = end;
    this.hashes[id] = h;
    this.table[slot] = id + 1;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    return id;
  }

  private rehash(size: number): void {
    this.table = placed(this.hashes, this.count, new Uint32Array(size));
    this.mask = size - 1;
  }

  /** The keys in shared memory, with the lookup table TermDictionary reads; the builder is empty afterwards. */
  finish(): SharedDictionary {
    const n = this.count;
    const bytes = this.bytes.subarray(0, this.offsets[n]);
    const offsets = new Uint32Array(new SharedArrayBuffer((n + 1) * 4));
    offsets.set(this.offsets.subarray(0, n + 1));
    let size = 16;
    while (size < n * 2) size *= 2;
    const table = placed(this.hashes, n, new Uint32Array(new SharedArrayBuffer(size * 4)));
    this.bytes = new Uint8Array(0);
    this.offsets = new Uint32Array(1);
    this.hashes = new Uint32Array(0);
    this.table = new Uint32Array(16);
    this.mask = 15;
    this.count = 0;
    return { bytes, offsets, table };
  }
}

/** `table` with ids 0..n-1 placed by their hashes, in id order, probing linearly (as TermDictionary looks them up). */
function placed(hashes: Uint32Array, n: number, table: Uint32Array): Uint32Array {
  const mask = table.length - 1;
  for (let id = 0; id < n; id++) {
    let slot = hashes[id] & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = id + 1;
  }
  return table;
}

const sharedBytes = (length: number) => new Uint8Array(new SharedArrayBuffer(Math.max(1, length)));

function grown(a: Uint32Array, length: number): Uint32Array {
  const b = new Uint32Array(length);
  b.set(a);
  return b;
}
