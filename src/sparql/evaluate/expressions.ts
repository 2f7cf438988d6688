// FILTER and OPTIONAL conditions compiled to functions over a solution of term ids, for the operators whose SPARQL
// semantics the evaluator implements exactly; anything else leaves the query to the engine.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Operation } from '../syntax';
import { regexCost, xpathRegex } from './regex';
import { compareValues, Fallback, isStringLiteral, literalKind } from './terms';

/** A condition's value: true, false, or an error (which FILTER treats as false, §17.2). */
export const TRUE = 1;
export const FALSE = 0;
export const ERROR = -1;
export type Truth = 1 | 0 | -1;

/**
 * What compiled expressions read: the solution (term ids, -1 unbound) and the store's terms; `charge` counts work
 * against the evaluation's budget (a REGEX test on the server's thread), throwing past it.
 */
export type TermOf = ((id: number) => RDF.Term) & { charge?: (units: number) => void };

/** REGEX: any pattern the translation takes, those whose backtracking has a small bound (charged per test), or none. */
export type RegexPolicy = 'all' | 'bounded' | 'none';
export type Condition = (row: Int32Array, termOf: TermOf) => Truth;
type Value = (row: Int32Array, termOf: TermOf) => RDF.Term | undefined;

/** A compiled condition, the variables it reads, and for each a slot. */
export interface CompiledCondition {
  test: Condition;
  variables: Set<string>;
}

/** Compiles a condition, or returns undefined when it uses something not implemented here. */
export function compileCondition(
  expr: Operation,
  slot: (name: string) => number,
  regex: RegexPolicy = 'all',
): CompiledCondition | undefined {
  const variables = new Set<string>();
  try {
    return { test: condition(expr, slot, variables, regex), variables };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Unsupported extends Error {}

function args(expr: Operation): Operation[] {
  return (expr.args as Operation[] | undefined) ?? [];
}

function condition(expr: Operation, slot: (name: string) => number, vars: Set<string>, regex: RegexPolicy): Condition {
  if (expr.type !== 'expression' || expr.subType !== 'operator') throw new Unsupported();
  const op = String(expr.operator).toLowerCase();
  const a = args(expr);
  switch (op) {
    case '&&':
    case '||': {
      if (a.length !== 2) throw new Unsupported();
      const l = condition(a[0], slot, vars, regex);
      const r = condition(a[1], slot, vars, regex);
      // §17.2 truth tables: an error loses to a deciding operand.
      return op === '&&'
        ? (row, t) => {
            const x = l(row, t);
            if (x === FALSE) return FALSE;
            const y = r(row, t);
            if (y === FALSE) return FALSE;
            return x === TRUE && y === TRUE ? TRUE : ERROR;
          }
        : (row, t) => {
            const x = l(row, t);
            if (x === TRUE) return TRUE;
            const y = r(row, t);
            if (y === TRUE) return TRUE;
            return x === FALSE && y === FALSE ? FALSE : ERROR;
          };
    }
    case '!': {
      const c = condition(a[0], slot, vars, regex);
      return (row, t) => {
        const x = c(row, t);
        return x === ERROR ? ERROR : x === TRUE ? FALSE : TRUE;
      };
    }
    case 'bound': {
      const v = a[0];
      if (v?.type !== 'expression' || v.subType !== 'term' || (v.term as RDF.Term).termType !== 'Variable') throw new Unsupported();
      const name = (v.term as RDF.Term).value;
      vars.add(name);
      const i = slot(name);
      return (row) => (row[i] === -1 ? FALSE : TRUE);
    }
    case 'isiri':
    case 'isuri':
    case 'isblank':
    case 'isliteral': {
      const x = value(a[0], slot, vars);
      const type = op === 'isblank' ? 'BlankNode' : op === 'isliteral' ? 'Literal' : 'NamedNode';
      return (row, t) => {
        const v = x(row, t);
        return v === undefined ? ERROR : v.termType === type ? TRUE : FALSE;
      };
    }
    case 'contains':
    case 'strstarts':
    case 'strends': {
      if (a.length !== 2) throw new Unsupported();
      const x = value(a[0], slot, vars);
      const y = value(a[1], slot, vars);
      const test =
        op === 'contains'
          ? (s: string, p: string) => s.includes(p)
          : op === 'strstarts'
            ? (s: string, p: string) => s.startsWith(p)
            : (s: string, p: string) => s.endsWith(p);
      return (row, t) => {
        const s = x(row, t);
        const p = y(row, t);
        if (!s || !p || !compatible(s, p)) return ERROR;
        return test(s.value, p.value) ? TRUE : FALSE;
      };
    }
    case 'regex': {
      if (a.length !== 2 && a.length !== 3) throw new Unsupported();
      const pattern = constant(a[1]);
      const flags = a[2] ? constant(a[2]) : undefined;
      if (regex === 'none' || !isSimple(pattern) || (flags && !isSimple(flags))) throw new Unsupported();
      let re: RegExp;
      let cost: ((length: number) => number) | undefined;
      try {
        re = xpathRegex(pattern.value, flags?.value ?? '');
        cost = regexCost(pattern.value, flags?.value ?? '');
      } catch (e) {
        if (e instanceof Fallback) throw new Unsupported();
        throw e;
      }
      if (regex === 'bounded' && !cost) throw new Unsupported();
      const x = value(a[0], slot, vars);
      const bounded = regex === 'bounded';
      return (row, t) => {
        const s = x(row, t);
        if (!s || !isStringLiteral(s)) return ERROR;
        // Where a slow match could not be stopped, its worst case is paid for before it runs.
        if (bounded) {
          if (!t.charge) throw new Fallback();
          t.charge(cost!(s.value.length));
        }
        return re.test(s.value) ? TRUE : FALSE;
      };
    }
    case 'sameterm': {
      const x = value(a[0], slot, vars);
      const y = value(a[1], slot, vars);
      return (row, t) => {
        const l = x(row, t);
        const r = y(row, t);
        if (!l || !r) return ERROR;
        return l.equals(r) ? TRUE : FALSE;
      };
    }
    case '=':
    case '!=':
    case '<':
    case '>':
    case '<=':
    case '>=': {
      if (a.length !== 2) throw new Unsupported();
      const x = value(a[0], slot, vars);
      const y = value(a[1], slot, vars);
      const decide = verdict(op);
      const equality = op === '=' || op === '!=';
      return (row, t) => {
        const l = x(row, t);
        const r = y(row, t);
        if (!l || !r) return ERROR;
        const c = compare(l, r, equality);
        return c === undefined ? ERROR : decide(c) ? TRUE : FALSE;
      };
    }
    default:
      throw new Unsupported();
  }
}

function verdict(op: string): (c: number) => boolean {
  switch (op) {
    case '=':
      return (c) => c === 0;
    case '!=':
      return (c) => c !== 0;
    case '<':
      return (c) => c < 0;
    case '>':
      return (c) => c > 0;
    case '<=':
      return (c) => c <= 0;
    default:
      return (c) => c >= 0;
  }
}

/**
 * The comparison of two terms as SPARQL's operators make it, or undefined for a type error. `=` and `!=` also take
 * IRIs and blank nodes (RDFterm-equal: the same term or not). Where the engine's extensions decide instead (literals
 * of different kinds, tagged strings, unknown datatypes, ill-typed values), the query goes to the engine.
 */
function compare(l: RDF.Term, r: RDF.Term, equality: boolean): number | undefined {
  if (l.termType !== 'Literal' || r.termType !== 'Literal') {
    if (!equality) throw new Fallback();
    return l.equals(r) ? 0 : 1;
  }
  const byValue = compareValues(l as RDF.Literal, r as RDF.Literal);
  if (byValue !== undefined) return byValue;
  const kl = literalKind(l as RDF.Literal);
  const kr = literalKind(r as RDF.Literal);
  if (equality && kl === 'lang' && kr === 'lang' && l.equals(r)) return 0;
  throw new Fallback();
}

/** CONTAINS, STRSTARTS, STRENDS take two string literals whose tags agree, or an untagged second one (§17.4.3.1.1). */
function compatible(a: RDF.Term, b: RDF.Term): boolean {
  if (!isStringLiteral(a) || !isStringLiteral(b)) return false;
  const la = (a as RDF.Literal).language;
  const lb = (b as RDF.Literal).language;
  return !lb || la.toLowerCase() === lb.toLowerCase();
}

function isSimple(t: RDF.Term): boolean {
  return t.termType === 'Literal' && literalKind(t as RDF.Literal) === 'string';
}

function constant(expr: Operation): RDF.Term {
  if (expr?.type !== 'expression' || expr.subType !== 'term') throw new Unsupported();
  const term = expr.term as RDF.Term;
  if (term.termType === 'Variable') throw new Unsupported();
  return term;
}

/** A term-valued expression: a variable, a constant, STR, LCASE or UCASE of one; undefined is an error (or unbound). */
function value(expr: Operation, slot: (name: string) => number, vars: Set<string>): Value {
  if (expr?.type !== 'expression') throw new Unsupported();
  if (expr.subType === 'term') {
    const term = expr.term as RDF.Term;
    if (term.termType === 'Variable') {
      vars.add(term.value);
      const i = slot(term.value);
      return (row, t) => (row[i] === -1 ? undefined : t(row[i]));
    }
    if (term.termType !== 'NamedNode' && term.termType !== 'Literal') throw new Unsupported();
    return () => term;
  }
  if (expr.subType !== 'operator') throw new Unsupported();
  const op = String(expr.operator).toLowerCase();
  const a = args(expr);
  if (a.length !== 1) throw new Unsupported();
  const x = value(a[0], slot, vars);
  switch (op) {
    case 'str':
      return (row, t) => {
        const v = x(row, t);
        if (!v || v.termType === 'BlankNode') return undefined;
        return DataFactory.literal(v.value);
      };
    case 'lcase':
    case 'ucase':
      return (row, t) => {
        const v = x(row, t);
        if (!v || !isStringLiteral(v)) return undefined;
        const s = op === 'lcase' ? v.value.toLowerCase() : v.value.toUpperCase();
        return DataFactory.literal(s, (v as RDF.Literal).language || (v as RDF.Literal).datatype);
      };
    default:
      throw new Unsupported();
  }
}
