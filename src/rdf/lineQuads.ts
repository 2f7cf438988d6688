// N-Triples and N-Quads read line by line straight into term keys (termKey.ts), without a term object per term.
// Only plain lines are read here (absolute IRIs without escapes, simple blank node labels, literals without escapes);
// every other line (escapes, triple terms, relative IRIs, comments after a statement, errors) goes to N3.js in runs of
// lines, so N3.js stays the reference for what is accepted and what an error says: test/rdf/lineQuads.test.ts checks
// this reader against it on the W3C N-Triples and N-Quads suites, the repository's data and generated records.

/** Receives each quad as four term keys (the default graph is ''); in the order of the text. */
export type KeySink = (s: string, p: string, o: string, g: string) => void;

/** Receives runs of lines this reader does not take, with the number of their first line, in the order of the text. */
export type LineFallback = (lines: string, firstLine: number) => void;

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const DOT = 46;
const COLON = 58;
const LT = 60;
const GT = 62;
const AT = 64;
const CARET = 94;
const UNDERSCORE = 95;
const DASH = 45;
const PLUS = 43;
const BACKSLASH = 92;

/** Characters N3.js refuses in an IRI, or that this reader leaves to it (the backslash of an escape). */
const notInIri = new Uint8Array(128);
for (let c = 0; c <= SPACE; c++) notInIri[c] = 1;
for (const ch of '<>"{}|^`\\') notInIri[ch.charCodeAt(0)] = 1;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLabelChar = (c: number) => isLetter(c) || isDigit(c) || c === UNDERSCORE || c === DASH;

/**
 * Reads N-Triples (`quads` false) or N-Quads `text`: plain lines become keys for `sink`, runs of other lines go to `fallback` (which
 * parses them with N3.js, throwing its error). `blankPrefix` is what N3.js puts before a blank node label ('b3_').
 * Returns false, having read nothing, for a text whose line breaks include a lone CR (N3.js counts those as lines).
 */
export function readLineQuads(text: string, quads: boolean, blankPrefix: string, sink: KeySink, fallback: LineFallback): boolean {
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return false;
  const reader = new LineReader(text, quads, `_:${blankPrefix}`);
  const end = text.length;
  let line = 1;
  /** Start offset and line of the run of lines waiting for N3.js. */
  let runFrom = -1;
  let runLine = 0;
  for (let start = 0; start < end; line++) {
    let next = text.indexOf('\n', start);
    if (next < 0) next = end;
    if (reader.line(start, next)) {
      if (runFrom >= 0) {
        fallback(text.slice(runFrom, start), runLine);
        runFrom = -1;
      }
      if (reader.s !== '') sink(reader.s, reader.p, reader.o, reader.g);
    } else if (runFrom < 0) {
      runFrom = start;
      runLine = line;
    }
    start = next + 1;
  }
  if (runFrom >= 0) fallback(text.slice(runFrom), runLine);
  return true;
}

/** Reads one line at a time; each term reader leaves its key in `key` and `at` after the term, or says it is not plain. */
class LineReader {
  at = 0;
  key = '';
  s = '';
  p = '';
  o = '';
  g = '';

  constructor(
    private readonly text: string,
    /** N-Quads: a graph may follow the object. */
    private readonly quads: boolean,
    private readonly blank: string,
  ) {}

  /** Reads the line from `start` to `next` (its LF or the end): true for a plain statement (keys in s, p, o, g) or a blank or comment line (s ''). */
  line(start: number, next: number): boolean {
    const text = this.text;
    this.at = start;
    this.s = '';
    this.spaces();
    const first = text.charCodeAt(this.at);
    // A blank or comment line: nothing to read (a CR here is the first half of CRLF).
    if (this.at >= next || first === CR || first === HASH) return true;
    if (!(first === LT ? this.iri() : first === UNDERSCORE && this.blankNode())) return false;
    const s = this.key;
    this.spaces();
    if (text.charCodeAt(this.at) !== LT || !this.iri()) return false;
    this.p = this.key;
    this.spaces();
    const c = text.charCodeAt(this.at);
    if (!(c === LT ? this.iri() : c === UNDERSCORE ? this.blankNode() : c === QUOTE && this.literal())) return false;
    this.o = this.key;
    this.spaces();
    const d = text.charCodeAt(this.at);
    this.g = '';
    if (d !== DOT) {
      if (!this.quads || !(d === LT ? this.iri() : d === UNDERSCORE && this.blankNode())) return false;
      this.g = this.key;
      this.spaces();
      if (text.charCodeAt(this.at) !== DOT) return false;
    }
    this.at++;
    this.spaces();
    if (this.at !== next && !(this.at === next - 1 && text.charCodeAt(this.at) === CR)) return false;
    this.s = s;
    return true;
  }

  private spaces(): void {
    let c = this.text.charCodeAt(this.at);
    while (c === SPACE || c === TAB) c = this.text.charCodeAt(++this.at);
  }

  /** An absolute IRI without escapes (N3.js resolves any other against the base). */
  private iri(): boolean {
    const text = this.text;
    let i = this.at + 1;
    if (!isLetter(text.charCodeAt(i))) return false;
    let c = text.charCodeAt(++i);
    while (isLetter(c) || isDigit(c) || c === PLUS || c === DASH || c === DOT) c = text.charCodeAt(++i);
    if (c !== COLON) return false;
    for (c = text.charCodeAt(++i); c !== GT; c = text.charCodeAt(++i)) {
      // NaN (the end of the text) fails too.
      if (!(c >= 128 || notInIri[c] === 0)) return false;
    }
    this.key = text.slice(this.at + 1, i);
    this.at = i + 1;
    return true;
  }

  /** A label of ASCII letters, digits, '_' and '-' (one with dots or other characters is left to N3.js). */
  private blankNode(): boolean {
    const text = this.text;
    if (text.charCodeAt(this.at + 1) !== COLON) return false;
    let i = this.at + 2;
    const first = text.charCodeAt(i);
    if (!(isLetter(first) || isDigit(first) || first === UNDERSCORE)) return false;
    do i++;
    while (isLabelChar(text.charCodeAt(i)));
    const next = text.charCodeAt(i);
    if (next !== SPACE && next !== TAB && next !== DOT) return false;
    this.key = this.blank + text.slice(this.at + 2, i);
    this.at = i;
    return true;
  }

  /** A literal without escapes; a language tag in lower case, the datatype xsd:string left out, as N3.js keys it. */
  private literal(): boolean {
    const text = this.text;
    const lexical = this.at;
    let i = lexical + 1;
    for (let c = text.charCodeAt(i); c !== QUOTE; c = text.charCodeAt(++i)) {
      if (c === BACKSLASH || c === LF || c === CR || i >= text.length) return false;
    }
    this.at = i + 1;
    const c = text.charCodeAt(this.at);
    if (c === AT) return this.language(lexical);
    if (c === CARET) {
      if (text.charCodeAt(this.at + 1) !== CARET || text.charCodeAt(this.at + 2) !== LT) return false;
      const quoted = text.slice(lexical, this.at);
      this.at += 2;
      // rdf:langString and rdf:dirLangString as datatypes are N3.js's to judge.
      if (!this.iri() || this.key.startsWith(RDF_NS)) return false;
      this.key = this.key === XSD_STRING ? quoted : `${quoted}^^${this.key}`;
      return true;
    }
    this.key = text.slice(lexical, this.at);
    return true;
  }

  /** The language tag after the literal starting at `lexical`: letters, then '-' and letters or digits. */
  private language(lexical: number): boolean {
    const text = this.text;
    let j = this.at + 1;
    let d = text.charCodeAt(j);
    if (!isLetter(d)) return false;
    let upper = false;
    let from = j;
    for (; isLetter(d); d = text.charCodeAt(++j)) upper ||= d <= 90;
    // Subtags of more than 8 characters are N3.js's to refuse.
    if (j - from > 8) return false;
    while (d === DASH) {
      d = text.charCodeAt(++j);
      // Also a base direction ("--ltr"): N3.js's.
      if (!(isLetter(d) || isDigit(d))) return false;
      for (from = j; isLetter(d) || isDigit(d); d = text.charCodeAt(++j)) upper ||= d >= 65 && d <= 90;
      if (j - from > 8) return false;
    }
    if (d !== SPACE && d !== TAB && d !== DOT) return false;
    const tag = text.slice(this.at + 1, j);
    // N3.js reads "@version" after a literal as a directive.
    if (tag.toLowerCase() === 'version') return false;
    this.key = upper ? `${text.slice(lexical, this.at)}@${tag.toLowerCase()}` : text.slice(lexical, j);
    this.at = j;
    return true;
  }
}
