// N-Triples and N-Quads read line by line from the file's bytes straight into term keys (termKey.ts) as UTF-8 byte
// spans: no string and no term object per term, and the text is never decoded (a 1M-quad file is ~200 MB).
// Only plain lines are read here (absolute IRIs without escapes, simple blank node labels, literals without escapes);
// every other line (escapes, triple terms, relative IRIs, comments after a statement, errors) goes to N3.js in runs of
// lines, so N3.js stays the reference for what is accepted and what an error says: test/rdf/lineQuads.test.ts checks
// this reader against it on the W3C N-Triples and N-Quads suites, the repository's data and generated records.

/**
 * Where the four term keys of a quad are, as UTF-8: key k is `bytes[k]` from `from[k]` to `to[k]` (the default graph
 * is empty). Valid only during the call it is given to: the spans point into the text or a scratch buffer.
 */
export interface KeySpans {
  readonly bytes: readonly Uint8Array[];
  readonly from: Int32Array;
  readonly to: Int32Array;
}

/** Receives each quad as the spans of its four term keys, in the order of the text. */
export type KeySink = (keys: KeySpans) => void;

/** Receives runs of lines this reader does not take, with the number of their first line, in the order of the text. */
export type LineFallback = (lines: string, firstLine: number) => void;

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

const ascii = (s: string) => Buffer.from(s, 'latin1');
const XSD_STRING = ascii('http://www.w3.org/2001/XMLSchema#string');
const RDF_NS = ascii('http://www.w3.org/1999/02/22-rdf-syntax-ns#');
const VERSION = ascii('version');

/** Bytes N3.js refuses in an IRI, or that this reader leaves to it (the backslash of an escape). */
const notInIri = new Uint8Array(128);
for (let c = 0; c <= SPACE; c++) notInIri[c] = 1;
for (const ch of '<>"{}|^`\\') notInIri[ch.charCodeAt(0)] = 1;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLabelChar = (c: number) => isLetter(c) || isDigit(c) || c === UNDERSCORE || c === DASH;

/**
 * Reads N-Triples (`quads` false) or N-Quads `text`, which must be UTF-8 (parseRdfEach refuses other bytes first):
 * plain lines become key spans for `sink`, runs of other lines go to `fallback` as text (it parses them with N3.js,
 * throwing its error). `blankPrefix` is what N3.js puts before a blank node label ('b3_'). Returns false, having read
 * nothing, for text whose line breaks include a lone CR (N3.js counts those as lines): N3.js is to read those whole.
 */
export function readLineQuads(text: Buffer, quads: boolean, blankPrefix: string, sink: KeySink, fallback: LineFallback): boolean {
  for (let cr = text.indexOf(CR); cr >= 0; cr = text.indexOf(CR, cr + 1)) if (text[cr + 1] !== LF) return false;
  const reader = new LineReader(text, quads, ascii(`_:${blankPrefix}`));
  const end = text.length;
  let line = 1;
  /** Start offset and line of the run of lines waiting for N3.js. */
  let runFrom = -1;
  let runLine = 0;
  for (let start = 0; start < end; line++) {
    let next = text.indexOf(LF, start);
    if (next < 0) next = end;
    if (reader.line(start, next)) {
      if (runFrom >= 0) {
        fallback(text.toString('utf8', runFrom, start), runLine);
        runFrom = -1;
      }
      if (reader.statement) sink(reader);
    } else if (runFrom < 0) {
      runFrom = start;
      runLine = line;
    }
    start = next + 1;
  }
  if (runFrom >= 0) fallback(text.toString('utf8', runFrom), runLine);
  return true;
}

/** Term positions in KeySpans. */
const S = 0;
const P = 1;
const O = 2;
const G = 3;

/**
 * Reads one line at a time; each term reader leaves the span of its key at its position (in the text, or in the
 * position's scratch buffer when the key is not written as such: a blank node's scoped label, a datatyped literal,
 * an upper-case language tag) and `at` after the term, or says it is not plain.
 */
class LineReader implements KeySpans {
  readonly bytes: Uint8Array[];
  readonly from = new Int32Array(4);
  readonly to = new Int32Array(4);
  at = 0;
  /** The line read is a statement (not a blank or comment line). */
  statement = false;
  private readonly scratch: Buffer[] = [0, 1, 2, 3].map(() => Buffer.alloc(256));

  constructor(
    private readonly text: Buffer,
    /** N-Quads: a graph may follow the object. */
    private readonly quads: boolean,
    /** `_:` and N3.js's prefix of blank node labels. */
    private readonly blank: Buffer,
  ) {
    this.bytes = [text, text, text, text];
  }

  /** Reads the line from `start` to `next` (its LF or the end): true for a plain statement or a blank or comment line. */
  line(start: number, next: number): boolean {
    const text = this.text;
    this.at = start;
    this.statement = false;
    this.spaces();
    const first = text[this.at];
    // A blank or comment line: nothing to read (a CR here is the first half of CRLF).
    if (this.at >= next || first === CR || first === HASH) return true;
    if (!(first === LT ? this.iri(S) : first === UNDERSCORE && this.blankNode(S))) return false;
    this.spaces();
    if (text[this.at] !== LT || !this.iri(P)) return false;
    this.spaces();
    const c = text[this.at];
    if (!(c === LT ? this.iri(O) : c === UNDERSCORE ? this.blankNode(O) : c === QUOTE && this.literal(O))) return false;
    this.spaces();
    const d = text[this.at];
    if (d !== DOT) {
      if (!this.quads || !(d === LT ? this.iri(G) : d === UNDERSCORE && this.blankNode(G))) return false;
      this.spaces();
      if (text[this.at] !== DOT) return false;
    } else this.span(G, text, 0, 0);
    this.at++;
    this.spaces();
    if (this.at !== next && !(this.at === next - 1 && text[this.at] === CR)) return false;
    this.statement = true;
    return true;
  }

  private span(k: number, bytes: Uint8Array, from: number, to: number): void {
    this.bytes[k] = bytes;
    this.from[k] = from;
    this.to[k] = to;
  }

  /** Position k's scratch buffer, at least `length` bytes long. */
  private room(k: number, length: number): Buffer {
    if (this.scratch[k].length < length) this.scratch[k] = Buffer.alloc(length * 2);
    return this.scratch[k];
  }

  private spaces(): void {
    let c = this.text[this.at];
    while (c === SPACE || c === TAB) c = this.text[++this.at];
  }

  /** An absolute IRI without escapes (N3.js resolves any other against the base). */
  private iri(k: number): boolean {
    const text = this.text;
    let i = this.at + 1;
    if (!isLetter(text[i])) return false;
    let c = text[++i];
    while (isLetter(c) || isDigit(c) || c === PLUS || c === DASH || c === DOT) c = text[++i];
    if (c !== COLON) return false;
    // Bytes of multi-byte characters are all ≥ 128, as those characters are; undefined (the end of the text) fails.
    for (c = text[++i]; c !== GT; c = text[++i]) if (!(c >= 128 || notInIri[c] === 0)) return false;
    this.span(k, text, this.at + 1, i);
    this.at = i + 1;
    return true;
  }

  /** A label of ASCII letters, digits, '_' and '-' (one with dots or other characters is left to N3.js). */
  private blankNode(k: number): boolean {
    const text = this.text;
    if (text[this.at + 1] !== COLON) return false;
    let i = this.at + 2;
    const first = text[i];
    if (!(isLetter(first) || isDigit(first) || first === UNDERSCORE)) return false;
    do i++;
    while (isLabelChar(text[i]));
    const next = text[i];
    if (next !== SPACE && next !== TAB && next !== DOT) return false;
    const label = i - this.at - 2;
    const out = this.room(k, this.blank.length + label);
    this.blank.copy(out, 0);
    text.copy(out, this.blank.length, this.at + 2, i);
    this.span(k, out, 0, this.blank.length + label);
    this.at = i;
    return true;
  }

  /** A literal without escapes; a language tag in lower case, the datatype xsd:string left out, as N3.js keys it. */
  private literal(k: number): boolean {
    const text = this.text;
    const lexical = this.at;
    let i = lexical + 1;
    for (let c = text[i]; c !== QUOTE; c = text[++i]) {
      if (c === BACKSLASH || c === LF || c === CR || i >= text.length) return false;
    }
    this.at = i + 1;
    const c = text[this.at];
    if (c === AT) return this.language(k, lexical);
    if (c === CARET) {
      if (text[this.at + 1] !== CARET || text[this.at + 2] !== LT) return false;
      const quoted = this.at;
      this.at += 2;
      // rdf:langString and rdf:dirLangString as datatypes are N3.js's to judge.
      if (!this.iri(k) || startsWith(text, this.from[k], this.to[k], RDF_NS)) return false;
      const dt = this.from[k];
      const dtEnd = this.to[k];
      if (equals(text, dt, dtEnd, XSD_STRING)) this.span(k, text, lexical, quoted);
      else {
        // `"lexical"^^datatype`: the datatype without its angle brackets.
        const length = quoted - lexical + 2 + dtEnd - dt;
        const out = this.room(k, length);
        text.copy(out, 0, lexical, quoted + 2);
        text.copy(out, quoted - lexical + 2, dt, dtEnd);
        this.span(k, out, 0, length);
      }
      return true;
    }
    this.span(k, text, lexical, this.at);
    return true;
  }

  /** The language tag after the literal starting at `lexical`: letters, then '-' and letters or digits. */
  private language(k: number, lexical: number): boolean {
    const text = this.text;
    let j = this.at + 1;
    let d = text[j];
    if (!isLetter(d)) return false;
    let upper = false;
    let from = j;
    for (; isLetter(d); d = text[++j]) upper ||= d <= 90;
    // Subtags of more than 8 characters are N3.js's to refuse.
    if (j - from > 8) return false;
    while (d === DASH) {
      d = text[++j];
      // Also a base direction ("--ltr"): N3.js's.
      if (!(isLetter(d) || isDigit(d))) return false;
      for (from = j; isLetter(d) || isDigit(d); d = text[++j]) upper ||= d >= 65 && d <= 90;
      if (j - from > 8) return false;
    }
    if (d !== SPACE && d !== TAB && d !== DOT) return false;
    // N3.js reads "@version" after a literal as a directive (in any case).
    if (j - this.at - 1 === VERSION.length && equalsLower(text, this.at + 1, VERSION)) return false;
    if (upper) {
      const out = this.room(k, j - lexical);
      text.copy(out, 0, lexical, j);
      for (let x = this.at + 1 - lexical; x < j - lexical; x++) if (out[x] >= 65 && out[x] <= 90) out[x] += 32;
      this.span(k, out, 0, j - lexical);
    } else this.span(k, text, lexical, j);
    this.at = j;
    return true;
  }
}

function startsWith(b: Uint8Array, from: number, to: number, prefix: Uint8Array): boolean {
  if (to - from < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[from + i] !== prefix[i]) return false;
  return true;
}

function equals(b: Uint8Array, from: number, to: number, other: Uint8Array): boolean {
  return to - from === other.length && startsWith(b, from, to, other);
}

/** `b` from `from` equals the lower-case ASCII `lower` when its upper-case ASCII letters are lowered. */
function equalsLower(b: Uint8Array, from: number, lower: Uint8Array): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = b[from + i];
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower[i]) return false;
  }
  return true;
}
