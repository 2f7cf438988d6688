// The result comparison the W3C runner relies on: multisets, blank-node bijections, ORDER BY ties, term equality.
import * as assert from 'node:assert/strict';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { compareResults, compareSolutions, termEquals } from './compare';
import { parseResults, Results, Row } from './results';

const { namedNode, blankNode, literal, quad } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const row = (o: Record<string, RDF.Term>): Row => new Map(Object.entries(o));
const ex = (s: string) => namedNode(`http://ex/${s}`);
const same = (e: Row[], a: Row[], order: 'none' | 'strict' | string[] = 'none', lax = false) => compareSolutions(e, a, { order, lax });

describe('W3C result comparison', () => {
  it('compares solutions as multisets: order is free, multiplicity is not', () => {
    const a = row({ x: ex('a') });
    const b = row({ x: ex('b') });
    assert.equal(same([a, b, b], [b, a, b]), undefined);
    assert.match(same([a, b, b], [a, a, b])!, /missing.*ex\/b.*unexpected.*ex\/a/);
    assert.match(same([a, b], [a, b, b])!, /2 expected solutions, 3 returned/);
  });

  it('matches blank nodes by one consistent bijection across rows', () => {
    const e = [row({ x: blankNode('e1'), y: ex('a') }), row({ x: blankNode('e1'), y: ex('b') }), row({ x: blankNode('e2'), y: ex('c') })];
    const good = [row({ x: blankNode('z'), y: ex('b') }), row({ x: blankNode('w'), y: ex('c') }), row({ x: blankNode('z'), y: ex('a') })];
    assert.equal(same(e, good), undefined);
    // _:z must map to one label only: here a and c share a node that the expected answer keeps apart.
    const split = [row({ x: blankNode('z'), y: ex('a') }), row({ x: blankNode('w'), y: ex('b') }), row({ x: blankNode('z'), y: ex('c') })];
    assert.match(same(e, split)!, /blank-node structure/);
    // Two labels may not collapse onto one either.
    const merged = [row({ x: blankNode('z'), y: ex('a') }), row({ x: blankNode('z'), y: ex('b') }), row({ x: blankNode('z'), y: ex('c') })];
    assert.notEqual(same(e, merged), undefined);
  });

  it('keeps ORDER BY order between keys and lets ties come in any order', () => {
    const r = (x: string, y: string) => row({ x: literal(x), y: ex(y) });
    const expected = [r('1', 'a'), r('1', 'b'), r('2', 'c')];
    assert.equal(same(expected, [r('1', 'b'), r('1', 'a'), r('2', 'c')], ['x']), undefined);
    assert.match(same(expected, [r('2', 'c'), r('1', 'a'), r('1', 'b')], ['x'])!, /wrong order/);
    assert.notEqual(same(expected, [r('1', 'b'), r('1', 'a'), r('2', 'c')], 'strict'), undefined);
  });

  it('applies RDF term equality to literals: lexical form and datatype exact, language tag case-insensitive', () => {
    assert.equal(termEquals(literal('1', namedNode(`${XSD}integer`)), literal('01', namedNode(`${XSD}integer`))), false);
    assert.equal(termEquals(literal('1', namedNode(`${XSD}integer`)), literal('1', namedNode(`${XSD}decimal`))), false);
    assert.equal(termEquals(literal('abc', 'en-US'), literal('abc', 'en-us')), true);
    assert.equal(termEquals(literal('abc', 'en'), literal('abc')), false);
  });

  it('lets REDUCED (lax cardinality) drop duplicates but not distinct solutions', () => {
    const a = row({ x: ex('a') });
    const b = row({ x: ex('b') });
    assert.equal(same([a, a, b], [a, b], 'none', true), undefined);
    assert.equal(same([a, a, b], [a, a, b], 'none', true), undefined);
    assert.notEqual(same([a, a, b], [a], 'none', true), undefined);
  });

  it('compares graphs by isomorphism', () => {
    const g1: Results = { kind: 'graph', quads: [quad(blankNode('a'), ex('p'), blankNode('b')), quad(blankNode('b'), ex('p'), ex('o'))] };
    const g2: Results = { kind: 'graph', quads: [quad(blankNode('y'), ex('p'), ex('o')), quad(blankNode('x'), ex('p'), blankNode('y'))] };
    const g3: Results = { kind: 'graph', quads: [quad(blankNode('x'), ex('p'), blankNode('x')), quad(blankNode('x'), ex('p'), ex('o'))] };
    assert.equal(compareResults(g1, g2, { order: 'none' }), undefined);
    assert.match(compareResults(g1, g3, { order: 'none' })!, /not isomorphic/);
  });

  it('reads TSV terms, including solutions without variables', async () => {
    const tsv = await parseResults('?x\t?y\n<http://ex/a>\t"v"@en\n_:b\t4\n', 'tsv', 'urn:x:');
    assert.equal(tsv.kind, 'bindings');
    const rows = (tsv as { rows: Row[] }).rows;
    assert.equal(rows[0].get('y')!.equals(literal('v', 'en')), true);
    assert.equal(rows[1].get('x')!.termType, 'BlankNode');
    assert.equal(rows[1].get('y')!.equals(literal('4', namedNode(`${XSD}integer`))), true);
    const empty = await parseResults('\n\n', 'tsv', 'urn:x:');
    assert.deepEqual(
      (empty as { rows: Row[] }).rows.map((r) => r.size),
      [0],
    );
  });

  it('reads CSV with quoted fields and compares cells as text', async () => {
    const expected = await parseResults('x,y\r\n"a,b",_:n\r\n"say ""hi""",\r\n', 'csv', 'urn:x:');
    const actual = await parseResults('y,x\r\n_:m,"a,b"\r\n,"say ""hi"""\r\n', 'csv', 'urn:x:');
    assert.equal(compareResults(expected, actual, { order: 'none' }), undefined);
    const other = await parseResults('x,y\r\n"a,b",_:m\r\nsay hi,\r\n', 'csv', 'urn:x:');
    assert.notEqual(compareResults(expected, other, { order: 'none' }), undefined);
  });
});
