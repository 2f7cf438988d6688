// The answer cache keeps within its byte bound (keys counted), drops the least recently used first, and skips large answers.
import { strict as assert } from 'node:assert';
import { AnswerCache } from '../../src/sparql/answerCache';
import type { AnswerHead } from '../../src/sparql/queryTask';

const head = {
  form: 'SELECT',
  mediaType: 'application/sparql-results+json',
  count: 1,
  truncated: false,
  bytes: 0,
} as unknown as AnswerHead;

describe('sparql/answerCache', () => {
  it('never holds more than its bound, counting the keys, and drops the least recently used first', () => {
    const cache = new AnswerCache(10_000);
    const key = (i: number) => `SELECT * WHERE { ?s ?p ?o } # ${String(i).padStart(4, '0')}`;
    for (let i = 0; i < 100; i++) {
      cache.remember(key(i), head, Buffer.alloc(300 + (i % 7) * 100));
      if (i === 50) assert.ok(cache.get(key(3)) === undefined, 'an old answer is gone');
      if (i >= 40) cache.get(key(40)); // kept in use
      assert.ok(cache.size <= cache.limit, `${cache.size} bytes held`);
    }
    assert.ok(cache.size > cache.limit / 2, 'the room is used');
    assert.ok(cache.get(key(40)), 'the answer in use stays');
    assert.ok(cache.get(key(99)), 'the newest stays');
    assert.equal(cache.get(key(0)), undefined);
  });

  it('counts an answer remembered twice once, and keeps no answer larger than an eighth of its bound', () => {
    const cache = new AnswerCache(8_000);
    cache.remember('q', head, Buffer.alloc(500));
    cache.remember('q', head, Buffer.alloc(500));
    assert.equal(cache.size, 502);
    cache.remember('big', head, Buffer.alloc(1_000));
    assert.equal(cache.get('big'), undefined);
    // A long query text with a small answer: its key is what takes the room.
    cache.remember('x'.repeat(600), head, Buffer.alloc(10));
    assert.equal(cache.get('x'.repeat(600)), undefined);
  });
});
