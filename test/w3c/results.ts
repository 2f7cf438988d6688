// Reads SPARQL results (SRX, SRJ, TSV, CSV, the DAWG result-set vocabulary in RDF) and RDF graphs into comparable values.
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser as N3Parser, Store } from 'n3';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import { findFormat, formatForFile } from '../../src/rdf/formats';
import { parseRdf } from '../../src/rdf/parse';
import { parseCsvRecords } from '../support/csvRecords';

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** One solution: variable name (without `?`) to term; unbound variables are absent. */
export type Row = ReadonlyMap<string, RDF.Term>;

export type Results =
  | {
      kind: 'bindings';
      variables: string[];
      rows: Row[] /** false when the source cannot carry an order (RDF without rs:index) */;
      ordered: boolean;
    }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'graph'; quads: RDF.Quad[] }
  /** CSV keeps only strings: each cell is the text, '' for unbound. */
  | { kind: 'csv'; variables: string[]; rows: Array<ReadonlyMap<string, string>> };

/** Parses a serialised result: `format` is a result media type or short name (json, xml, tsv, csv) or an RDF format. */
export async function parseResults(text: string, format: string, base: string): Promise<Results> {
  const f = findFormat(format);
  if (!f || f.kind === 'html') throw new Error(`no results parser for ${format}`);
  switch (f.name) {
    case 'json':
      return parseJson(text);
    case 'xml':
      return parseXml(text);
    case 'tsv':
      return parseTsv(text);
    case 'csv':
      return parseCsv(text);
    default:
      return fromRdf(await parseRdf(text, { format: f, baseIri: base, file: base }));
  }
}

/** Parses an expected-results file by its extension (.srx, .srj, .tsv, .csv, .ttl, .rdf, .nt). */
export function parseResultFile(text: string, fileUrl: string): Promise<Results> {
  const ext = /\.([a-z]+)$/i.exec(fileUrl)?.[1].toLowerCase() ?? '';
  const format = { srx: 'xml', srj: 'json' }[ext] ?? ext;
  if (!findFormat(format) || (findFormat(format)!.kind !== 'results' && !formatForFile(fileUrl))) {
    throw new Error(`unknown result file type: ${fileUrl}`);
  }
  return parseResults(text, format, fileUrl);
}

function parseJson(text: string): Results {
  const doc = JSON.parse(text) as { head?: { vars?: string[] }; boolean?: boolean };
  const parser = new SparqlJsonParser({ dataFactory: DataFactory as never });
  if (typeof doc.boolean === 'boolean') return { kind: 'boolean', value: parser.parseJsonBoolean(doc) };
  const rows = parser.parseJsonResults(doc).map((b) => new Map(Object.entries(b).map(([k, v]) => [k.replace(/^\?/, ''), v])));
  return { kind: 'bindings', variables: doc.head?.vars ?? [], rows, ordered: true };
}

async function parseXml(text: string): Promise<Results> {
  const parser = new SparqlXmlParser({ dataFactory: DataFactory as never });
  if (/<boolean>/.test(text)) return { kind: 'boolean', value: await parser.parseXmlBooleanStream(Readable.from([text])) };
  const stream = parser.parseXmlResultsStream(Readable.from([text]));
  let variables: string[] = [];
  stream.on('variables', (vars: RDF.Variable[]) => {
    variables = vars.map((v) => v.value);
  });
  const rows: Row[] = [];
  for await (const b of stream as AsyncIterable<Record<string, RDF.Term>>) {
    rows.push(new Map(Object.entries(b).map(([k, v]) => [k.replace(/^\?/, ''), v])));
  }
  return { kind: 'bindings', variables, rows, ordered: true };
}

/**
 * TSV cells are terms in Turtle syntax, so each is read as the object of a one-triple Turtle document.
 * With no variables the header is empty and each solution is an empty line.
 */
function parseTsv(text: string): Results {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const variables = lines[0] === '' ? [] : lines[0].split('\t').map((v) => v.replace(/^[?$]/, ''));
  const rows: Row[] = lines.slice(1).map((line, i) => {
    const cells = variables.length === 0 && line === '' ? [] : line.split('\t');
    if (cells.length !== variables.length) throw new Error(`TSV row ${i + 2} has ${cells.length} cells for ${variables.length} variables`);
    const row = new Map<string, RDF.Term>();
    cells.forEach((cell, j) => {
      if (cell !== '') row.set(variables[j], tsvTerm(cell));
    });
    return row;
  });
  return { kind: 'bindings', variables, rows, ordered: true };
}

function tsvTerm(cell: string): RDF.Term {
  const quads = new N3Parser({ format: 'Turtle', blankNodePrefix: '' }).parse(`<urn:s> <urn:p> ${cell} .`);
  if (quads.length !== 1) throw new Error(`TSV cell is not one term: ${cell}`);
  return quads[0].object;
}

function parseCsv(text: string): Results {
  const [head = [], ...body] = parseCsvRecords(text);
  const rows = body.map((cells) => new Map(head.map((v, j) => [v, cells[j] ?? ''])));
  return { kind: 'csv', variables: head, rows };
}

/** A graph is a result set when it has an rs:ResultSet node; otherwise it is a CONSTRUCT/DESCRIBE answer. */
function fromRdf(quads: RDF.Quad[]): Results {
  const store = new Store(quads);
  const set = store.getSubjects(RDF_TYPE, `${RS}ResultSet`, null)[0];
  if (!set) return { kind: 'graph', quads };
  const bool = store.getObjects(set, `${RS}boolean`, null)[0];
  if (bool) return { kind: 'boolean', value: bool.value === 'true' || bool.value === '1' };
  const variables = store.getObjects(set, `${RS}resultVariable`, null).map((t) => t.value);
  const solutions = store.getObjects(set, `${RS}solution`, null).map((s) => {
    const row = new Map<string, RDF.Term>();
    for (const b of store.getObjects(s, `${RS}binding`, null)) {
      const name = store.getObjects(b, `${RS}variable`, null)[0];
      const value = store.getObjects(b, `${RS}value`, null)[0];
      if (name && value) row.set(name.value, value);
    }
    const index = store.getObjects(s, `${RS}index`, null)[0];
    return { row, index: index ? Number(index.value) : undefined };
  });
  const ordered = solutions.length > 0 && solutions.every((s) => s.index !== undefined);
  if (ordered) solutions.sort((a, b) => a.index! - b.index!);
  return { kind: 'bindings', variables, rows: solutions.map((s) => s.row), ordered };
}
