// Computed numbers in the forms XPath writes ("6", "1050", "1.0E6"); literals read from the data keep their own.
import * as assert from 'node:assert/strict';
import { DataFactory } from 'n3';
import { RdfStore } from 'rdf-stores';
import { SparqlEngine } from '../../../src/sparql/comunica/engine';
import { decimalLexical, doubleLexical } from '../../../src/sparql/comunica/numericForms';

const { namedNode, literal, quad } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('sparql/comunica/numericForms', () => {
  it('writes decimals in XSD 1.1 canonical form: no ".0" on whole values, no exponent', () => {
    assert.deepEqual([6, -3, 0, -0, 2.5, -0.25, 1e-7, 123456789012].map(decimalLexical), [
      '6',
      '-3',
      '0',
      '0',
      '2.5',
      '-0.25',
      '0.0000001',
      '123456789012',
    ]);
    assert.throws(() => decimalLexical(Number.NaN), RangeError);
  });

  it('writes doubles as XPath casts them to strings: plain decimals from 1E-6 up to 1E6, else mantissa and exponent', () => {
    assert.deepEqual([6, 1050, 0.2, -2.5, 999999, 0.000001].map(doubleLexical), ['6', '1050', '0.2', '-2.5', '999999', '0.000001']);
    assert.deepEqual([1e6, 1.5e-7, -3.21e10, 12345678].map(doubleLexical), ['1.0E6', '1.5E-7', '-3.21E10', '1.2345678E7']);
    assert.deepEqual([0, -0, Infinity, -Infinity, Number.NaN].map(doubleLexical), ['0', '-0', 'INF', '-INF', 'NaN']);
  });

  describe('through the engine', () => {
    const store = RdfStore.createDefault();
    const s = namedNode('http://ex/s');
    store.addQuad(quad(s, namedNode('http://ex/d'), literal('3.0', namedNode(`${XSD}decimal`))));
    store.addQuad(quad(s, namedNode('http://ex/f'), literal('3.0E0', namedNode(`${XSD}double`))));
    store.addQuad(quad(s, namedNode('http://ex/i'), literal('03', namedNode(`${XSD}integer`))));
    const engine = new SparqlEngine(store, { unionDefaultGraph: false });

    async function row(query: string): Promise<Record<string, string>> {
      const out = await engine.execute({ query, mediaType: 'application/sparql-results+json' });
      const b = (JSON.parse(out.body) as { results: { bindings: Array<Record<string, { value: string; datatype?: string }>> } }).results
        .bindings[0];
      return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, `${v.value}^^${(v.datatype ?? '').replace(XSD, '')}`]));
    }

    it('computes "6", not "6.0" or "6.0E0"', async () => {
      assert.deepEqual(
        await row('SELECT ((3.0 + 3) AS ?dec) ((3e0 + 3) AS ?dbl) ((7 / 2) AS ?div) (CEIL(2.5) AS ?ceil) ((3 + 3) AS ?int) WHERE {}'),
        { dec: '6^^decimal', dbl: '6^^double', div: '3.5^^decimal', ceil: '3^^decimal', int: '6^^integer' },
      );
    });

    it('keeps the lexical form of every literal read from the data, also when only passed along', async () => {
      assert.deepEqual(
        await row(
          'SELECT ?d ?f ?i (?d AS ?alias) (COALESCE(?f) AS ?kept) WHERE { ?s <http://ex/d> ?d ; <http://ex/f> ?f ; <http://ex/i> ?i }',
        ),
        { d: '3.0^^decimal', f: '3.0E0^^double', i: '03^^integer', alias: '3.0^^decimal', kept: '3.0E0^^double' },
      );
    });

    it('writes what it computed from the data in the computed form', async () => {
      assert.deepEqual(
        await row(
          'SELECT (?d + 0 AS ?d2) (?f * 1 AS ?f2) (-?i AS ?neg) WHERE { ?s <http://ex/d> ?d ; <http://ex/f> ?f ; <http://ex/i> ?i }',
        ),
        { d2: '3^^decimal', f2: '3^^double', neg: '-3^^integer' },
      );
    });
  });
});
