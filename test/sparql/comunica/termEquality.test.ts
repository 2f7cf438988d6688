// `=` and `!=` where Comunica raised type errors: the same term is equal to itself; tagged and untagged literals differ.
import * as assert from 'node:assert/strict';
import { DataFactory } from 'n3';
import { RdfStore } from 'rdf-stores';
import { SparqlEngine } from '../../../src/sparql/comunica/engine';
import { equalityFallback } from '../../../src/sparql/comunica/termEquality';

const { namedNode, literal, blankNode } = DataFactory;
const XSD_INT = namedNode('http://www.w3.org/2001/XMLSchema#integer');

describe('sparql/comunica/termEquality', () => {
  it('decides only what SPARQL defines or its value spaces settle', () => {
    assert.equal(equalityFallback(literal('xyz', XSD_INT), literal('xyz', XSD_INT)), true);
    assert.equal(equalityFallback(literal('xyz', 'en'), literal('xyz', XSD_INT)), false);
    assert.equal(equalityFallback(literal('a', namedNode('urn:t')), literal('a', 'en')), false);
    assert.equal(equalityFallback(literal('a', namedNode('urn:t')), literal('b', namedNode('urn:t'))), undefined);
    assert.equal(equalityFallback(literal('a', namedNode('urn:t1')), literal('a', namedNode('urn:t2'))), undefined);
    assert.equal(equalityFallback(blankNode('b'), blankNode('b')), true);
  });

  describe('through the engine', () => {
    const engine = new SparqlEngine(RdfStore.createDefault(), { unionDefaultGraph: false });
    async function answers(expression: string): Promise<string> {
      const out = await engine.execute({
        query: `SELECT ?r WHERE { BIND(${expression} AS ?r) }`,
        mediaType: 'application/sparql-results+json',
      });
      const b = (JSON.parse(out.body) as { results: { bindings: Array<{ r?: { value: string } }> } }).results.bindings[0];
      return b.r?.value ?? 'error';
    }

    it('an ill-typed literal equals itself (RDFterm-equal), and differs from a tagged one', async () => {
      assert.equal(
        await answers('"xyz"^^<http://www.w3.org/2001/XMLSchema#integer> = "xyz"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        'true',
      );
      assert.equal(
        await answers('"xyz"^^<http://www.w3.org/2001/XMLSchema#integer> != "xyz"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        'false',
      );
      assert.equal(await answers('"xyz"@en != "xyz"^^<http://www.w3.org/2001/XMLSchema#integer>'), 'true');
      assert.equal(await answers('"xyz"@en = "xyz"^^<urn:unknown>'), 'false');
      assert.equal(await answers('"xyz"@en IN ("xyz"^^<urn:unknown>, "xyz"@en)'), 'true');
    });

    it('leaves what SPARQL leaves an error, and what it decides, alone', async () => {
      assert.equal(await answers('"a"^^<urn:t> = "b"^^<urn:t>'), 'error');
      assert.equal(await answers('"a"^^<urn:t> != "b"^^<urn:t>'), 'error');
      assert.equal(
        await answers('"NaN"^^<http://www.w3.org/2001/XMLSchema#double> = "NaN"^^<http://www.w3.org/2001/XMLSchema#double>'),
        'false',
      );
      assert.equal(await answers('1 = 1.0'), 'true');
      assert.equal(await answers('"abc"^^<http://www.w3.org/2001/XMLSchema#integer> < 3'), 'error');
    });
  });
});
