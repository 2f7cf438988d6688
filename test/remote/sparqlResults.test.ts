// What stores send, made standard, and written again in each results format (read back with the standard parsers).
import { strict as assert } from 'node:assert';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import { Readable } from 'node:stream';
import { bnodeLabel, normaliseResults, writeResults } from '../../src/remote/sparqlResults';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
// As Virtuoso 7.2.5 sends it (captured from the test store).
const VIRTUOSO = {
  head: { link: [], vars: ['s', 'o', 'b'] },
  results: {
    distinct: false,
    ordered: true,
    bindings: [
      {
        s: { type: 'bnode', value: 'nodeID://b10000' },
        o: { type: 'typed-literal', datatype: `${XSD}integer`, value: '7' },
        b: { type: 'typed-literal', datatype: `${XSD}boolean`, value: '1' },
      },
      { s: { type: 'uri', value: 'http://ex.org/a' }, o: { type: 'literal', 'xml:lang': 'en', value: 'a "quoted",\ttabbed\nline' } },
      { s: { type: 'uri', value: 'http://ex.org/b' }, o: { type: 'typed-literal', datatype: `${XSD}string`, value: 'plain' } },
    ],
  },
};

describe('remote/sparqlResults', () => {
  const res = normaliseResults(VIRTUOSO);

  it('makes typed-literal standard, drops xsd:string, gives booleans their canonical form and blank nodes writable labels', () => {
    const [a, b, c] = res.results!.bindings;
    assert.deepEqual(a.o, { type: 'literal', value: '7', datatype: `${XSD}integer` });
    assert.deepEqual(a.b, { type: 'literal', value: 'true', datatype: `${XSD}boolean` });
    assert.deepEqual(a.s, { type: 'bnode', value: 'b10000' });
    assert.deepEqual(c.o, { type: 'literal', value: 'plain' });
    assert.equal(b.o.type, 'literal');
    assert.deepEqual(res.head, { vars: ['s', 'o', 'b'] });
    assert.equal(bnodeLabel('_:x'), 'x');
    assert.equal(bnodeLabel('nodeID://-1'), 'b-1');
  });

  it('writes JSON and XML that the standard parsers read back to the same terms', async () => {
    const fromJson = new SparqlJsonParser().parseJsonResults(JSON.parse(writeResults(res, 'application/sparql-results+json')));
    const xml = writeResults(res, 'application/sparql-results+xml');
    const fromXml: Record<string, { termType: string; value: string }>[] = [];
    await new Promise<void>((resolve, reject) =>
      new SparqlXmlParser()
        .parseXmlResultsStream(Readable.from([xml]))
        .on('data', (b: Record<string, { termType: string; value: string }>) => fromXml.push(b))
        .on('error', reject)
        .on('end', () => resolve()),
    );
    assert.equal(fromJson.length, 3);
    assert.equal(fromXml.length, 3);
    const plain = (row: Record<string, { termType: string; value: string }>) =>
      Object.fromEntries(Object.entries(row).map(([k, t]) => [k.replace(/^\?/, ''), `${t.termType} ${t.value}`]));
    for (let i = 0; i < 3; i++) assert.deepEqual(plain(fromXml[i]), plain(fromJson[i] as never));
    assert.equal(plain(fromJson[1] as never).o, 'Literal a "quoted",\ttabbed\nline');
  });

  it('writes CSV with quoted fields and TSV with terms in Turtle syntax, escapes included', () => {
    const csv = writeResults(res, 'text/csv');
    assert.equal(csv.split('\r\n')[0], 's,o,b');
    assert.match(csv, /^http:\/\/ex\.org\/a,"a ""quoted"",\ttabbed\nline",\r$/m);
    const tsv = writeResults(res, 'text/tab-separated-values');
    assert.equal(tsv.split('\n')[0], '?s\t?o\t?b');
    assert.match(tsv, /^_:b10000\t"7"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#integer>\t"true"\^\^<.*boolean>$/m);
    assert.match(tsv, /^<http:\/\/ex\.org\/a>\t"a \\"quoted\\",\\ttabbed\\nline"@en\t$/m);
    assert.equal(writeResults(normaliseResults({ head: {}, boolean: true }), 'text/csv'), '_askResult\r\ntrue\r\n');
  });

  it('refuses an answer that is not SPARQL JSON', () => {
    assert.throws(() => normaliseResults({ error: 'x' }), /not SPARQL JSON results/);
  });
});
