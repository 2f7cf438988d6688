// Judges one generated case: the endpoint's answer in every format it offers, read back, against the oracle's.
import type * as RDF from '@rdfjs/types';
import { compareResults, compareSolutions, compareSubset, compareVariables, csvRows } from '../w3c/compare';
import { parseResults, Results, Row } from '../w3c/results';
import type { Endpoint } from './endpoint';
import { correctOracle, oracleQuery } from './corrections';
import { KNOWN, KNOWN_ERRORS } from './known';
import type { Oracle } from './oracle';
import { orderViolation, sliceViolation } from './order';
import type { Case } from './queries';

export const RESULT_FORMATS = [
  'application/sparql-results+json',
  'application/sparql-results+xml',
  'text/tab-separated-values',
  'text/csv',
];
export const GRAPH_FORMATS = [
  'text/turtle',
  'application/n-triples',
  'application/ld+json',
  'application/rdf+xml',
  'application/trig',
  'application/n-quads',
];

/** Answers larger than this are skipped: generated joins can multiply, and comparing them proves little more. */
const MAX_ANSWER = 1500;

export type Verdict =
  | { kind: 'agree' }
  | { kind: 'known'; category: string }
  | { kind: 'disagree'; format: string; reason: string }
  | { kind: 'skipped'; reason: string };

export interface CaseOutcome {
  case: Case;
  verdict: Verdict;
}

const BASE = 'http://example.org/';

export async function checkCase(c: Case, endpoint: Endpoint, oracle: Oracle): Promise<CaseOutcome> {
  const out = (verdict: Verdict): CaseOutcome => ({ case: c, verdict });
  let expected: Expected;
  const known = new Set<string>();
  try {
    const answer = await expectedAnswer(c, oracle);
    const corrected = correctOracle(c, answer.main, answer.csv);
    expected = { ...answer, main: corrected.expected, csv: corrected.csv };
    if (corrected.correction) known.add(corrected.correction);
  } catch (e) {
    // The oracle refuses the query: the endpoint must refuse it too (both read SPARQL 1.1's grammar).
    const res = await endpoint.query(c.text, c.form === 'SELECT' || c.form === 'ASK' ? RESULT_FORMATS[0] : GRAPH_FORMATS[0]);
    return out(
      res.status === 400
        ? { kind: 'skipped', reason: 'both refuse the query' }
        : { kind: 'disagree', format: 'any', reason: `the oracle refuses the query (${firstLine(e)}), the endpoint answers ${res.status}` },
    );
  }
  const size =
    expected.main.kind === 'bindings' ? expected.main.rows.length : expected.main.kind === 'graph' ? expected.main.quads.length : 0;
  if (size > MAX_ANSWER) return out({ kind: 'skipped', reason: `answer of ${size}` });
  const formats = c.form === 'SELECT' || c.form === 'ASK' ? RESULT_FORMATS : GRAPH_FORMATS;
  for (const mediaType of formats) {
    const res = await endpoint.query(c.text, mediaType);
    const refusal = res.status === 200 ? undefined : KNOWN_ERRORS.find((k) => k.matches(res.status, res.body));
    if (refusal) return out({ kind: 'known', category: refusal.name });
    if (res.status !== 200) return out({ kind: 'disagree', format: mediaType, reason: `status ${res.status}: ${res.body.slice(0, 300)}` });
    let actual: Results;
    try {
      actual = await parseResults(res.body, mediaType, BASE);
    } catch (e) {
      return out({ kind: 'disagree', format: mediaType, reason: `the body does not parse back: ${firstLine(e)}` });
    }
    const want = mediaType === 'text/csv' && expected.csv ? expected.csv : expected.main;
    const reason = judge(c, want, actual);
    // Counted only where the oracle's own answer would have disagreed.
    if (!reason && mediaType === formats[0] && expected.uncorrected && judge(c, expected.uncorrected, actual))
      for (const k of expected.corrections ?? []) known.add(k);
    if (!reason) continue;
    const categories = explainedBy(c, want, actual);
    if (!categories) return out({ kind: 'disagree', format: mediaType, reason });
    for (const name of categories) known.add(name);
  }
  return out(known.size ? { kind: 'known', category: [...known].join(', ') } : { kind: 'agree' });
}

interface Expected {
  main: Results;
  csv?: Results;
  /** The oracle's own answer, where oracleQuery changed the query, and what it changed. */
  uncorrected?: Results;
  corrections?: string[];
}

async function expectedAnswer(c: Case, oracle: Oracle): Promise<Expected> {
  const { text: query, corrections } = oracleQuery(c.oracle);
  const graph = c.form === 'CONSTRUCT' || c.form === 'DESCRIBE';
  const read = (q: string) =>
    graph
      ? parseResults(oracle.answer(q, 'nt'), 'application/n-triples', BASE)
      : parseResults(oracle.answer(q, 'json'), 'application/sparql-results+json', BASE);
  const main = await read(query);
  const uncorrected = query === c.oracle ? undefined : await read(c.oracle);
  if (graph || c.form === 'ASK') return { main, uncorrected, corrections };
  return { main, uncorrected, corrections, csv: await parseResults(oracle.answer(query, 'csv'), 'text/csv', BASE) };
}

/** The known differences that account for a disagreement: one alone if one does, else all that apply together. */
function explainedBy(c: Case, expected: Results, actual: Results): string[] | undefined {
  for (const k of KNOWN) {
    const pair = k.reconcile(c, expected, actual);
    if (pair && !judge(c, ...pair)) return [k.name];
  }
  let pair: [Results, Results] = [expected, actual];
  const used: string[] = [];
  for (const k of KNOWN) {
    const next = k.reconcile(c, ...pair);
    if (next) {
      pair = next;
      used.push(k.name);
    }
  }
  return used.length > 1 && !judge(c, ...pair) ? used : undefined;
}

/** Undefined when `actual` is an answer the query allows, given the oracle's (unsliced) answer; else why not. */
export function judge(c: Case, expected: Results, actual: Results): string | undefined {
  if (expected.kind === 'boolean') {
    const got = askValue(actual);
    return got === expected.value ? undefined : `expected ${expected.value}, got ${got ?? `a ${actual.kind} result`}`;
  }
  if (expected.kind === 'graph') {
    if (actual.kind !== 'graph') return `expected a graph, got ${actual.kind}`;
    // A graph is a set: the oracle writes a triple once per solution that builds it.
    return compareResults(
      { kind: 'graph', quads: distinctTriples(expected.quads) },
      { kind: 'graph', quads: distinctTriples(actual.quads) },
      { order: 'none' },
    );
  }
  const solutions = (r: Results): { vars: string[]; rows: Row[] } | undefined =>
    r.kind === 'bindings'
      ? { vars: r.variables, rows: r.rows }
      : r.kind === 'csv'
        ? { vars: r.variables, rows: csvRows(r.rows) }
        : undefined;
  const want = solutions(expected)!;
  const got = solutions(actual);
  if (!got || expected.kind !== actual.kind) return `expected ${expected.kind} results, got ${actual.kind}`;
  const mismatch = compareVariables(want.vars, got.vars);
  if (mismatch) return mismatch;
  // CSV keeps no types and writes unbound and "" alike, so order is checked in the other formats only.
  const order = expected.kind === 'csv' ? undefined : c.order;
  if (!c.slice) {
    return (
      compareSolutions(want.rows, got.rows, { order: 'none', lax: c.reduced }) ?? (order ? orderViolation(got.rows, order) : undefined)
    );
  }
  const { offset, limit } = c.slice;
  const rest = Math.max(0, want.rows.length - offset);
  return (
    compareSubset(want.rows, got.rows, limit === undefined ? rest : Math.min(limit, rest)) ??
    (order ? (orderViolation(got.rows, order) ?? sliceViolation(want.rows, got.rows, offset, order)) : undefined)
  );
}

/**
 * ASK in any format: JSON and XML booleans; CSV and TSV follow Apache Jena, one `_askResult` column with one row
 * (docs/endpoint.md, "ASK in CSV and TSV").
 */
function askValue(r: Results): boolean | undefined {
  if (r.kind === 'boolean') return r.value;
  if ((r.kind === 'csv' || r.kind === 'bindings') && r.variables.join() === '_askResult' && r.rows.length === 1) {
    const v = r.rows[0].get('_askResult');
    const text = typeof v === 'string' ? v : v?.value;
    return text === 'true' ? true : text === 'false' ? false : undefined;
  }
  return undefined;
}

function distinctTriples(quads: readonly RDF.Quad[]): RDF.Quad[] {
  const seen = new Set<string>();
  const key = (t: RDF.Term) =>
    t.termType === 'Literal' ? JSON.stringify([t.value, t.language, t.datatype.value]) : `${t.termType}:${t.value}`;
  return quads.filter((q) => {
    const k = `${key(q.subject)} ${key(q.predicate)} ${key(q.object)} ${key(q.graph)}`;
    return !seen.has(k) && Boolean(seen.add(k));
  });
}

function firstLine(e: unknown): string {
  return String((e as Error).message ?? e)
    .split('\n')[0]
    .slice(0, 200);
}
