import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { FORMATS } from '../../src/rdf/formats';
import { serializeQuads } from '../../src/rdf/serialize';

const { namedNode, literal, quad } = DataFactory;
const TURTLE = FORMATS.find((f) => f.name === 'ttl')!;

describe('rdf/serialize: Turtle declares only the prefixes it uses', () => {
  it('keeps the prefixes covering some IRI or datatype, whatever the namespace ends with', async () => {
    const body = await serializeQuads(
      [
        quad(namedNode('http://x.example/id/a'), namedNode('https://schema.org/name'), literal('A')),
        quad(namedNode('http://x.example/id/a'), namedNode('http://x.example/def#n'), literal('5', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
        quad(namedNode('http://x.example/id/a'), namedNode('http://x.example/vocabTerm'), namedNode('http://x.example/id/b')),
      ],
      TURTLE,
      {
        prefixes: {
          schema: 'https://schema.org/',
          def: 'http://x.example/def#',
          xsd: 'http://www.w3.org/2001/XMLSchema#',
          id: 'http://x.example/id/',
          vocab: 'http://x.example/vocab',
          skos: 'http://www.w3.org/2004/02/skos/core#',
          deep: 'http://x.example/id/a/',
        },
      },
    );
    const declared = [...body.matchAll(/@prefix (\w+):/g)].map((m) => m[1]).sort();
    assert.deepEqual(declared, ['def', 'id', 'schema', 'vocab', 'xsd']);
  });
});
