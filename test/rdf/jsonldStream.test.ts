// The streaming JSON-LD writer: compacted slices of any size make one document that expands to the same quads.
import { strict as assert } from 'node:assert';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { jsonLdChunks } from '../../src/rdf/jsonldStream';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';

const { namedNode, literal, blankNode, quad, defaultGraph } = DataFactory;
const ex = (s: string) => namedNode(`http://example.org/${s}`);
const context = {
  '@context': {
    ex: 'http://example.org/',
    name: { '@id': 'http://example.org/name' },
    knows: { '@id': 'http://example.org/knows', '@type': '@id' },
  },
};

async function text(quads: RDF.Quad[], sliceSize: number): Promise<string> {
  let out = '';
  for await (const c of jsonLdChunks(quads, { context: { object: context, url: 'http://example.org/context.jsonld' }, sliceSize }))
    out += c;
  return out;
}

describe('rdf/jsonldStream', () => {
  const g = ex('graph/one');
  const b = blankNode('x');
  // Graph by graph, subject by subject: the order the store reads them in.
  const quads: RDF.Quad[] = [
    quad(ex('a'), ex('name'), literal('A', 'en'), defaultGraph()),
    quad(ex('a'), ex('knows'), ex('b'), defaultGraph()),
    quad(ex('b'), ex('name'), literal('B'), defaultGraph()),
    quad(ex('c'), ex('name'), literal('C'), g),
    quad(ex('c'), ex('knows'), b, g),
    quad(b, ex('name'), literal('anonymous'), g),
    quad(ex('d'), ex('name'), literal('D'), ex('graph/two')),
  ];
  for (const size of [1, 2, 1000]) {
    it(`expands to the same quads with slices of ${size}`, async () => {
      const doc = await text(quads, size);
      const parsed = JSON.parse(doc);
      assert.equal(parsed['@context'], 'http://example.org/context.jsonld');
      assert.match(doc, /"name": "B"/);
      const back = await parseRdf(doc, {
        format: findFormat('jsonld')!,
        baseIri: 'http://example.org/',
        file: 'x.jsonld',
        contexts: new Map([['http://example.org/context.jsonld', context]]),
      });
      assert.ok(isomorphic(back, quads), doc);
    });
  }

  it('writes an empty dataset as an empty graph', async () => {
    assert.deepEqual(JSON.parse(await text([], 10))['@graph'], []);
  });
});
