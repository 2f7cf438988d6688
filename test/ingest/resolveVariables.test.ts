// shacl-engine's message templating as the direct checks copy it: arguments filled in, terms written in N-Triples.
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { resolveVariables } from '../../src/ingest/resolveVariables';

const { namedNode, blankNode, literal } = DataFactory;

describe('ingest/resolveVariables', () => {
  it('fills the first {$name} and {?name} of each argument, numbers and strings as they are', () => {
    assert.equal(resolveVariables('{$n} and {?n}, {$n}; {$s}', { n: 3, s: 'x' }), '3 and 3, {$n}; x');
  });

  it('writes terms in N-Triples, escaping what N-Triples escapes', () => {
    const text = (t: Parameters<typeof resolveVariables>[1][string]) => resolveVariables('{$t}', { t });
    assert.equal(text(namedNode('http://x/a')), '<http://x/a>');
    assert.equal(text(blankNode('b1')), '_:b1');
    assert.equal(text(literal('say "hi"\n\\')), '"say \\"hi\\"\\n\\\\"');
    assert.equal(text(literal('hi', 'en')), '"hi"@en');
    assert.equal(
      text(literal('3', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
      '"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    );
  });

  it('leaves a message without the argument alone', () => {
    assert.equal(resolveVariables('Value must be set', { hasValue: namedNode('http://x/a') }), 'Value must be set');
  });
});
