// The replica's cache of triple-pattern answers: bounded in bytes, least recently used dropped first.
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { answerBytes, PatternCache, patternKey } from '../../src/remote/patternCache';

const { namedNode, quad, literal } = DataFactory;
const answer = (n: number) => ({
  quads: Array.from({ length: n }, (_, i) => quad(namedNode(`http://ex.org/s${i}`), namedNode('http://ex.org/p'), literal(`v${i}`))),
});

describe('remote/patternCache', () => {
  it('keeps answers within its byte bound, dropping the least recently used first', () => {
    const one = answerBytes(answer(10));
    const cache = new PatternCache(3 * one);
    for (const k of ['a', 'b', 'c']) cache.set(k, answer(10));
    assert.ok(cache.get('a'), 'a is now the most recently used');
    cache.set('d', answer(10));
    assert.equal(cache.get('b'), undefined, 'b was the least recently used');
    assert.ok(cache.get('a') && cache.get('c') && cache.get('d'));
    assert.ok(cache.bytes <= 3 * one);
  });

  it('refuses an answer larger than the whole bound, and replaces one given again', () => {
    const cache = new PatternCache(answerBytes(answer(5)));
    cache.set('big', answer(50));
    assert.equal(cache.get('big'), undefined);
    assert.equal(cache.bytes, 0);
    cache.set('x', answer(5));
    cache.set('x', answer(5));
    assert.equal(cache.bytes, answerBytes(answer(5)));
  });

  it('tells patterns apart by kind and by every bound term', () => {
    const s = namedNode('http://ex.org/s');
    const keys = new Set([
      patternKey({ kind: 'quads', terms: [s, undefined, undefined, undefined] }),
      patternKey({ kind: 'count', terms: [s, undefined, undefined, undefined] }),
      patternKey({ kind: 'quads', terms: [undefined, undefined, s, undefined] }),
      patternKey({ kind: 'quads', terms: [s, undefined, undefined, DataFactory.defaultGraph()] }),
    ]);
    assert.equal(keys.size, 4);
  });
});
