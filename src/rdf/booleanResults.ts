// The one writer of ASK answers, in every SPARQL results format.
import { findFormat } from './formats';

/*
 * Comunica 5.4 writes only JSON reliably: its XML serialiser always calls `metadata()` for the head, which
 * QueryEngine.resultToString leaves off boolean results, so every ASK in XML threw "action.metadata is not a function"
 * (51 W3C tests, e.g. ask/ask-1; no upstream issue found). SPARQL 1.1 defines no boolean for CSV/TSV, where the
 * `_askResult` column of Apache Jena is followed.
 */

const WRITERS: Record<string, (value: boolean) => string> = {
  'application/sparql-results+json': (v) => `{"head":{},"boolean":${v}}\n`,
  'application/sparql-results+xml': (v) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head/>\n  <boolean>${v}</boolean>\n</sparql>\n`,
  'text/csv': (v) => `_askResult\r\n${v}\r\n`,
  'text/tab-separated-values': (v) => `?_askResult\n${v}\n`,
};

/** The answer to an ASK query in `mediaType` (or a short name, json, xml, csv, tsv); throws for a type that is not a SPARQL results format. */
export function serializeBoolean(value: boolean, mediaType: string): string {
  const write = WRITERS[findFormat(mediaType)?.mediaType ?? mediaType];
  if (!write) throw new Error(`${mediaType} is not a SPARQL results format`);
  return write(value);
}
