// A linear lexical guard run before any parser: refuses queries nested deeper than a limit, with the position.
// sparqljs takes time quadratic (or worse) in nesting depth (10,000 nested `{` ran for over 10 minutes), and
// Comunica's algebra translation recurses per level, so depth is bounded before the text reaches either.

export interface NestingProblem {
  depth: number;
  line: number;
  column: number;
}

/**
 * Returns where the text first goes deeper than `max` nested brackets (`{`, `(`, `[` together), or undefined.
 * Strings, IRIs and comments are skipped, so brackets inside them do not count. Unbalanced closers are the
 * parser's business; this only measures depth.
 */
export function findExcessNesting(text: string, max: number): NestingProblem | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (c === 35) {
      // '#': comment to end of line
      while (i + 1 < n && text.charCodeAt(i + 1) !== 10) i++;
      continue;
    }
    if (c === 34 || c === 39) {
      // '"' or "'": short or long string
      const q = text[i];
      const long = text.startsWith(q.repeat(3), i);
      const close = long ? q.repeat(3) : q;
      let j = i + close.length;
      while (j < n && !text.startsWith(close, j)) {
        if (text.charCodeAt(j) === 92)
          j++; // backslash escape
        else if (text.charCodeAt(j) === 10) {
          line++;
          lineStart = j + 1;
        }
        j++;
      }
      i = Math.min(n, j + close.length) - 1;
      continue;
    }
    if (c === 60) {
      // '<': an IRI if it closes before any character an IRIREF cannot hold; else an operator
      const m = IRI.exec(text.slice(i, i + 4096));
      if (m) i += m[0].length - 1;
      continue;
    }
    if (c === 123 || c === 40 || c === 91) {
      if (++depth > max) return { depth, line, column: i - lineStart + 1 };
    } else if (c === 125 || c === 41 || c === 93) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

const IRI = /^<[^<>"{}|^`\\\u0000-\u0020]*>/;
