// REGEX patterns (XPath regular expressions, SPARQL 1.1 §17.4.3.14) as JavaScript ones, for the subset both read alike.
import { Fallback } from './terms';

const METACHARS = new Set([...'\\|.?*+(){}[]^$-']);
const cache = new Map<string, RegExp>();

/**
 * The JavaScript RegExp meaning what the XPath pattern and flags mean, or Fallback (the engine answers) for what this
 * translation does not cover: class escapes such as \d and \w (Unicode-wide in XPath, ASCII in JavaScript), \p{…},
 * class subtraction, the x and q flags, and groups that repeat something repeated (catastrophic backtracking, which
 * a query process could only end by its timeout).
 */
export function xpathRegex(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let re = cache.get(key);
  if (re) return re;
  if (!/^[ism]*$/.test(flags)) throw new Fallback();
  let out = '';
  let inClass = false;
  const groups: boolean[] = []; // per open group: whether it holds a quantifier or an alternation
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
        if (quantified && groups.length) groups[groups.length - 1] = true;
        out += c;
        break;
      }
      case '|':
        if (groups.length) groups[groups.length - 1] = true;
        out += c;
        break;
      case '*':
      case '+':
      case '?':
      case '{':
        if (groups.length) groups[groups.length - 1] = true;
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
  try {
    re = new RegExp(out, `u${flags}`);
  } catch {
    throw new Fallback();
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}
