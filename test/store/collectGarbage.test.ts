// A full collection on request: memory nothing refers to any more is given back at once.
import { strict as assert } from 'node:assert';
import { collectGarbage } from '../../src/store/collectGarbage';

describe('store/collectGarbage', () => {
  it('collects large arrays nothing refers to any more', () => {
    // From a collected heap: garbage left by earlier tests, collected while the arrays are made, would hide them.
    assert.equal(collectGarbage(), true);
    const before = process.memoryUsage().heapUsed;
    let big: number[][] | undefined = Array.from({ length: 10 }, (_, i) => new Array<number>(1_000_000).fill(i));
    assert.ok(process.memoryUsage().heapUsed - before > 30_000_000, 'the arrays take room');
    assert.equal(big.length, 10);
    big = undefined;
    assert.equal(collectGarbage(), true);
    assert.ok(process.memoryUsage().heapUsed - before < 20_000_000, `${process.memoryUsage().heapUsed - before} bytes still held`);
  });
});
