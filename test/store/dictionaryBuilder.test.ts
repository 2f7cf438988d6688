// The dictionary builder: ids in the order keys are first seen, the same id whether a key comes as bytes or as a
// string, and a finished dictionary that TermDictionary reads back, past several growths of every table.
import { strict as assert } from 'node:assert';
import { DictionaryBuilder } from '../../src/store/dictionaryBuilder';
import { TermDictionary } from '../../src/store/termDictionary';

/** Keys of every shape the store holds: IRIs, literals with tags, types and multi-byte characters, blank nodes, ''. */
function keys(n: number): string[] {
  const out = ['', 'http://x/é', '"ünï"@de', '"3"^^http://www.w3.org/2001/XMLSchema#integer', '_:b0_n1', '"\u{1F600}"'];
  for (let i = 0; out.length < n; i++)
    out.push(i % 3 === 0 ? `http://x/item/${i}` : i % 3 === 1 ? `"text ${i} ${'é'.repeat(i % 7)}"` : `_:b1_${i}`);
  return out;
}

describe('store/dictionaryBuilder', () => {
  it('numbers keys as first seen, from bytes or strings alike, and TermDictionary finds each', () => {
    const all = keys(5_000);
    // A small start: the bytes, the offsets and the table all grow several times.
    const builder = new DictionaryBuilder(16);
    const bytes = Buffer.from(`>${all.join('\n')}`, 'utf8');
    let at = 1;
    for (const [i, k] of all.entries()) {
      const length = Buffer.byteLength(k, 'utf8');
      // Even keys as spans of a larger buffer, odd ones as strings; each twice, the second time found.
      const id = i % 2 === 0 ? builder.idOf(bytes, at, at + length) : builder.idOfKey(k);
      assert.equal(id, i, k);
      assert.equal(i % 2 === 0 ? builder.idOfKey(k) : builder.idOf(bytes, at, at + length), i, k);
      assert.ok(builder.is(i, bytes, at, at + length));
      assert.ok(!builder.is(i, bytes, at, at + length + 1));
      at += length + 1;
    }
    assert.equal(builder.size, all.length);
    const dict = new TermDictionary(builder.finish());
    assert.equal(dict.size, all.length);
    for (const [i, k] of all.entries()) {
      assert.equal(dict.key(i), k);
      assert.equal(dict.idOf(k), i, k);
    }
    assert.equal(dict.idOf('http://x/absent'), undefined);
    assert.equal(dict.idOf('"ünï"'), undefined);
    assert.equal(builder.size, 0, 'the builder is empty once finished');
  });

  it('keeps keys in shared memory, sized by what was set aside when that was enough', () => {
    const builder = new DictionaryBuilder(1 << 20);
    builder.idOfKey('http://x/a');
    const shared = builder.finish();
    assert.ok(shared.bytes.buffer instanceof SharedArrayBuffer);
    assert.ok(shared.table.buffer instanceof SharedArrayBuffer);
    assert.equal(shared.bytes.byteLength, 'http://x/a'.length);
  });
});
