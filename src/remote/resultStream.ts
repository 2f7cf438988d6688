// A store's answer read as it arrives (SELECT rows, CONSTRUCT triples): normalised one by one, the input bounded in bytes.
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { DataFactory, StreamParser } from 'n3';
import { SparqlJsonParser } from 'sparqljson-parse';
import { JsonTerm, normaliseRdfTerm, normaliseTerm, SparqlJsonResults } from './sparqlResults';

export interface StreamedResults {
  results: SparqlJsonResults;
  /** More rows (or bytes) were on their way than the caps let through: the store's answer was not read to its end. */
  truncated: boolean;
}

/** The rows of a store's answer as they arrive. */
export interface ResultRows {
  vars: string[];
  /** Each row normalised; ends early (without an error) when the input passed its byte bound. Returning early closes the connection. */
  rows: AsyncGenerator<Record<string, JsonTerm>>;
  /** Whether the input was cut at its byte bound (the answer was longer than what was read). */
  overBytes(): boolean;
}

/**
 * Opens a SPARQL JSON answer from the store's response body with sparqljson-parse's streaming parser, once its head
 * (the variables) has arrived. At most `maxBytes` of the store's text are read: past them the input ends as if the
 * answer had, so a huge answer costs the rows taken, never the whole answer. `signal` (the timeout, a client hanging up)
 * stops the reading with its reason as the error.
 */
export async function openResultRows(
  body: ReadableStream<Uint8Array> | null,
  opts: { maxBytes: number; signal?: AbortSignal },
): Promise<ResultRows> {
  if (!body) throw new Error('the store sent an empty answer');
  let received = 0;
  let overBytes = false;
  const source = Readable.fromWeb(body as never);
  // Counts the bytes before the parser sees them; past the cap the input ends here as if the answer had.
  const counted = new Readable({ read() {} });
  source.on('data', (chunk: Buffer) => {
    const room = opts.maxBytes - received;
    received += chunk.length;
    if (received > opts.maxBytes) {
      // The part of the chunk within the cap still counts: a fast store's chunks can be larger than the cap itself.
      overBytes = true;
      if (room > 0) counted.push(chunk.subarray(0, room));
      source.destroy();
      counted.push(null);
      return;
    }
    // Backpressure: the store's connection is read only as fast as the rows are taken.
    if (!counted.push(chunk)) source.pause();
  });
  counted._read = () => source.resume();
  source.on('end', () => counted.push(null));
  source.on('error', (e) => counted.destroy(e));
  const parsed = new SparqlJsonParser().parseJsonResultsStream(counted) as Readable;
  const stop = (reason?: unknown) => {
    source.destroy();
    parsed.destroy(reason instanceof Error ? reason : undefined);
  };
  const onAbort = () => stop(opts.signal!.reason ?? new Error('aborted'));
  if (opts.signal?.aborted) {
    onAbort();
    throw opts.signal.reason;
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // The head comes first in every store's answer; the rows wait in the parser meanwhile.
  const vars = await new Promise<string[]>((resolve, reject) => {
    const settle = (f: () => void) => {
      parsed.off('variables', onVars).off('end', onEnd).off('error', onError);
      f();
    };
    const onVars = (vs: RDF.Variable[]) => settle(() => resolve(vs.map((v) => v.value)));
    const onEnd = () => settle(() => resolve([]));
    const onError = (e: Error) => settle(() => reject(overBytes ? new Error('the store sent a head larger than the size limit') : e));
    parsed.on('variables', onVars).once('end', onEnd).once('error', onError);
  }).catch((e) => {
    opts.signal?.removeEventListener('abort', onAbort);
    stop();
    throw opts.signal?.aborted ? opts.signal.reason : e;
  });
  async function* rows(): AsyncGenerator<Record<string, JsonTerm>> {
    try {
      for await (const row of parsed as AsyncIterable<Record<string, RDF.Term>>) {
        const out: Record<string, JsonTerm> = {};
        for (const [name, t] of Object.entries(row)) out[name.replace(/^\?/, '')] = normaliseTerm(jsonOf(t));
        yield out;
      }
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      // The input cut at its byte bound ends mid-row: the rows read whole so far are the answer.
      if (!overBytes) throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      stop();
    }
  }
  return { vars, rows: rows(), overBytes: () => overBytes };
}

/**
 * Reads a SPARQL JSON answer whole up to `maxRows` rows or `maxBytes` bytes of input, whichever comes first, closing
 * the connection there.
 */
export async function readResultStream(
  body: ReadableStream<Uint8Array> | null,
  opts: { maxRows: number; maxBytes: number; signal?: AbortSignal },
): Promise<StreamedResults> {
  const open = await openResultRows(body, opts);
  const bindings: Array<Record<string, JsonTerm>> = [];
  let truncated = false;
  for await (const row of open.rows) {
    if (bindings.length >= opts.maxRows) {
      truncated = true;
      break;
    }
    bindings.push(row);
  }
  return { results: { head: { vars: open.vars }, results: { bindings } }, truncated: truncated || open.overBytes() };
}

/** The parser's term back in SPARQL JSON's shape (Virtuoso's typed-literal already read as a literal with its datatype). */
function jsonOf(t: RDF.Term): Record<string, string> {
  if (t.termType === 'NamedNode') return { type: 'uri', value: t.value };
  if (t.termType === 'BlankNode') return { type: 'bnode', value: t.value };
  const l = t as RDF.Literal;
  if (l.language) return { type: 'literal', value: l.value, 'xml:lang': l.language };
  return { type: 'literal', value: l.value, datatype: l.datatype.value };
}

/**
 * The triples of a store's N-Triples answer (CONSTRUCT, DESCRIBE) as they arrive, parsed by N3.js's streaming parser
 * and normalised; at most `maxBytes` of the store's text are read (an answer cut there ends at its last whole triple).
 */
export async function* storeTriples(
  body: ReadableStream<Uint8Array> | null,
  opts: { maxBytes: number; signal?: AbortSignal },
): AsyncGenerator<RDF.Quad> {
  if (!body) throw new Error('the store sent an empty answer');
  const source = Readable.fromWeb(body as never);
  let received = 0;
  let overBytes = false;
  const parser = new StreamParser({ format: 'N-Triples' });
  const onAbort = () => {
    source.destroy();
    parser.destroy(opts.signal!.reason);
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  source.on('error', (e) => parser.destroy(e));
  source.on('data', (chunk: Buffer) => {
    const room = opts.maxBytes - received;
    received += chunk.length;
    if (received > opts.maxBytes) {
      overBytes = true;
      // Up to the last whole line within the cap.
      const cut = chunk.subarray(0, Math.max(0, room));
      const nl = cut.lastIndexOf(10);
      if (nl >= 0) parser.write(cut.subarray(0, nl + 1));
      source.destroy();
      parser.end();
      return;
    }
    if (!parser.write(chunk)) source.pause();
  });
  parser.on('drain', () => source.resume());
  source.on('end', () => parser.end());
  try {
    if (opts.signal?.aborted) throw opts.signal.reason;
    for await (const q of parser as AsyncIterable<RDF.Quad>)
      yield DataFactory.quad(normaliseRdfTerm(q.subject) as RDF.Quad_Subject, q.predicate, normaliseRdfTerm(q.object) as RDF.Quad_Object);
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (!overBytes) throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    source.destroy();
    parser.destroy();
  }
}
