// Known, documented differences between the endpoint and the oracle: each makes the two answers comparable where it
// applies, and a disagreement that vanishes under them is counted in their categories instead of failing the run.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Results, Row } from '../w3c/results';
import type { Case } from './queries';
import { XSD } from './vocabulary';

export interface KnownDifference {
  name: string;
  /** The expected and actual answers made comparable, or undefined where this difference cannot be the cause. */
  reconcile: (c: Case, expected: Results, actual: Results) => [Results, Results] | undefined;
}

/**
 * Neither is wrong: how many digits a computed xsd:decimal keeps is up to the implementation (XPath F&O 3.1 §4.2
 * rounds an inexact decimal result to an implementation-defined precision; XSD 1.1 Part 2 §3.3.3 asks for at least
 * 16 digits). Comunica computes decimals as JavaScript numbers (AVG of 1, 2, 8 is "3.6666666666666665"), oxigraph
 * with 18 fractional digits ("3.666666666666666666"). Decimals are compared to 15 significant digits.
 */
export const DECIMAL_PRECISION: KnownDifference = {
  name: 'either: precision of computed decimals (XPath F&O 3.1 §4.2)',
  reconcile: (_c, e, a) => [rounded(e), rounded(a)],
};

/**
 * Underspecified (w3c/rdf-tests#39): an aggregate over a group where its expression is unbound or an error in some
 * rows. oxigraph makes the aggregate an error (unbound), reading §18.5.1's ListEval as keeping errors, even
 * COUNT(STR(?x)); Comunica leaves those rows out (SUM of nothing is 0, GROUP_CONCAT "", COUNT 0). Where the oracle's
 * answer has an aggregate unbound, that column is left out on both sides; everything else must still agree.
 */
export const AGGREGATE_OVER_ERRORS: KnownDifference = {
  name: 'either: aggregates over unbound or erroneous values (w3c/rdf-tests#39)',
  reconcile: (c, e, a) => {
    if (!c.aggregates || (e.kind !== 'bindings' && e.kind !== 'csv')) return undefined;
    const rows = e.rows as Array<ReadonlyMap<string, unknown>>;
    // A COUNT the oracle leaves unbound is the same reading: COUNT(STR(?x)) with ?x unbound counted errors into one.
    const columns = Object.keys(c.aggregates).filter((v) => rows.some((r) => !r.get(v)));
    return columns.length ? [drop(e, columns), drop(a, columns)] : undefined;
  },
};

/**
 * Ours, not fixed: `SELECT *` over a pattern with an empty `VALUES ?v { }` leaves ?v out of the head (Comunica; its
 * answer is empty either way). SPARQL 1.1 §18.2.1 counts the variables of VALUES as in scope.
 */
export const EMPTY_VALUES_HEAD: KnownDifference = {
  name: 'ours: SELECT * leaves out the variables of an empty VALUES (answer empty)',
  reconcile: (c, e, a) => {
    if ((e.kind !== 'bindings' && e.kind !== 'csv') || e.kind !== a.kind || e.rows.length || a.rows.length) return undefined;
    const empty = new Set(
      [...c.text.matchAll(/VALUES (\?\w+|\([^)]*\)) \{\s*\}/g)].flatMap((m) => [...m[1].matchAll(/\?(\w+)/g)].map((v) => v[1])),
    );
    const missing = e.variables.filter((v) => !a.variables.includes(v));
    return missing.length && missing.every((v) => empty.has(v)) ? [{ ...e, variables: a.variables }, a] : undefined;
  },
};

export const KNOWN: readonly KnownDifference[] = [DECIMAL_PRECISION, AGGREGATE_OVER_ERRORS, EMPTY_VALUES_HEAD];

/** A number's value as one spelling: decimals exactly (no float rounding), doubles as JavaScript writes them. */
export function numberKey(lexical: string, datatype: string): string {
  const v = lexical.trim();
  if (datatype === `${XSD}double` || datatype === `${XSD}float`) {
    if (v === 'INF' || v === '+INF') return 'INF';
    if (v === '-INF') return '-INF';
    const n = Number(v);
    return Number.isNaN(n) ? (v === 'NaN' ? 'NaN' : v) : String(n);
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(v);
  if (!m) return v;
  const whole = m[2].replace(/^0+/, '') || '0';
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const digits = fraction ? `${whole}.${fraction}` : whole;
  return digits === '0' || m[1] !== '-' ? digits : `-${digits}`;
}

/**
 * Decimals with more than 15 significant digits rounded to 15 and written canonically; every other term as it is,
 * so that a lexical form written differently (numericForms.ts) still fails.
 */
function rounded(r: Results): Results {
  const long = (v: string) => v.replace(/^[+-]?0*|\.|0+$/g, '').length > 15;
  const round = (v: string) => numberKey(String(Number(Number(v).toPrecision(15))), `${XSD}decimal`);
  const term = (t: RDF.Term): RDF.Term =>
    t.termType === 'Literal' && t.datatype.value === `${XSD}decimal` && long(t.value) ? DataFactory.literal(round(t.value), t.datatype) : t;
  const cell = (c: string) => (/^[+-]?\d*\.\d+$/.test(c) && long(c) ? round(c) : c);
  switch (r.kind) {
    case 'boolean':
      return r;
    case 'bindings':
      return { ...r, rows: r.rows.map((row): Row => new Map([...row].map(([k, t]) => [k, term(t)]))) };
    case 'csv':
      return { ...r, rows: r.rows.map((row) => new Map([...row].map(([k, c]) => [k, cell(c)]))) };
    case 'graph':
      return { ...r, quads: r.quads.map((q) => DataFactory.quad(q.subject, q.predicate, term(q.object) as RDF.Quad_Object, q.graph)) };
  }
}

/** The answer without those columns (a CSV cell of one is '', as for unbound). */
function drop(r: Results, columns: readonly string[]): Results {
  if (r.kind === 'bindings') return { ...r, rows: r.rows.map((row) => new Map([...row].filter(([k]) => !columns.includes(k)))) };
  if (r.kind === 'csv') return { ...r, rows: r.rows.map((row) => new Map([...row].map(([k, v]) => [k, columns.includes(k) ? '' : v]))) };
  return r;
}

/** A documented error of ours: the endpoint refuses a query that SPARQL answers. */
export interface KnownError {
  name: string;
  matches: (status: number, body: string) => boolean;
}

/**
 * Ours, not fixed: Comunica 5.4 runs OPTIONAL { … FILTER(e) } only as a bind join, which refuses an optional part
 * holding a BIND, an aggregate, an OPTIONAL or a MINUS. optionalFilter.ts moves the filter inside where that is
 * exact; where e reads a variable only the outer pattern binds it cannot, and the endpoint answers 400 ("none of the
 * configured actors were able to handle the join type optional").
 */
export const OPTIONAL_FILTER_REFUSED: KnownError = {
  name: 'ours: OPTIONAL { … BIND/aggregate … FILTER on an outer variable } refused (400)',
  matches: (status, body) => status === 400 && body.includes('none of the configured actors were able to handle the join type optional'),
};

export const KNOWN_ERRORS: readonly KnownError[] = [OPTIONAL_FILTER_REFUSED];
