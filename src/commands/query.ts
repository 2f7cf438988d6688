// `forum-ld query`: runs one SPARQL query over given files (or the default dataset) with the endpoint's engine code.
import type { Writable } from 'node:stream';
import { findFormat, Format, RDF_FORMATS, RESULT_FORMATS } from '../rdf/formats';
import { allPrefixes } from '../rdf/prefixes';
import { loadDataset } from '../ingest/load';
import { formatProblem } from '../rdf/problem';
import { answerText, QueryService } from '../sparql/queryService';
import { QueryError } from '../sparql/queryError';

export interface QueryCommandOptions {
  query: string;
  paths: readonly string[];
  baseIri: string;
  /** Media type or short name; default JSON for SELECT/ASK and Turtle for graphs. */
  format?: string;
  timeoutMs: number;
  unionDefaultGraph: boolean;
  validate?: boolean;
}

export async function queryCommand(opts: QueryCommandOptions, out: Writable, err: Writable): Promise<number> {
  const loaded = await loadDataset({ paths: opts.paths, baseIri: opts.baseIri });
  if (!loaded.ok) {
    for (const p of loaded.problems) err.write(`${formatProblem(p)}\n`);
    return 2;
  }
  const service = new QueryService(loaded.dataset, {
    workers: 0,
    timeoutMs: opts.timeoutMs,
    maxConcurrent: 1,
    queueSize: 0,
    maxRows: Number.MAX_SAFE_INTEGER,
    maxBytes: Number.MAX_SAFE_INTEGER,
    unionDefaultGraph: opts.unionDefaultGraph,
    allowRemote: [],
    prefixes: allPrefixes(opts.baseIri),
  });
  const format = opts.format ? findFormat(opts.format) : undefined;
  if (opts.format && (!format || ![...RESULT_FORMATS, ...RDF_FORMATS].includes(format))) {
    err.write(`The format "${opts.format}" is not one of ${[...RESULT_FORMATS, ...RDF_FORMATS].map((f) => f.name).join(', ')}.\n`);
    return 2;
  }
  const resultsType = format ? (RESULT_FORMATS.includes(format) ? format.mediaType : undefined) : RESULT_FORMATS[0].mediaType;
  const graphType = format ? (RDF_FORMATS.includes(format) ? format.mediaType : undefined) : RDF_FORMATS[0].mediaType;
  try {
    const result = await service.answer({ text: opts.query, resultsType, graphType });
    out.write(await answerText(result));
    return 0;
  } catch (e) {
    if (e instanceof QueryError && e.kind === 'unacceptable') {
      const offered: readonly Format[] = e.form === 'SELECT' || e.form === 'ASK' ? RESULT_FORMATS : RDF_FORMATS;
      err.write(`The format "${opts.format}" does not fit a ${e.form} query; use one of ${offered.map((f) => f.name).join(', ')}.\n`);
      return 2;
    }
    if (e instanceof QueryError) {
      err.write(`${e.kind === 'syntax' ? 'Malformed query' : 'Query failed'}${e.line ? ` (line ${e.line})` : ''}: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await service.close();
  }
}
