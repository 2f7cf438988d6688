// The version payload in parts: joined in order they give the payload back, and no part splits a character.
import { strict as assert } from 'node:assert';
import { payloadParts, VersionPayload } from '../../src/remote/catalog';

describe('remote/catalog: payload parts', () => {
  it('cuts a payload of several hundred kB into parts that join back to it, never between the halves of a surrogate pair', () => {
    // 150,000 emoji (two UTF-16 units each): a cut every 128 K units falls inside a pair here (checked: twice).
    const payload: VersionPayload = {
      files: ['a.ttl'],
      contexts: {},
      sources: { 'a.txt': '😀'.repeat(150_000), 'b.txt': 'plain "quoted" \\ text\n' },
      queries: [{ file: 'q.rq', text: 'SELECT * { ?s ?p ?o }' }],
    };
    const parts = payloadParts(payload);
    assert.ok(parts.length >= 3, `${parts.length} parts`);
    for (const p of parts) {
      assert.ok(p.length <= 128 * 1024);
      const last = p.charCodeAt(p.length - 1);
      assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'a part ends in the first half of a pair');
      assert.equal(Buffer.from(p, 'utf8').toString('utf8'), p, 'each part is well-formed text on its own');
    }
    assert.deepEqual(JSON.parse(parts.join('')), payload);
    assert.deepEqual(payloadParts({ files: [], contexts: {}, sources: {}, queries: [] }).length, 1);
  });
});
