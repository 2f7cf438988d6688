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

/** The hash of a key's UTF-8 bytes, here and in the builder (dictionaryBuilder.ts). */
export function fnv1a(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
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
