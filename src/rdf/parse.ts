// Parses RDF text in any supported format into quads, with relative IRIs resolved against the base.
import { DataFactory, Parser as N3Parser } from 'n3';
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import * as rdflib from 'rdflib';
import { Format } from './formats';
import { resolveXmlEntities, XmlEntityError } from './xmlEntities';
import { KeySink, readLineQuads } from './lineQuads';
import { nonUtf8Line } from './utf8Line';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;

/** The one base placeholder: files that cannot hold relative IRIs (JSON-LD, N-Triples) write this instead. */
export const BASE_PLACEHOLDER = 'https://forum-ld.invalid/';
const PLACEHOLDER_BYTES = Buffer.from(BASE_PLACEHOLDER, 'utf8');

export class RdfParseError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${message}`);
    this.name = 'RdfParseError';
  }
  /** The parser's own words, without the file and position prefix. */
  get reason(): string {
    return this.message.replace(/^[^ ]*: /, '');
  }
}

export interface ParseOptions {
  format: Format;
  baseIri: string;
  /** File name used in error messages and for blank-node scoping. */
  file: string;
  /** JSON-LD contexts resolvable without the network, by IRI. */
  contexts?: ReadonlyMap<string, unknown>;
}

let bnodeScope = 0;

/** Parses `text`; throws RdfParseError naming file, line and column on malformed input. */
export async function parseRdf(text: string, opts: ParseOptions): Promise<RDF.Quad[]> {
  let quads: RDF.Quad[];
  switch (opts.format.name) {
    // IRIs in these syntaxes come only from the text: without the placeholder in it there is nothing to rebase.
    case 'ttl':
    case 'trig':
    case 'nt':
    case 'nq':
      quads = parseN3(text, opts);
      if (!text.includes(BASE_PLACEHOLDER)) return quads;
      break;
    case 'jsonld':
      quads = await parseJsonLd(text, opts);
      break;
    case 'rdf':
      quads = parseRdfXml(text, opts);
      break;
    default:
      throw new RdfParseError(`cannot read ${opts.format.label} as RDF`, opts.file);
  }
  return rebase(quads, opts.baseIri);
}

/**
 * Hands each quad to `onQuad` as it is parsed, without collecting them, for the syntaxes N3.js reads (Turtle, TriG,
 * N-Triples, N-Quads); returns false for other formats, which only `parseRdf` reads. Rejects as `parseRdf` throws.
 * With `onKeys`, the plain lines of N-Triples and N-Quads go there as the byte spans of four term keys instead
 * (lineQuads.ts), read off the file's bytes when `input` is a Buffer, so the text is never decoded.
 */
export async function parseRdfEach(
  input: string | Buffer,
  opts: ParseOptions,
  onQuad: (q: RDF.Quad) => void,
  onKeys?: KeySink,
): Promise<boolean> {
  if (typeof input !== 'string') {
    // Decoded anyway, the bytes would reach the data as U+FFFD: refused where they are (the line readers rely on it).
    const broken = nonUtf8Line(input);
    if (broken)
      throw new RdfParseError(`not UTF-8 (byte ${broken.byte}), as RDF text syntaxes are: save the file as UTF-8`, opts.file, broken.line);
  }
  if (!['ttl', 'trig', 'nt', 'nq'].includes(opts.format.name)) return false;
  // A Buffer searched for bytes, not a string: ten times faster over a file of 200 MB.
  const rebasing =
    (typeof input === 'string' ? input.includes(BASE_PLACEHOLDER) : input.includes(PLACEHOLDER_BYTES)) && opts.baseIri !== BASE_PLACEHOLDER;
  if (onKeys && !rebasing && (opts.format.name === 'nt' || opts.format.name === 'nq')) {
    // A string with lone surrogates has no UTF-8 form to read: N3.js reads it.
    const bytes = typeof input === 'string' ? (wellFormed(input) ? Buffer.from(input, 'utf8') : undefined) : input;
    if (bytes && readLines(bytes, opts, onQuad, onKeys)) return true;
  }
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const parser = n3Parser(opts);
  await new Promise<void>((resolve, reject) => {
    parser.parse(text, (e, q) => {
      if (e) reject(n3Error(e, opts));
      else if (q) onQuad(rebasing ? rebase([q], opts.baseIri)[0] : q);
      else resolve();
    });
  });
  return true;
}

/** No lone surrogates (String.prototype.isWellFormed: Node 20 has it, the ES2022 library typings do not). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

function n3Parser(opts: ParseOptions, blankNodePrefix = `b${bnodeScope++}_`): N3Parser {
  const formatName = { ttl: 'Turtle', trig: 'TriG', nt: 'N-Triples', nq: 'N-Quads' }[opts.format.name];
  return new N3Parser({ format: formatName, baseIRI: opts.baseIri, blankNodePrefix });
}

/**
 * The plain lines to `onKeys`, the others to N3.js; false: N3.js is to read it all. An error is N3.js's over the whole
 * text (what it says can depend on the lines after the run, and the load is refused anyway).
 */
function readLines(bytes: Buffer, opts: ParseOptions, onQuad: (q: RDF.Quad) => void, onKeys: KeySink): boolean {
  const prefix = `b${bnodeScope++}_`;
  return readLineQuads(bytes, opts.format.name === 'nq', prefix, onKeys, (lines, firstLine) => {
    let quads: RDF.Quad[];
    try {
      quads = n3Parser(opts, prefix).parse(lines);
    } catch (e) {
      parseN3(bytes.toString('utf8'), opts);
      // Not expected: the run alone is refused, the whole text is not. The run's error, at the file's line.
      const found = n3Error(e, opts);
      throw new RdfParseError(found.reason, opts.file, (found.line ?? 1) + firstLine - 1);
    }
    for (const q of quads) onQuad(q);
  });
}

function n3Error(e: unknown, opts: ParseOptions): RdfParseError {
  const err = e as Error & { context?: { line?: number } };
  const line = err.context?.line ?? Number(/on line (\d+)/.exec(err.message)?.[1] ?? 0);
  return new RdfParseError(err.message.replace(/ on line \d+\.?$/, ''), opts.file, line || undefined);
}

function parseN3(text: string, opts: ParseOptions): RDF.Quad[] {
  try {
    return n3Parser(opts).parse(text);
  } catch (e) {
    throw n3Error(e, opts);
  }
}

async function parseJsonLd(text: string, opts: ParseOptions): Promise<RDF.Quad[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = Number(/position (\d+)/.exec(msg)?.[1] ?? NaN);
    const [line, column] = Number.isNaN(pos) ? [undefined, undefined] : lineColumn(text, pos);
    throw new RdfParseError(`invalid JSON: ${msg}`, opts.file, line, column);
  }
  const contexts = opts.contexts ?? new Map();
  const documentLoader = async (url: string) => {
    if (contexts.has(url)) return { contextUrl: undefined, documentUrl: url, document: contexts.get(url) };
    throw new Error(`remote context ${url} is not loaded: JSON-LD input may only use local contexts`);
  };
  try {
    const expanded = await jsonld.expand(doc as jsonld.JsonLdDocument, { base: opts.baseIri, documentLoader: documentLoader as never });
    const nquads = (await jsonld.toRDF(
      keepDoubleForms(expanded) as jsonld.JsonLdDocument,
      {
        base: opts.baseIri,
        format: 'application/n-quads',
        documentLoader: documentLoader as never,
        skipExpansion: true,
      } as jsonld.Options.ToRdf,
    )) as unknown as string;
    return scopeBlankNodes(new N3Parser({ format: 'N-Quads' }).parse(nquads).map(restoreDoubleForm));
  } catch (e) {
    if (e instanceof RdfParseError) throw e;
    const err = e as Error & { details?: { cause?: Error } };
    throw new RdfParseError(`JSON-LD: ${err.details?.cause?.message ?? err.message}`, opts.file);
  }
}

function parseRdfXml(text: string, opts: ParseOptions): RDF.Quad[] {
  const store = rdflib.graph();
  let resolved: string;
  try {
    resolved = resolveXmlEntities(text);
  } catch (e) {
    if (!(e instanceof XmlEntityError)) throw e;
    throw new RdfParseError(`RDF/XML: ${e.message}`, opts.file, e.line, e.column);
  }
  try {
    rdflib.parse(resolved, store, opts.baseIri, 'application/rdf+xml');
  } catch (e) {
    const msg = (e as Error).message;
    const line = Number(/line:?\s*(\d+)/i.exec(msg)?.[1] ?? 0) || undefined;
    const column = Number(/col(?:umn)?:?\s*(\d+)/i.exec(msg)?.[1] ?? 0) || undefined;
    throw new RdfParseError(`RDF/XML: ${msg.split('\n')[0]}`, opts.file, line, column);
  }
  const quads = store.statements.map((st) =>
    quad(
      fromRdflib(st.subject) as RDF.Quad_Subject,
      fromRdflib(st.predicate) as RDF.Quad_Predicate,
      fromRdflib(st.object) as RDF.Quad_Object,
      defaultGraph(),
    ),
  );
  return scopeBlankNodes(quads);
}

function fromRdflib(t: { termType: string; value: string; language?: string; datatype?: { value: string } }): RDF.Term {
  if (t.termType === 'NamedNode') return namedNode(t.value);
  if (t.termType === 'BlankNode') return blankNode(t.value);
  if (t.termType === 'Literal') {
    return t.language ? literal(t.value, t.language) : literal(t.value, t.datatype ? namedNode(t.datatype.value) : undefined);
  }
  throw new Error(`unexpected term type ${t.termType}`);
}

const XSD_DOUBLE = 'http://www.w3.org/2001/XMLSchema#double';
const VERBATIM_DOUBLE = 'urn:x-forum-ld:verbatim-double';

/**
 * jsonld.js 9 rewrites every xsd:double value to its canonical form, also a string one: {"@value": "1000",
 * "@type": xsd:double} comes out as "1.0E3". JSON-LD 1.1 API §8.6 (Object to RDF Conversion) canonicalises only
 * JSON numbers; a string is the lexical form as written, and RDF 1.1 Concepts §3.3 makes "1000" and "1.0E3" two
 * terms. So string doubles pass through toRDF under a stand-in datatype (restored below). Found by the differential
 * tests reading the endpoint's JSON-LD answers back; no upstream issue found.
 */
function keepDoubleForms(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (const n of node) keepDoubleForms(n);
    return node;
  }
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (o['@type'] === XSD_DOUBLE && typeof o['@value'] === 'string') o['@type'] = VERBATIM_DOUBLE;
  else for (const v of Object.values(o)) if (v && typeof v === 'object') keepDoubleForms(v);
  return node;
}

function restoreDoubleForm(q: RDF.Quad): RDF.Quad {
  const o = q.object;
  return o.termType === 'Literal' && o.datatype.value === VERBATIM_DOUBLE
    ? quad(q.subject, q.predicate, literal(o.value, namedNode(XSD_DOUBLE)), q.graph)
    : q;
}

/** Gives this file's blank nodes labels no other file can produce. */
function scopeBlankNodes(quads: RDF.Quad[]): RDF.Quad[] {
  const prefix = `b${bnodeScope++}_`;
  const map = (t: RDF.Term): RDF.Term => (t.termType === 'BlankNode' ? blankNode(prefix + t.value) : t);
  return quads.map((q) =>
    quad(map(q.subject) as RDF.Quad_Subject, q.predicate, map(q.object) as RDF.Quad_Object, map(q.graph) as RDF.Quad_Graph),
  );
}

/** Rewrites IRIs written with the placeholder base to the configured base. */
function rebase(quads: RDF.Quad[], base: string): RDF.Quad[] {
  if (base === BASE_PLACEHOLDER) return quads;
  const map = <T extends RDF.Term>(t: T): T => {
    if (t.termType === 'NamedNode' && t.value.startsWith(BASE_PLACEHOLDER))
      return namedNode(base + t.value.slice(BASE_PLACEHOLDER.length)) as unknown as T;
    if (t.termType === 'Literal' && t.datatype.value.startsWith(BASE_PLACEHOLDER)) return literal(t.value, map(t.datatype)) as unknown as T;
    return t;
  };
  // Most quads have no placeholder IRI: keep those objects rather than copying a million of them.
  return quads.map((q) => {
    const s = map(q.subject),
      p = map(q.predicate),
      o = map(q.object),
      g = map(q.graph);
    return s === q.subject && p === q.predicate && o === q.object && g === q.graph ? q : quad(s, p, o, g);
  });
}

function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return [line, offset - before.lastIndexOf('\n')];
}
