// The part of the solution order ORDER BY fixes (SPARQL 1.1 §15.1), and checks of a sequence (and a slice) against it.
import type * as RDF from '@rdfjs/types';
import type { Row } from '../w3c/results';
import type { OrderKey } from './queries';
import { XSD } from './vocabulary';

const NUMERIC = new Set(['integer', 'decimal', 'double', 'float'].map((t) => `${XSD}${t}`));
const STRING = `${XSD}string`;
const RANK: Record<string, number> = { BlankNode: 1, NamedNode: 2, Literal: 3 };

/**
 * -1, 0 or 1 where §15.1 orders the two terms; undefined where it leaves their order to the engine. Fixed: unbound <
 * blank nodes < IRIs < literals; IRIs as simple literals; numbers by value; simple literals and xsd:strings by code
 * point; booleans; xsd:dateTimes when both or neither have a timezone. Open: two blank nodes (labels mean nothing
 * across engines), language-tagged strings, dates, custom datatypes, and literals of different kinds.
 */
export function compareTerms(a: RDF.Term | undefined, b: RDF.Term | undefined): number | undefined {
  if (!a || !b) return !a && !b ? 0 : !a ? -1 : 1;
  if (a.termType !== b.termType) return Math.sign(RANK[a.termType] - RANK[b.termType]);
  if (a.termType === 'BlankNode') return undefined;
  if (a.termType === 'NamedNode') return codepoints(a.value, b.value);
  const x = a as RDF.Literal;
  const y = b as RDF.Literal;
  if (x.value === y.value && x.datatype.value === y.datatype.value && x.language.toLowerCase() === y.language.toLowerCase()) return 0;
  if (x.language || y.language) return undefined;
  const dx = x.datatype.value;
  const dy = y.datatype.value;
  if (NUMERIC.has(dx) && NUMERIC.has(dy)) return Math.sign(Number(x.value) - Number(y.value));
  if (dx === STRING && dy === STRING) return codepoints(x.value, y.value);
  if (dx === `${XSD}boolean` && dy === dx)
    return Math.sign(Number(x.value === 'true' || x.value === '1') - Number(y.value === 'true' || y.value === '1'));
  if (dx === `${XSD}dateTime` && dy === dx && hasZone(x.value) === hasZone(y.value))
    return Math.sign(Date.parse(zoned(x.value)) - Date.parse(zoned(y.value)));
  return undefined;
}

/** Compares two solutions by the keys in turn; undefined as soon as one key's order is left open. */
export function compareRows(a: Row, b: Row, keys: readonly OrderKey[]): number | undefined {
  for (const k of keys) {
    const c = compareTerms(a.get(k.variable), b.get(k.variable));
    if (c === undefined) return undefined;
    if (c !== 0) return k.descending ? -c : c;
  }
  return 0;
}

/** A pair of solutions that ORDER BY says must come the other way round, or undefined. */
export function orderViolation(rows: readonly Row[], keys: readonly OrderKey[]): string | undefined {
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      if ((compareRows(rows[i], rows[j], keys) ?? 0) > 0)
        return `solution ${i + 1} (${show(rows[i], keys)}) comes before solution ${j + 1} (${show(rows[j], keys)}), against ORDER BY`;
    }
  }
  return undefined;
}

/**
 * A slice [offset, offset + window.length) of an ordered answer: no solution of the full answer that must come
 * before a kept one may be left out in its favour, and likewise after. Sound where the order is open (it then says nothing).
 */
export function sliceViolation(
  full: readonly Row[],
  window: readonly Row[],
  offset: number,
  keys: readonly OrderKey[],
): string | undefined {
  for (let i = 0; i < window.length; i++) {
    let before = 0;
    let after = 0;
    for (const x of full) {
      const c = compareRows(x, window[i], keys);
      if (c !== undefined && c < 0) before++;
      if (c !== undefined && c > 0) after++;
    }
    const position = offset + i;
    if (before > position) return `kept solution ${position + 1} (${show(window[i], keys)}) though ${before} solutions must precede it`;
    if (after > full.length - position - 1)
      return `kept solution ${position + 1} (${show(window[i], keys)}) though ${after} of ${full.length} solutions must follow it`;
  }
  return undefined;
}

function codepoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return Math.sign(x[i] - y[i]);
  return Math.sign(x.length - y.length);
}

function hasZone(v: string): boolean {
  return /(Z|[+-]\d\d:\d\d)$/.test(v);
}
function zoned(v: string): string {
  return hasZone(v) ? v : `${v}Z`;
}

function show(r: Row, keys: readonly OrderKey[]): string {
  return keys
    .map((k) => {
      const t = r.get(k.variable);
      return `?${k.variable}=${t ? (t.termType === 'Literal' ? JSON.stringify(t.value) : t.value) : 'unbound'}`;
    })
    .join(' ');
}
