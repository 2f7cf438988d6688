import { strict as assert } from 'node:assert';
import { regexCost, xpathRegex } from '../../../src/sparql/evaluate/regex';
import { Fallback } from '../../../src/sparql/evaluate/terms';

describe('evaluate/regex: XPath patterns as JavaScript ones', () => {
  it('reads the common subset alike', () => {
    assert.ok(xpathRegex('^(central|regional) .*institute', 'i').test('Central Asian Institute'));
    assert.ok(xpathRegex('a.c', '').test('abc'));
    assert.ok(!xpathRegex('a.c', '').test('a\nc'), '. is not a line break without s');
    assert.ok(xpathRegex('a.c', '').test('a\u2028c'), 'XPath . takes U+2028');
    assert.ok(xpathRegex('a.c', 's').test('a\nc'));
    assert.ok(xpathRegex('\\.\\*', '').test('.*'));
    assert.ok(xpathRegex('^.$', '').test('😀'), 'a code point, not a UTF-16 unit');
  });

  it('leaves to the engine what it would read differently, or could not stop', () => {
    for (const [p, f] of [
      ['\\d+', ''],
      ['\\w', ''],
      ['\\p{L}', ''],
      ['[a-z-[aeiou]]', ''],
      ['(?=a)', ''],
      ['(a+)+b', ''],
      ['(a|aa)*b', ''],
      ['a', 'x'],
      ['a', 'q'],
      ['(a', ''],
    ]) {
      assert.throws(() => xpathRegex(p, f), Fallback, `${p} /${f}`);
    }
  });

  it('bounds the work of a test where the pattern allows it, for the thread that could not stop one', () => {
    const anchored = regexCost('^(central|regional) .*institute', 'i');
    assert.ok(anchored);
    assert.ok(anchored(30) <= 2, 'a name costs little');
    assert.ok(anchored(2000) < 100, 'anchored at the start: one start to try');
    const unanchored = regexCost('(central|regional) .*institute', 'i');
    assert.ok(unanchored!(2000) > 100_000, 'unanchored: each start, so the square of the length');
    assert.ok(regexCost('^a.*b|c', '')!(2000) > 100_000, 'a top-level choice is not anchored');
    assert.ok(regexCost('^a.*b', 'm')!(2000) > 50_000, 'nor is ^ with the m flag');
    assert.equal(regexCost('forum', '')!(64), 2, 'no quantifier: linear');
    for (const p of ['a.*b.*c', '(ab)*c', 'a+b+', 'a?b?c?d?e?f?g?h', 'x{1,}y*']) assert.equal(regexCost(p, ''), undefined, p);
    assert.ok(regexCost('a{2,5}b*?', ''), 'a lazy and a small range');
  });
});
