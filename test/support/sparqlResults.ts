// Reads SPARQL results back in every format the endpoint writes, into rows of N-Triples-style term strings.
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import { DataFactory, Parser as N3Parser } from 'n3';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';
import type { Dataset } from '../../src/store/dataset';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import { Readable } from 'node:stream';
import { parseCsvRecords } from './csvRecords';

export type Row = Record<string, string>;

/** `<iri>`, `"value"@lang`, `"value"^^<datatype>`, `_:b`: one spelling per term, for comparing rows. */
export function termKey(t: RDF.Term): string {
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType === 'BlankNode') return '_:b';
  if (t.termType === 'Literal') {
    if (t.language) return `${JSON.stringify(t.value)}@${t.language}`;
    if (t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string') return JSON.stringify(t.value);
    return `${JSON.stringify(t.value)}^^<${t.datatype.value}>`;
  }
  return t.value;
}

function keyed(bindings: Array<Record<string, RDF.Term>>): Row[] {
  return bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k.replace(/^\?/, ''), termKey(v)])));
}

export function parseJsonResults(body: string): { rows?: Row[]; boolean?: boolean } {
  const json = JSON.parse(body);
  const parser = new SparqlJsonParser();
  if ('boolean' in json) return { boolean: parser.parseJsonBoolean(json) };
  return { rows: keyed(parser.parseJsonResults(json) as unknown as Array<Record<string, RDF.Term>>) };
}

export async function parseXmlResults(body: string): Promise<{ rows?: Row[]; boolean?: boolean }> {
  const parser = new SparqlXmlParser();
  if (/<boolean>/.test(body)) return { boolean: await parser.parseXmlBooleanStream(Readable.from([body])) };
  const rows: Array<Record<string, RDF.Term>> = [];
  await new Promise<void>((resolve, reject) => {
    parser
      .parseXmlResultsStream(Readable.from([body]))
      .on('data', (b: Record<string, RDF.Term>) => rows.push(b))
      .on('end', resolve)
      .on('error', reject);
  });
  return { rows: keyed(rows) };
}

/** RFC 4180 CSV: plain values (the format keeps no term types), keyed by the header; empty cells dropped. */
export function parseCsv(body: string): Row[] {
  const [head = [], ...rest] = parseCsvRecords(body);
  return rest.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? '']).filter(([, v]) => v !== '')));
}

/** TSV: terms written in Turtle syntax, read back with a Turtle parser. */
export function parseTsv(body: string): Row[] {
  const lines = body.split('\n').filter((l) => l.length);
  const head = lines[0].split('\t').map((h) => h.replace(/^\?/, ''));
  return lines.slice(1).map((line) => {
    const row: Row = {};
    line.split('\t').forEach((cell, i) => {
      if (!cell) return;
      const [q] = new N3Parser({ format: 'Turtle' }).parse(`<urn:s> <urn:p> ${cell} .`);
      row[head[i]] = termKey(q.object);
    });
    return row;
  });
}

/** Rows as sorted strings, for order-free comparison. */
export function rowSet(rows: Row[]): string[] {
  return rows
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, r[k]]),
      ),
    )
    .sort();
}

export const NAME = 'https://schema.org/name';

/** The (subject, schema:name, name) triples of a dataset, each once, graph names dropped. */
export function distinctNames(ds: Dataset): RDF.Quad[] {
  const seen = new Set<string>();
  return ds
    .match(null, DataFactory.namedNode(NAME), null, null)
    .map((q) => DataFactory.quad(q.subject, q.predicate, q.object))
    .filter((q) => {
      const k = `${termKey(q.subject)} ${termKey(q.object)}`;
      return !seen.has(k) && !!seen.add(k);
    });
}

/** Any RDF answer read back into quads; JSON-LD through jsonld.js with no remote contexts. */
export async function parseGraph(body: string, mediaType: string): Promise<RDF.Quad[]> {
  if (mediaType === 'application/ld+json') {
    const nq = (await jsonld.toRDF(JSON.parse(body), { format: 'application/n-quads' })) as unknown as string;
    return new N3Parser({ format: 'N-Quads' }).parse(nq);
  }
  return parseRdf(body, { format: findFormat(mediaType)!, baseIri: 'http://invalid.example/', file: 'response' });
}
