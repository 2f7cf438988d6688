// Runs SPARQL queries with one reused Comunica engine over an RDF/JS store and serialises the results.
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import type * as RDF from '@rdfjs/types';
import type { AsyncIterator } from 'asynciterator';
import { findFormat } from '../rdf/formats';
import { serializeQuads } from '../rdf/serialize';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface QueryRequest {
  query: string;
  /** Media type of the wanted result serialisation. */
  mediaType: string;
  /** Row (or triple) cap; more is cut off and `truncated` is set. */
  maxRows?: number;
  /** Prefixes for Turtle/TriG output. */
  prefixes?: Record<string, string>;
  /** Extra Comunica context entries (e.g. initialBindings for named queries). */
  context?: Record<string, unknown>;
}

export interface QueryOutput {
  form: QueryForm;
  mediaType: string;
  body: string;
  /** Solutions or triples in the body. */
  count: number;
  truncated: boolean;
}

export interface EngineOptions {
  /** The default graph is the union of all graphs (the endpoint's choice) rather than only the unnamed graph. */
  unionDefaultGraph: boolean;
  /** IRI prefixes the engine may fetch (SERVICE); every other request is refused before it leaves the process. */
  allowRemote?: readonly string[];
}

export class SparqlEngine {
  private readonly engine = new QueryEngine();

  constructor(private readonly source: RDF.Source | RDF.Store, private readonly options: EngineOptions) {}

  /** `signal` stops the evaluation where no thread can be terminated (in process): the result stream is destroyed. */
  async execute(req: QueryRequest, signal?: AbortSignal): Promise<QueryOutput> {
    const context: Record<string, unknown> = {
      sources: [this.source],
      unionDefaultGraph: this.options.unionDefaultGraph,
      // Defence in depth behind analyzeQuery: the engine bundles HTTP actors, so its network goes through this gate.
      fetch: guardedFetch(this.options.allowRemote ?? []),
      readOnly: true,
      ...req.context,
    };
    const result = await this.engine.query(req.query, context as never);
    const max = req.maxRows ?? Number.MAX_SAFE_INTEGER;
    if (result.resultType === 'boolean') {
      const { data } = await this.engine.resultToString(result, req.mediaType);
      return { form: 'ASK', mediaType: req.mediaType, body: await readAll(data), count: 1, truncated: false };
    }
    if (result.resultType === 'bindings') {
      const counter = { count: 0, truncated: false };
      const stream = limit(stopOn(signal, await result.execute() as unknown as AsyncIterator<RDF.Bindings>), max, counter);
      const wrapped = { resultType: 'bindings', execute: async () => stream, metadata: result.metadata.bind(result) };
      const { data } = await this.engine.resultToString(wrapped as never, req.mediaType);
      const body = await readAll(data);
      return { form: 'SELECT', mediaType: req.mediaType, body, count: counter.count, truncated: counter.truncated };
    }
    const quads: RDF.Quad[] = [];
    let truncated = false;
    const stream = stopOn(signal, await result.execute() as unknown as AsyncIterator<RDF.Quad>);
    for await (const q of stream as AsyncIterable<RDF.Quad>) {
      if (quads.length >= max) { truncated = true; break; }
      quads.push(q);
    }
    (stream as { destroy?: () => void }).destroy?.();
    const format = findFormat(req.mediaType);
    if (!format) throw new Error(`no RDF serialiser for ${req.mediaType}`);
    const body = await serializeQuads(quads, format, { prefixes: req.prefixes });
    const form: QueryForm = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*)*DESCRIBE/i.test(req.query) ? 'DESCRIBE' : 'CONSTRUCT';
    return { form, mediaType: req.mediaType, body, count: quads.length, truncated };
  }
}

function stopOn<T>(signal: AbortSignal | undefined, it: AsyncIterator<T>): AsyncIterator<T> {
  if (!signal) return it;
  const stop = () => it.destroy(new Error('The query was stopped.'));
  if (signal.aborted) stop(); else signal.addEventListener('abort', stop, { once: true });
  return it;
}

/** A fetch that only reaches allow-listed IRI prefixes and otherwise fails saying why. */
export function guardedFetch(allowRemote: readonly string[]): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!allowRemote.some((p) => url.startsWith(p))) {
      return Promise.reject(new Error(`Network access to <${url}> is refused: this endpoint only fetches allow-listed IRIs (--allow-remote).`));
    }
    return fetch(input, init);
  };
}

/** Passes at most `max` bindings through, counting them and noting whether more were there. */
function limit<T>(source: AsyncIterator<T>, max: number, counter: { count: number; truncated: boolean }): AsyncIterator<T> {
  return source.transform<T>({
    transform(item, done, push) {
      if (counter.count < max) { counter.count++; push(item); } else if (!counter.truncated) { counter.truncated = true; source.close(); }
      done();
    },
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: string[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? c : (c as Buffer).toString('utf8'));
  return chunks.join('');
}
