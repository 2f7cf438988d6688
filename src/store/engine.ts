// Runs SPARQL queries with one reused Comunica engine over an RDF/JS store and serialises the results.
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import type * as RDF from '@rdfjs/types';
import type { AsyncIterator } from 'asynciterator';
import type { RdfStore } from 'rdf-stores';
import { findFormat } from '../rdf/formats';
import { serializeQuads } from '../rdf/serialize';
import { booleanXml, rewriteQuery } from './workarounds';

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
}

/**
 * One Comunica engine per thread, shared by every SparqlEngine: building one costs ~100 ms, and it keeps no state
 * per source (only string-named sources are cached), so a reloaded dataset need not pay for a new one.
 */
let shared: QueryEngine | undefined;

export class SparqlEngine {
  private readonly engine = (shared ??= new QueryEngine());

  private graphNames?: string[];

  /** The source must not change while this engine uses it: its graph names are read once. */
  constructor(private readonly source: RDF.Source | RDF.Store, private readonly options: EngineOptions) {}

  async execute(req: QueryRequest): Promise<QueryOutput> {
    const context: Record<string, unknown> = {
      sources: [this.source],
      unionDefaultGraph: this.options.unionDefaultGraph,
      ...req.context,
    };
    const text = rewriteQuery(req.query, { namedGraphs: () => this.namedGraphs() });
    const result = await this.engine.query(text, context as never);
    const max = req.maxRows ?? Number.MAX_SAFE_INTEGER;
    if (result.resultType === 'boolean') {
      if (findFormat(req.mediaType)?.name === 'xml') {
        return { form: 'ASK', mediaType: req.mediaType, body: booleanXml(await result.execute()), count: 1, truncated: false };
      }
      const { data } = await this.engine.resultToString(result, req.mediaType);
      return { form: 'ASK', mediaType: req.mediaType, body: await readAll(data), count: 1, truncated: false };
    }
    if (result.resultType === 'bindings') {
      const counter = { count: 0, truncated: false };
      const stream = limit(await result.execute() as unknown as AsyncIterator<RDF.Bindings>, max, counter);
      const wrapped = { resultType: 'bindings', execute: async () => stream, metadata: result.metadata.bind(result) };
      const { data } = await this.engine.resultToString(wrapped as never, req.mediaType);
      const body = await readAll(data);
      return { form: 'SELECT', mediaType: req.mediaType, body, count: counter.count, truncated: counter.truncated };
    }
    const quads: RDF.Quad[] = [];
    let truncated = false;
    const stream = await result.execute();
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

  /** IRIs of the source's named graphs, for rewrites that enumerate them; undefined when the source cannot say. */
  private namedGraphs(): string[] | undefined {
    const store = this.source as Partial<Pick<RdfStore, 'readDistinctTerms'>>;
    if (!this.graphNames && store.readDistinctTerms) {
      const names: string[] = [];
      for (const [g] of store.readDistinctTerms(['graph'])) if (g.termType === 'NamedNode') names.push(g.value);
      this.graphNames = names.sort();
    }
    return this.graphNames;
  }
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
