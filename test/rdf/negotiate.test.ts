// Content negotiation: q-values, wildcards, aliases and the 406 case.
import { strict as assert } from 'node:assert';
import { negotiate } from '../../src/rdf/negotiate';
import { DOCUMENT_FORMATS, RDF_FORMATS, RESULT_FORMATS, findFormat, formatForFile } from '../../src/rdf/formats';

describe('rdf/negotiate', () => {
  it('gives the first offered format when Accept is missing or */*', () => {
    assert.equal(negotiate(undefined, DOCUMENT_FORMATS)?.name, 'ttl');
    assert.equal(negotiate('*/*', DOCUMENT_FORMATS)?.name, 'ttl');
  });
  it('honours q-values', () => {
    assert.equal(negotiate('text/turtle;q=0.5, application/ld+json', DOCUMENT_FORMATS)?.name, 'jsonld');
    assert.equal(negotiate('application/rdf+xml;q=0.9, application/n-triples;q=0.95', DOCUMENT_FORMATS)?.name, 'nt');
  });
  it('chooses HTML for a browser Accept header', () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
    assert.equal(negotiate(browser, DOCUMENT_FORMATS)?.name, 'html');
  });
  it('understands aliases and type wildcards', () => {
    assert.equal(negotiate('application/x-turtle', DOCUMENT_FORMATS)?.name, 'ttl');
    assert.equal(negotiate('text/*', RESULT_FORMATS)?.name, 'csv');
  });
  it('returns undefined when nothing fits', () => {
    assert.equal(negotiate('image/png', DOCUMENT_FORMATS), undefined);
    assert.equal(negotiate('text/turtle;q=0', DOCUMENT_FORMATS.slice(0, 1)), undefined);
  });
  it('answers a header again as the first time, per offer, also past the choices it remembers', () => {
    const headers = Array.from({ length: 600 }, (_, i) => `application/n-triples;q=0.${(i % 9) + 1}, text/turtle;q=0.5, x/y${i}`);
    const first = headers.map((h) => negotiate(h, DOCUMENT_FORMATS)?.name);
    assert.deepEqual(
      headers.map((h) => negotiate(h, DOCUMENT_FORMATS)?.name),
      first,
    );
    assert.ok(first.includes('nt') && first.includes('ttl'));
    // The same header against another offer is that offer's choice, not the first one's.
    assert.equal(negotiate('text/turtle, application/sparql-results+json;q=0.5', RDF_FORMATS)?.name, 'ttl');
    assert.equal(negotiate('text/turtle, application/sparql-results+json;q=0.5', RESULT_FORMATS)?.name, 'json');
    assert.equal(negotiate('image/png', DOCUMENT_FORMATS), undefined);
    assert.equal(negotiate('image/png', DOCUMENT_FORMATS), undefined);
  });
  it('finds formats by name, media type and file extension', () => {
    assert.equal(findFormat('ttl')?.mediaType, 'text/turtle');
    assert.equal(findFormat('application/n-quads; charset=utf-8')?.name, 'nq');
    assert.equal(formatForFile('x/y.trig')?.name, 'trig');
    assert.equal(formatForFile('x/y.json')?.name, 'jsonld');
    assert.equal(formatForFile('x/y.txt'), undefined);
  });
});
