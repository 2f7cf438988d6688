// Parsing every input format, resolving relative and placeholder IRIs, and reporting errors with positions.
import { strict as assert } from 'node:assert';
import { parseRdf, RdfParseError, BASE_PLACEHOLDER } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';

const base = 'http://example.org/';
const parse = (text: string, fmt: string, contexts?: Map<string, unknown>) =>
  parseRdf(text, { format: findFormat(fmt)!, baseIri: base, file: `f.${fmt}`, contexts });

describe('rdf/parse', () => {
  it('resolves relative IRIs in Turtle and TriG against the base', async () => {
    const q = await parse('<id/a> <def/p> <id/b> .', 'ttl');
    assert.equal(q[0].subject.value, 'http://example.org/id/a');
    const g = await parse('<graph/g> { <id/a> <def/p> "x"@en }', 'trig');
    assert.equal(g[0].graph.value, 'http://example.org/graph/g');
  });
  it('rewrites the placeholder base in N-Triples, N-Quads, JSON-LD and RDF/XML', async () => {
    const nt = await parse(`<${BASE_PLACEHOLDER}id/a> <http://x/p> <${BASE_PLACEHOLDER}id/b> .`, 'nt');
    assert.equal(nt[0].object.value, 'http://example.org/id/b');
    const jl = await parse(JSON.stringify({ '@id': `${BASE_PLACEHOLDER}id/a`, 'http://x/p': { '@id': 'id/c' } }), 'jsonld');
    assert.equal(jl[0].subject.value, 'http://example.org/id/a');
    assert.equal(jl[0].object.value, 'http://example.org/id/c');
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/"><rdf:Description rdf:about="${BASE_PLACEHOLDER}id/a"><x:p xml:lang="en">hi</x:p></rdf:Description></rdf:RDF>`;
    const rx = await parse(xml, 'rdf');
    assert.equal(rx[0].subject.value, 'http://example.org/id/a');
    assert.equal((rx[0].object as { language: string }).language, 'en');
  });
  // Found by the differential tests: jsonld.js canonicalised string doubles, so "1000"^^xsd:double came back as "1.0E3".
  it('keeps the lexical form of a JSON-LD string value typed xsd:double, and canonicalises JSON numbers', async () => {
    const double = 'http://www.w3.org/2001/XMLSchema#double';
    const q = await parse(
      JSON.stringify({
        '@id': 'id/a',
        'http://x/p': [{ '@value': '1000', '@type': double }, { '@value': 2.5 }],
        'http://x/q': { '@value': '1000' },
      }),
      'jsonld',
    );
    const objects = q.map((x) => [x.predicate.value, x.object.value, (x.object as { datatype: { value: string } }).datatype.value]).sort();
    assert.deepEqual(objects, [
      ['http://x/p', '1000', double],
      ['http://x/p', '2.5E0', double],
      ['http://x/q', '1000', 'http://www.w3.org/2001/XMLSchema#string'],
    ]);
  });
  it('reports a Turtle syntax error with file and line', async () => {
    await assert.rejects(parse('<id/a> <def/p> <id/b> .\n<id/a> <def/p> .\n', 'ttl'), (e: RdfParseError) => {
      assert.ok(e instanceof RdfParseError);
      assert.equal(e.file, 'f.ttl');
      assert.equal(e.line, 2);
      return true;
    });
  });
  it('reports invalid JSON with line and column', async () => {
    await assert.rejects(parse('{\n  "@id": "x",\n  oops\n}', 'jsonld'), (e: RdfParseError) => e.line === 3 && e.column !== undefined);
  });
  it('never fetches a remote JSON-LD context', async () => {
    await assert.rejects(
      parse(JSON.stringify({ '@context': 'https://schema.org/', '@id': 'id/a', name: 'x' }), 'jsonld'),
      /local contexts/,
    );
  });
  it('uses local contexts', async () => {
    const ctx = new Map([['http://example.org/ctx.jsonld', { '@context': { name: 'https://schema.org/name' } }]]);
    const q = await parse(JSON.stringify({ '@context': 'http://example.org/ctx.jsonld', '@id': 'id/a', name: 'x' }), 'jsonld', ctx);
    assert.equal(q[0].predicate.value, 'https://schema.org/name');
  });
  it('keeps blank nodes of different files apart', async () => {
    const a = await parse('{ "@id": "_:b0", "http://x/p": "1" }', 'jsonld');
    const b = await parse('{ "@id": "_:b0", "http://x/p": "2" }', 'jsonld');
    assert.notEqual(a[0].subject.value, b[0].subject.value);
  });
});
