// Compares SPARQL results as the W3C tests mean them: multisets up to blank-node renaming, order only where asked, graphs by isomorphism.
import type * as RDF from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import type { Results, Row } from './results';

export interface CompareOptions {
  /**
   * Order constraint for solution sequences: 'none' compares multisets; 'strict' wants every position to match;
   * a list of variables compares in order of those keys, leaving solutions that tie on them in any order.
   */
  order: 'none' | 'strict' | readonly string[];
  /** mf:LaxCardinality (REDUCED): duplicates may be dropped or kept, so only the distinct solutions must agree. */
  lax?: boolean;
}

/** Undefined when `actual` matches `expected`; otherwise a one-line reason. */
export function compareResults(expected: Results, actual: Results, opts: CompareOptions): string | undefined {
  if (expected.kind !== actual.kind) return `expected a ${expected.kind} result, got ${actual.kind}`;
  switch (expected.kind) {
    case 'boolean': {
      const got = (actual as typeof expected).value;
      return got === expected.value ? undefined : `expected ${expected.value}, got ${got}`;
    }
    case 'graph': {
      const got = (actual as typeof expected).quads;
      return isomorphic(expected.quads, got)
        ? undefined
        : `graphs are not isomorphic (${expected.quads.length} expected triples, ${got.length} returned)${diffHint(expected.quads.map(quadKey), got.map(quadKey))}`;
    }
    case 'csv': {
      const got = actual as typeof expected;
      const mismatch = compareVariables(expected.variables, got.variables);
      if (mismatch) return mismatch;
      return compareSolutions(csvRows(expected.rows), csvRows(got.rows), opts);
    }
    case 'bindings': {
      const got = actual as typeof expected;
      const mismatch = compareVariables(expected.variables, got.variables);
      if (mismatch) return mismatch;
      return compareSolutions(expected.rows, got.rows, expected.ordered ? opts : { ...opts, order: 'none' });
    }
  }
}

export function compareVariables(expected: readonly string[], actual: readonly string[]): string | undefined {
  const a = [...expected].sort().join(' ');
  const b = [...actual].sort().join(' ');
  return a === b ? undefined : `expected variables (${a}), got (${b})`;
}

/** Compares solution sequences; reports sizes and a sample of the rows that differ. */
export function compareSolutions(expected: readonly Row[], actual: readonly Row[], opts: CompareOptions): string | undefined {
  let exp = expected;
  let act = actual;
  if (opts.lax) {
    exp = distinct(expected);
    act = distinct(actual);
    if (actual.length > expected.length) return `expected at most ${expected.length} solutions (REDUCED), got ${actual.length}`;
  }
  const sizes = `${exp.length} expected solutions, ${act.length} returned`;
  if (exp.length !== act.length) return `${sizes}${diffHint(exp.map(rowKey), act.map(rowKey))}`;
  const groups = orderGroups(exp, opts.order);
  if (matchRows(exp, act, groups)) return undefined;
  const hint = diffHint(exp.map(rowKey), act.map(rowKey));
  if (hint) return `solutions differ (${sizes})${hint}`;
  return opts.order === 'none'
    ? `solutions differ only in blank-node structure (${sizes})`
    : `solutions are in the wrong order (ORDER BY ${Array.isArray(opts.order) ? opts.order.map((v) => `?${v}`).join(' ') : 'expression'})`;
}

/**
 * A slice (LIMIT/OFFSET): `actual` must hold `size` solutions and be a sub-multiset of `expected`, the unsliced answer,
 * under one blank-node bijection. Which part a slice keeps is fixed only by ORDER BY, and is checked apart from this.
 */
export function compareSubset(expected: readonly Row[], actual: readonly Row[], size: number): string | undefined {
  if (actual.length !== size) return `expected ${size} solutions (a slice of ${expected.length}), got ${actual.length}`;
  if (matchRows(expected, actual, new Array<number>(Math.max(expected.length, actual.length)).fill(0))) return undefined;
  const extra = diffHint(expected.map(rowKey), actual.map(rowKey)).replace(/; missing: [^;]*/, '');
  return `the ${size} solutions are not part of the unsliced answer (${expected.length} solutions)${extra}`;
}

/** CSV rows as solutions: each non-empty cell a term that only equals the same text (see csvTerm). */
export function csvRows(rows: ReadonlyArray<ReadonlyMap<string, string>>): Row[] {
  return rows.map((r) => new Map([...r].filter(([, v]) => v !== '').map(([k, v]) => [k, csvTerm(v)])));
}

/** For each expected position, the id of its tie group: the actual row at position i must match a row of group[i]. */
function orderGroups(rows: readonly Row[], order: CompareOptions['order']): number[] {
  if (order === 'none') return rows.map(() => 0);
  if (order === 'strict') return rows.map((_, i) => i);
  const keys = rows.map((r) => order.map((v) => (r.get(v) ? termKey(r.get(v)!) : '')).join('\u0000'));
  const groups: number[] = [];
  for (const [i, k] of keys.entries()) groups.push(i === 0 ? 0 : k === keys[i - 1] ? groups[i - 1] : groups[i - 1] + 1);
  return groups;
}

/**
 * Finds a pairing of actual with expected rows and one bijection between their blank-node labels under which every
 * paired row is equal (backtracking). Rows without blank nodes are interchangeable with their equals, so they never branch.
 */
function matchRows(expected: readonly Row[], actual: readonly Row[], groups: readonly number[]): boolean {
  const used = new Array<boolean>(expected.length).fill(false);
  const bySignature = new Map<string, number[]>();
  expected.forEach((r, j) => {
    const key = `${groups[j]}|${signature(r)}`;
    (bySignature.get(key) ?? bySignature.set(key, []).get(key)!).push(j);
  });
  const aToE = new Map<string, string>();
  const eToA = new Map<string, string>();
  // Ground rows first: they constrain nothing and settle quickly.
  const orderOfWork = actual.map((_, i) => i).sort((x, y) => Number(hasBlank(actual[x])) - Number(hasBlank(actual[y])));
  const step = (k: number): boolean => {
    if (k === orderOfWork.length) return true;
    const i = orderOfWork[k];
    const row = actual[i];
    const candidates = bySignature.get(`${groups[i]}|${signature(row)}`) ?? [];
    const ground = !hasBlank(row);
    for (const j of candidates) {
      if (used[j]) continue;
      const added: string[] = [];
      if (rowMatches(expected[j], row, aToE, eToA, added)) {
        used[j] = true;
        if (step(k + 1)) return true;
        used[j] = false;
      }
      for (const a of added) {
        eToA.delete(aToE.get(a)!);
        aToE.delete(a);
      }
      if (ground) return false;
    }
    return false;
  };
  return step(0);
}

function rowMatches(e: Row, a: Row, aToE: Map<string, string>, eToA: Map<string, string>, added: string[]): boolean {
  if (e.size !== a.size) return false;
  for (const [v, at] of a) {
    const et = e.get(v);
    if (!et) return false;
    if (at.termType === 'BlankNode' && et.termType === 'BlankNode') {
      const mapped = aToE.get(at.value);
      if (mapped === undefined) {
        if (eToA.has(et.value)) return false;
        aToE.set(at.value, et.value);
        eToA.set(et.value, at.value);
        added.push(at.value);
      } else if (mapped !== et.value) return false;
    } else if (!termEquals(et, at)) return false;
  }
  return true;
}

/**
 * RDF term equality: same kind, same lexical form, same datatype; language tags compare case-insensitively
 * (RDF 1.1 Concepts, 3.3). So "01"^^xsd:integer is not "1"^^xsd:integer.
 */
export function termEquals(a: RDF.Term, b: RDF.Term): boolean {
  if (a.termType !== b.termType || a.value !== b.value) return false;
  if (a.termType !== 'Literal') return true;
  const l = b as RDF.Literal;
  return a.language.toLowerCase() === l.language.toLowerCase() && a.datatype.value === l.datatype.value;
}

function termKey(t: RDF.Term): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language.toLowerCase()}^^${t.datatype.value}`;
  return t.termType === 'BlankNode' ? `_:${t.value}` : `<${t.value}>`;
}

/** A row with every blank node written as `_`: rows that can match have the same signature. */
function signature(r: Row): string {
  return [...r]
    .map(([v, t]) => `${v}=${t.termType === 'BlankNode' ? '_' : termKey(t)}`)
    .sort()
    .join(' ');
}

function rowKey(r: Row): string {
  return (
    [...r]
      .map(([v, t]) => `?${v}=${termKey(t)}`)
      .sort()
      .join(' ') || '(empty solution)'
  );
}

function quadKey(q: RDF.Quad): string {
  return [q.subject, q.predicate, q.object].map(termKey).join(' ');
}

function hasBlank(r: Row): boolean {
  for (const t of r.values()) if (t.termType === 'BlankNode') return true;
  return false;
}

function distinct(rows: readonly Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = rowKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** CSV cells: `_:x` is a blank node; every other cell is only a string, compared as text. */
function csvTerm(cell: string): RDF.Term {
  return (cell.startsWith('_:') ? { termType: 'BlankNode', value: cell.slice(2) } : csvLiteral(cell)) as RDF.Term;
}

function csvLiteral(cell: string): RDF.Literal {
  return { termType: 'Literal', value: cell, language: '', datatype: { termType: 'NamedNode', value: 'csv' } } as RDF.Literal;
}

/** Up to three rows only in expected and three only in actual, ignoring blank-node labels. */
function diffHint(expected: readonly string[], actual: readonly string[]): string {
  const strip = (s: string) => s.replace(/_:[^\s>"]+/g, '_:');
  const count = new Map<string, number>();
  for (const e of expected) count.set(strip(e), (count.get(strip(e)) ?? 0) + 1);
  const extra: string[] = [];
  for (const a of actual) {
    const k = strip(a);
    const n = count.get(k) ?? 0;
    if (n > 0) count.set(k, n - 1);
    else extra.push(a);
  }
  const missing = [...count].flatMap(([k, n]) => new Array<string>(n).fill(k));
  const show = (xs: string[]) => xs.slice(0, 3).join(' | ') + (xs.length > 3 ? ` | … (${xs.length} in all)` : '');
  return (missing.length ? `; missing: ${show(missing)}` : '') + (extra.length ? `; unexpected: ${show(extra)}` : '');
}
