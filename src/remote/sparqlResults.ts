// SPARQL JSON results as stores send them, normalised to the standard, and written again in each results format.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';

export type JsonTerm =
  | { type: 'uri'; value: string }
  | { type: 'bnode'; value: string }
  | { type: 'literal'; value: string; 'xml:lang'?: string; datatype?: string };

export interface SparqlJsonResults {
  head: { vars?: string[]; link?: string[] };
  boolean?: boolean;
  results?: { bindings: Array<Record<string, JsonTerm>> };
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/**
 * What stores get wrong, made standard: Virtuoso's `typed-literal` (SPARQL 1.0's draft) becomes `literal` with its
 * datatype; xsd:string is dropped (RDF 1.1: a simple literal is an xsd:string, and the standard writes none); blank
 * node labels (Virtuoso: `nodeID://b1234`) become labels every results syntax can write; empty `link` heads go;
 * booleans stored as numbers come back as true and false.
 */
export function normaliseResults(raw: unknown): SparqlJsonResults {
  const r = raw as { head?: { vars?: string[]; link?: string[] }; boolean?: boolean; results?: { bindings?: unknown[] } };
  if (!r || typeof r !== 'object' || !r.head) throw new Error('the store sent something that is not SPARQL JSON results');
  const head: SparqlJsonResults['head'] = {};
  if (r.head.link?.length) head.link = r.head.link;
  if (typeof r.boolean === 'boolean') return { head, boolean: r.boolean };
  head.vars = r.head.vars ?? [];
  const bindings = (r.results?.bindings ?? []).map((row) => {
    const out: Record<string, JsonTerm> = {};
    for (const [name, t] of Object.entries(row as Record<string, Record<string, string>>)) out[name] = normaliseTerm(t);
    return out;
  });
  return { head, results: { bindings } };
}

export function normaliseTerm(t: Record<string, string>): JsonTerm {
  if (t.type === 'uri') return { type: 'uri', value: t.value };
  if (t.type === 'bnode') return { type: 'bnode', value: bnodeLabel(t.value) };
  const lang = t['xml:lang'];
  if (lang) return { type: 'literal', value: t.value, 'xml:lang': lang };
  // Virtuoso stores xsd:boolean as a number and answers "1"/"0": the canonical forms are "true"/"false".
  if (t.datatype === XSD_BOOLEAN && (t.value === '1' || t.value === '0'))
    return { type: 'literal', value: t.value === '1' ? 'true' : 'false', datatype: XSD_BOOLEAN };
  if (t.datatype && t.datatype !== XSD_STRING && t.datatype !== RDF_LANG_STRING)
    return { type: 'literal', value: t.value, datatype: t.datatype };
  return { type: 'literal', value: t.value };
}

/** A label usable in N-Triples, Turtle and TSV (`nodeID://b1234` → `b1234`), unchanged when it already is one. */
export function bnodeLabel(label: string): string {
  const bare = label.replace(/^nodeID:\/\//, '').replace(/^_:/, '');
  const safe = bare.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z0-9_]/.test(safe) ? safe : `b${safe}`;
}

/** A JSON term as an RDF/JS term. */
export function rdfTerm(t: JsonTerm): RDF.NamedNode | RDF.BlankNode | RDF.Literal {
  if (t.type === 'uri') return DataFactory.namedNode(t.value);
  if (t.type === 'bnode') return DataFactory.blankNode(t.value);
  return DataFactory.literal(t.value, t['xml:lang'] || (t.datatype ? DataFactory.namedNode(t.datatype) : undefined));
}

/** Writes a document an item at a time: what opens it, each item, what closes it (the same text as written whole). */
export interface ItemWriter<T> {
  start(): string;
  item(x: T): string;
  end(): string;
}

/** The answer, at most `maxRows` solutions, in a results format: JSON, XML, CSV or TSV. */
export function writeResults(res: SparqlJsonResults, mediaType: string): string {
  if (res.boolean !== undefined) return booleanText(res, mediaType);
  const w = rowsWriter(res.head, mediaType);
  return w.start() + (res.results?.bindings ?? []).map((r) => w.item(r)).join('') + w.end();
}

function booleanText(res: SparqlJsonResults, mediaType: string): string {
  switch (mediaType) {
    case 'application/sparql-results+json':
      return JSON.stringify(res);
    case 'application/sparql-results+xml':
      return `${xmlHead([])}<boolean>${res.boolean}</boolean>\n</sparql>\n`;
    case 'text/csv':
      return `_askResult\r\n${res.boolean}\r\n`;
    case 'text/tab-separated-values':
      return `?_askResult\n${res.boolean}\n`;
    default:
      throw new Error(`no results writer for ${mediaType}`);
  }
}

/** A SELECT answer written row by row in a results format (JSON, XML, CSV, TSV), for an answer streamed as it is read. */
export function rowsWriter(head: SparqlJsonResults['head'], mediaType: string): ItemWriter<Record<string, JsonTerm>> {
  const vars = head.vars ?? [];
  switch (mediaType) {
    case 'application/sparql-results+json': {
      let first = true;
      return {
        start: () => `{"head":${JSON.stringify(head)},"results":{"bindings":[`,
        item: (r) => {
          const text = `${first ? '' : ','}${JSON.stringify(r)}`;
          first = false;
          return text;
        },
        end: () => ']}}',
      };
    }
    case 'application/sparql-results+xml':
      return { start: () => `${xmlHead(vars)}<results>\n`, item: xmlRow, end: () => '</results>\n</sparql>\n' };
    case 'text/csv':
      return {
        start: () => `${vars.map(csvField).join(',')}\r\n`,
        item: (r) => `${vars.map((v) => csvField(r[v] ? csvValue(r[v]) : '')).join(',')}\r\n`,
        end: () => '',
      };
    case 'text/tab-separated-values':
      return {
        start: () => `${vars.map((v) => `?${v}`).join('\t')}\n`,
        item: (r) => `${vars.map((v) => (r[v] ? tsvTerm(r[v]) : '')).join('\t')}\n`,
        end: () => '',
      };
    default:
      throw new Error(`no results writer for ${mediaType}`);
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmlHead(vars: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>${vars
    .map((v) => `<variable name="${esc(v)}"/>`)
    .join('')}</head>\n`;
}

function xmlTerm(t: JsonTerm): string {
  if (t.type === 'uri') return `<uri>${esc(t.value)}</uri>`;
  if (t.type === 'bnode') return `<bnode>${esc(t.value)}</bnode>`;
  if (t['xml:lang']) return `<literal xml:lang="${esc(t['xml:lang'])}">${esc(t.value)}</literal>`;
  if (t.datatype) return `<literal datatype="${esc(t.datatype)}">${esc(t.value)}</literal>`;
  return `<literal>${esc(t.value)}</literal>`;
}

function xmlRow(r: Record<string, JsonTerm>): string {
  return `<result>${Object.entries(r)
    .map(([name, t]) => `<binding name="${esc(name)}">${xmlTerm(t)}</binding>`)
    .join('')}</result>\n`;
}

function csvValue(t: JsonTerm): string {
  return t.type === 'bnode' ? `_:${t.value}` : t.value;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function tsvTerm(t: JsonTerm): string {
  if (t.type === 'uri') return `<${t.value}>`;
  if (t.type === 'bnode') return `_:${t.value}`;
  const lex = `"${t.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
  if (t['xml:lang']) return `${lex}@${t['xml:lang']}`;
  if (t.datatype) return `${lex}^^<${t.datatype}>`;
  return lex;
}

/** The same normalisation for a term of a graph answer (CONSTRUCT, DESCRIBE) read from N-Triples. */
export function normaliseRdfTerm(t: RDF.Term): RDF.Term {
  if (t.termType === 'BlankNode') return DataFactory.blankNode(bnodeLabel(t.value));
  if (t.termType === 'Literal' && t.datatype.value === XSD_BOOLEAN && (t.value === '1' || t.value === '0'))
    return DataFactory.literal(t.value === '1' ? 'true' : 'false', t.datatype);
  return t;
}
