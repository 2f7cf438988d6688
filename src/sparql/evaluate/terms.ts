// What the index evaluator knows of terms: literal kinds and values, SPARQL's term order (§15.1), SPARQL JSON cells.
import type * as RDF from '@rdfjs/types';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const XSD_STRING = `${XSD}string`;
export const XSD_INTEGER = `${XSD}integer`;
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** The evaluator met a case whose exact semantics it does not implement: the engine answers the query instead. */
export class Fallback extends Error {}

/** What a literal is, for comparisons and string functions; 'other' is anything the evaluator does not interpret. */
export type LiteralKind = 'string' | 'lang' | 'numeric' | 'boolean' | 'dateTime' | 'date' | 'other';

const NUMERIC = new Set([`${XSD}integer`, `${XSD}decimal`, `${XSD}double`, `${XSD}float`]);

export function literalKind(t: RDF.Literal): LiteralKind {
  if (t.language) return 'lang';
  const dt = t.datatype.value;
  if (dt === XSD_STRING) return 'string';
  if (NUMERIC.has(dt)) return 'numeric';
  if (dt === `${XSD}boolean`) return 'boolean';
  if (dt === `${XSD}dateTime`) return 'dateTime';
  if (dt === `${XSD}date`) return 'date';
  return 'other';
}

/** A simple literal, xsd:string or a language-tagged string: what the string functions take. */
export function isStringLiteral(t: RDF.Term): t is RDF.Literal {
  if (t.termType !== 'Literal') return false;
  const k = literalKind(t);
  return k === 'string' || k === 'lang';
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DOUBLE = /^[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)$|^NaN$/;

/**
 * The value of a numeric literal. An ill-typed one, or one whose digits a double cannot hold exactly (more than 15),
 * is left to the engine: its comparisons follow rules (RDFterm-equal, exact decimals) this evaluator does not copy.
 */
export function numericValue(t: RDF.Literal): number {
  const dt = t.datatype.value;
  const v = t.value;
  if (dt === `${XSD}integer` || dt === `${XSD}decimal`) {
    if (!(dt === `${XSD}integer` ? INTEGER : DECIMAL).test(v) || v.replace(/[^0-9]/g, '').replace(/^0+/, '').length > 15)
      throw new Fallback();
    return Number(v);
  }
  if (!DOUBLE.test(v)) throw new Fallback();
  const n = v.endsWith('INF') ? (v.startsWith('-') ? -Infinity : Infinity) : Number(v);
  return dt === `${XSD}float` ? Math.fround(n) : n;
}

export function booleanValue(t: RDF.Literal): boolean {
  const v = t.value;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new Fallback();
}

const DATE_TIME = /^(-?\d{4,})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d(?:\.\d+)?))?(Z|[+-]\d\d:\d\d)?$/;

/** A dateTime or date as [milliseconds, has a timezone]; values without a timezone are read as UTC (compared only among themselves). */
function instant(t: RDF.Literal, kind: 'dateTime' | 'date'): [number, boolean] {
  const m = DATE_TIME.exec(t.value);
  if (!m || (kind === 'dateTime') !== (m[4] !== undefined) || m[1].length > 4) throw new Fallback();
  const [, y, mo, d, h = '00', mi = '00', s = '00', tz] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), 0) + Number(s) * 1000;
  if (Number(y) < 100) throw new Fallback(); // Date.UTC maps years 0-99 to 1900-1999
  if (tz && tz !== 'Z') ms -= (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60000;
  return [ms, tz !== undefined];
}

/** Code point order of two strings (UTF-16 code unit order differs above the surrogates). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * The value comparison of two literals of one kind that SPARQL's operators define (<, =: numbers, strings,
 * booleans, dateTimes), or undefined when they are of kinds the operators do not compare (a type error).
 */
export function compareValues(a: RDF.Literal, b: RDF.Literal): number | undefined {
  const ka = literalKind(a);
  const kb = literalKind(b);
  if (ka !== kb) return undefined;
  switch (ka) {
    case 'numeric': {
      const x = numericValue(a);
      const y = numericValue(b);
      if (Number.isNaN(x) || Number.isNaN(y)) throw new Fallback();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'string':
      return compareStrings(a.value, b.value);
    case 'boolean':
      return Number(booleanValue(a)) - Number(booleanValue(b));
    case 'dateTime':
    case 'date': {
      const [x, zx] = instant(a, ka);
      const [y, zy] = instant(b, ka);
      // With and without a timezone, XSD leaves the order open within 14 hours: the engine decides.
      if (zx !== zy) throw new Fallback();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default:
      return undefined;
  }
}

const KIND_RANK: Record<LiteralKind, number> = { numeric: 0, string: 1, boolean: 2, dateTime: 3, date: 4, lang: 5, other: 6 };

/** What ORDER BY compares of a term, read once per term rather than at every comparison of a sort. */
export interface OrderKey {
  rank: number;
  kind: number;
  /** Numbers, booleans (0, 1) and instants by value. */
  num: number;
  /** Strings by value; IRIs and blank nodes by their text. */
  str: string;
  /** Whether a dateTime or date has a timezone. */
  tz: boolean;
  /** Datatype, tag and lexical form: the order among literals of one kind that are equal by value. */
  tie: string;
}

/** The order key of a term (undefined: unbound). Throws Fallback for a value the engine must order (NaN, ill-typed). */
export function orderKey(t: RDF.Term | undefined): OrderKey {
  const key: OrderKey = { rank: rank(t), kind: 0, num: 0, str: '', tz: false, tie: '' };
  if (!t) return key;
  if (t.termType !== 'Literal') {
    key.str = t.value;
    return key;
  }
  const lit = t as RDF.Literal;
  const kind = literalKind(lit);
  key.kind = KIND_RANK[kind];
  key.tie = `${lit.datatype.value}\u0000${lit.language}\u0000${lit.value}`;
  switch (kind) {
    case 'numeric':
      key.num = numericValue(lit);
      if (Number.isNaN(key.num)) throw new Fallback();
      break;
    case 'string':
      key.str = lit.value;
      break;
    case 'boolean':
      key.num = Number(booleanValue(lit));
      break;
    case 'dateTime':
    case 'date':
      [key.num, key.tz] = instant(lit, kind);
      break;
  }
  return key;
}

/**
 * ORDER BY's order (SPARQL 1.1 §15.1): unbound, blank nodes, IRIs (by code point), literals; literals of one kind by
 * value, as `<` orders them. Where §15.1 leaves it open (literals of different kinds, tagged strings, other
 * datatypes) the order is fixed here by kind, then datatype, tag and lexical form, so that it is a total order.
 */
export function compareKeys(a: OrderKey, b: OrderKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank < 3) return compareStrings(a.str, b.str);
  if (a.kind !== b.kind) return a.kind - b.kind;
  if (a.kind === KIND_RANK.string) {
    const c = compareStrings(a.str, b.str);
    if (c !== 0) return c;
  } else if (a.kind <= KIND_RANK.date) {
    // With and without a timezone, XSD leaves the order open within 14 hours: the engine decides.
    if (a.tz !== b.tz) throw new Fallback();
    if (a.num !== b.num) return a.num < b.num ? -1 : 1;
    if (a.kind === KIND_RANK.numeric) return 0;
  }
  return compareStrings(a.tie, b.tie);
}

export function compareTerms(a: RDF.Term | undefined, b: RDF.Term | undefined): number {
  return compareKeys(orderKey(a), orderKey(b));
}

function rank(t: RDF.Term | undefined): number {
  if (!t) return 0;
  if (t.termType === 'BlankNode') return 1;
  if (t.termType === 'NamedNode') return 2;
  return 3;
}

/** A term as a SPARQL JSON results cell. */
export function termJson(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `{"type":"uri","value":${JSON.stringify(t.value)}}`;
    case 'BlankNode':
      return `{"type":"bnode","value":${JSON.stringify(t.value)}}`;
    case 'Literal': {
      const lit = t as RDF.Literal;
      if (lit.language) return `{"type":"literal","value":${JSON.stringify(lit.value)},"xml:lang":${JSON.stringify(lit.language)}}`;
      const dt = lit.datatype.value;
      return dt === XSD_STRING || dt === RDF_LANG_STRING
        ? `{"type":"literal","value":${JSON.stringify(lit.value)}}`
        : `{"type":"literal","value":${JSON.stringify(lit.value)},"datatype":${JSON.stringify(dt)}}`;
    }
    default:
      return `{"type":"literal","value":${JSON.stringify(t.value)}}`;
  }
}
