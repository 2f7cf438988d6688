// A store's SELECT answer read as it arrives: rows normalised one by one, and the reading stopped at the row or byte cap.
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { SparqlJsonParser } from 'sparqljson-parse';
import { JsonTerm, normaliseTerm, SparqlJsonResults } from './sparqlResults';

export interface StreamedResults {
  results: SparqlJsonResults;
  /** More rows (or bytes) were on their way than the caps let through: the store's answer was not read to its end. */
  truncated: boolean;
}

/**
 * Reads a SPARQL JSON answer from the store's response body incrementally (sparqljson-parse's streaming parser) and
 * stops at `maxRows` rows or `maxBytes` bytes of input, whichever comes first, closing the connection: an answer of
 * millions of rows costs the rows kept, not the whole answer in memory, and the reply does not wait for the store to
 * finish sending. `signal` (the timeout, a client hanging up) stops the reading as well.
 */
export async function readResultStream(
  body: ReadableStream<Uint8Array> | null,
  opts: { maxRows: number; maxBytes: number; signal?: AbortSignal },
): Promise<StreamedResults> {
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
    counted.push(chunk);
  });
  source.on('end', () => counted.push(null));
  source.on('error', (e) => counted.destroy(e));
  const rows = new SparqlJsonParser().parseJsonResultsStream(counted) as Readable;
  const vars: string[] = [];
  const bindings: Array<Record<string, JsonTerm>> = [];
  let truncated = false;
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      source.destroy();
      rows.destroy();
    };
    const onAbort = () => {
      stop();
      reject(opts.signal!.reason ?? new Error('aborted'));
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (e?: Error) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (e && !overBytes && !truncated) reject(e);
      else resolve();
    };
    rows.on('variables', (vs: RDF.Variable[]) => vars.push(...vs.map((v) => v.value)));
    rows.on('data', (row: Record<string, RDF.Term>) => {
      if (truncated) return;
      if (bindings.length >= opts.maxRows) {
        truncated = true;
        stop();
        done();
        return;
      }
      const out: Record<string, JsonTerm> = {};
      for (const [name, t] of Object.entries(row)) out[name.replace(/^\?/, '')] = normaliseTerm(jsonOf(t));
      bindings.push(out);
    });
    rows.on('end', () => done());
    rows.on('error', (e: Error) => done(e));
    rows.on('close', () => done());
  });
  return { results: { head: { vars }, results: { bindings } }, truncated: truncated || overBytes };
}

/** The parser's term back in SPARQL JSON's shape (Virtuoso's typed-literal already read as a literal with its datatype). */
function jsonOf(t: RDF.Term): Record<string, string> {
  if (t.termType === 'NamedNode') return { type: 'uri', value: t.value };
  if (t.termType === 'BlankNode') return { type: 'bnode', value: t.value };
  const l = t as RDF.Literal;
  if (l.language) return { type: 'literal', value: l.value, 'xml:lang': l.language };
  return { type: 'literal', value: l.value, datatype: l.datatype.value };
}
