// REGEX patterns (XPath regular expressions, SPARQL 1.1 §17.4.3.14) as JavaScript ones, for the subset both read alike.
import { Fallback } from './terms';

const METACHARS = new Set([...'\\|.?*+(){}[]^$-']);
/** Translated patterns, cleared when they pass 1,000 or 256k characters of pattern (a pattern can be as long as a query). */
const cache = new Map<string, XpathRegex>();
let cachedChars = 0;

/** A translated pattern, with what bounds its backtracking. */
export interface XpathRegex {
  re: RegExp;
  /** Quantifiers without a small upper bound (`*`, `+`, `{n,}`, `{n,m}` with m - n > 16). */
  unbounded: number;
  /** Choices each match attempt may go back on: `|`, `?`, bounded ranges. */
  branches: number;
  /** Whether a quantifier applies to a group. */
  quantifiedGroup: boolean;
  /** Whether every match must start at the string's start (`^` first, no top-level `|`, no m flag). */
  anchored: boolean;
}

/**
 * The JavaScript RegExp meaning what the XPath pattern and flags mean, or Fallback (the engine answers) for what this
 * translation does not cover: class escapes such as \d and \w (Unicode-wide in XPath, ASCII in JavaScript), \p{…},
 * class subtraction, the x and q flags, and groups that repeat something repeated (catastrophic backtracking, which
 * a query process could only end by its timeout).
 */
export function xpathRegex(pattern: string, flags: string): RegExp {
  return translate(pattern, flags).re;
}

/** Steps of backtracking allowed per unit of the evaluation's budget (see regexCost). */
const STEPS_PER_UNIT = 64;

/**
 * The work units a test of this pattern against a string of `length` may take at most, or undefined when the pattern
 * has no small bound (more than one unbounded quantifier, a repeated group, many choices): what the server's own
 * thread, which could not stop a slow match, accepts. With one unbounded quantifier a backtracking matcher tries
 * each extent from each start (length², or length when anchored at the start); each choice may double that.
 */
export function regexCost(pattern: string, flags: string): ((length: number) => number) | undefined {
  const t = translate(pattern, flags);
  if (t.unbounded > 1 || t.quantifiedGroup || t.branches > 6) return undefined;
  const factor = 2 ** t.branches;
  return t.unbounded && !t.anchored
    ? (n) => 1 + Math.floor((n * n * factor) / STEPS_PER_UNIT)
    : (n) => 1 + Math.floor((n * factor) / STEPS_PER_UNIT);
}

function translate(pattern: string, flags: string): XpathRegex {
  const key = `${flags}/${pattern}`;
  const known = cache.get(key);
  if (known) return known;
  if (!/^[ism]*$/.test(flags)) throw new Fallback();
  let out = '';
  let inClass = false;
  const groups: boolean[] = []; // per open group: whether it holds a quantifier or an alternation
  let unbounded = 0;
  let branches = 0;
  let quantifiedGroup = false;
  let topLevelChoice = false;
  /** Counts the quantifier at i, if any (`?` after a quantifier makes it lazy: no quantifier of its own). */
  const quantifier = (i: number) => {
    const q = pattern[i];
    if (q === '*' || q === '+') unbounded++;
    else if (q === '?' && !/[*+?}]/.test(pattern[i - 1] ?? '')) branches++;
    else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return;
      if (m[2] === undefined) return;
      if (m[3] === '' || Number(m[3]) - Number(m[1]) > 16) unbounded++;
      else branches += Number(m[3]) - Number(m[1]);
    }
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new Fallback();
      if (METACHARS.has(next)) out += `\\${next}`;
      else if (next === 'n' || next === 'r' || next === 't') out += `\\${next}`;
      else throw new Fallback();
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[') throw new Fallback(); // subtraction, or a literal bracket JavaScript reads differently
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        out += c;
        if (pattern[i + 1] === '^') out += pattern[++i];
        if (pattern[i + 1] === ']') throw new Fallback();
        break;
      case '(':
        if (pattern[i + 1] === '?') throw new Fallback();
        groups.push(false);
        out += c;
        break;
      case ')': {
        const quantified = groups.pop();
        if (quantified === undefined) throw new Fallback();
        // A repeated group that repeats or branches inside backtracks exponentially on a near miss: (a+)+, (a|a)*.
        if (quantified && /[*+?{]/.test(pattern[i + 1] ?? '')) throw new Fallback();
        if (/[*+?{]/.test(pattern[i + 1] ?? '')) quantifiedGroup = true;
        if (quantified && groups.length) groups[groups.length - 1] = true;
        out += c;
        break;
      }
      case '|':
        if (groups.length) groups[groups.length - 1] = true;
        else topLevelChoice = true;
        branches++;
        out += c;
        break;
      case '*':
      case '+':
      case '?':
      case '{':
        if (groups.length) groups[groups.length - 1] = true;
        quantifier(i);
        out += c;
        break;
      case '.':
        // XPath's . excludes only \n and \r without the s flag; JavaScript's also \u2028 and \u2029.
        out += flags.includes('s') ? '.' : '[^\\n\\r]';
        break;
      default:
        out += c;
    }
  }
  if (inClass || groups.length) throw new Fallback();
  let re: RegExp;
  try {
    re = new RegExp(out, `u${flags}`);
  } catch {
    throw new Fallback();
  }
  const anchored = pattern.startsWith('^') && !topLevelChoice && !flags.includes('m');
  const translated = { re, unbounded, branches, quantifiedGroup, anchored };
  if (cache.size >= 1000 || cachedChars + key.length > 1 << 18) {
    cache.clear();
    cachedChars = 0;
  }
  if (key.length <= 1 << 14) {
    cache.set(key, translated);
    cachedChars += key.length;
  }
  return translated;
}
