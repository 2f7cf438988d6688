// The streaming RDF/XML writer: what it writes reads back as the same graph; what RDF/XML cannot say is refused.
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { rdfXmlChunks, RdfXmlError } from '../../src/rdf/rdfxml';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';

const { namedNode, literal, blankNode, quad } = DataFactory;
const ex = (s: string) => namedNode(`http://example.org/${s}`);

describe('rdf/rdfxml', () => {
  it('writes text, languages, datatypes, blank nodes and undeclared namespaces so that they read back unchanged', async () => {
    const b = blankNode('b1');
    const triples = [
      quad(ex('s'), ex('ns#text'), literal('a < b & c > "d"\nline two\r\nend')),
      quad(ex('s'), namedNode('http://purl.org/dc/terms/title'), literal('Душанбе', 'tg')),
      quad(ex('s'), ex('ns#count'), literal('3', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
      quad(ex('s'), ex('ns#link'), b),
      quad(b, ex('other/name'), literal('inner')),
      quad(b, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ex('ns#Thing')),
      quad(ex('s?q=1&x=2'), ex('ns#text'), literal('iri with & in it')),
    ];
    const text = [...rdfXmlChunks(triples, { dcterms: 'http://purl.org/dc/terms/' })].join('');
    assert.match(text, /xmlns:dcterms="http:\/\/purl.org\/dc\/terms\/"/);
    const back = await parseRdf(text, { format: findFormat('rdf')!, baseIri: 'http://example.org/', file: 'x.rdf' });
    assert.ok(isomorphic(back, triples), text);
  });

  it('refuses a predicate that has no XML local name, and text XML cannot carry', () => {
    assert.throws(() => [...rdfXmlChunks([quad(ex('s'), ex('p/'), literal('v'))])], RdfXmlError);
    assert.throws(() => [...rdfXmlChunks([quad(ex('s'), ex('p'), literal('bell \u0007'))])], /XML 1.0 cannot carry/);
  });
});
