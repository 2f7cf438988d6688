// The term dictionary in shared memory: every distinct term key as UTF-8 plus a hash table from key to id, so all
// threads read one copy and each materialises only the terms it touches.

export interface SharedDictionary {
  /** UTF-8 bytes of every key, back to back. */
  bytes: Uint8Array;
  /** Where key i starts; offsets[size] is the end of the last key. */
  offsets: Uint32Array;
  /** Open-addressing hash table (power-of-two size) of id + 1; 0 is an empty slot. */
  table: Uint32Array;
}

function fnv1a(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

/** Lays the keys out in shared memory; a key's id is its index in `keys`. */
export function buildDictionary(keys: readonly string[]): SharedDictionary {
  let total = 0;
  for (const k of keys) total += Buffer.byteLength(k, 'utf8');
  const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)));
  const writer = Buffer.from(bytes.buffer);
  const offsets = new Uint32Array(new SharedArrayBuffer((keys.length + 1) * 4));
  let at = 0;
  for (let i = 0; i < keys.length; i++) {
    offsets[i] = at;
    at += writer.write(keys[i], at, 'utf8');
  }
  offsets[keys.length] = at;
  let size = 16;
  while (size < keys.length * 2) size *= 2;
  const table = new Uint32Array(new SharedArrayBuffer(size * 4));
  for (let i = 0; i < keys.length; i++) {
    let h = fnv1a(bytes, offsets[i], offsets[i + 1]) & (size - 1);
    while (table[h] !== 0) h = (h + 1) & (size - 1);
    table[h] = i + 1;
  }
  return { bytes, offsets, table };
}

/** Read access to a shared dictionary from any thread. */
export class TermDictionary {
  private readonly buf: Buffer;
  private readonly mask: number;
  private scratch = Buffer.alloc(1024);

  constructor(readonly shared: SharedDictionary) {
    this.buf = Buffer.from(shared.bytes.buffer, shared.bytes.byteOffset, shared.bytes.byteLength);
    this.mask = shared.table.length - 1;
  }

  get size(): number {
    return this.shared.offsets.length - 1;
  }

  key(id: number): string {
    return this.buf.toString('utf8', this.shared.offsets[id], this.shared.offsets[id + 1]);
  }

  /** The id of a key, or undefined when no stored term has it. */
  idOf(key: string): number | undefined {
    const len = Buffer.byteLength(key, 'utf8');
    if (len > this.scratch.length) this.scratch = Buffer.alloc(len * 2);
    this.scratch.write(key, 0, 'utf8');
    const { offsets, table } = this.shared;
    let h = fnv1a(this.scratch, 0, len) & this.mask;
    for (let slot = table[h]; slot !== 0; h = (h + 1) & this.mask, slot = table[h]) {
      const id = slot - 1;
      const from = offsets[id];
      if (offsets[id + 1] - from === len && this.scratch.compare(this.buf, from, from + len, 0, len) === 0) return id;
    }
    return undefined;
  }
}
