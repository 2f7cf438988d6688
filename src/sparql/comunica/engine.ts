// Runs SPARQL queries with one reused Comunica engine over an RDF/JS store and serialises the results.
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { AsyncIterator } from 'asynciterator';
import type { RdfStore } from 'rdf-stores';
import { findFormat } from '../../rdf/formats';
import { serializeQuads } from '../../rdf/serialize';
import { serializeBoolean } from '../../rdf/booleanResults';
import { parseQuery, ParsedQuery, QueryForm } from '../syntax';
import { operationFor } from './workarounds';
import { DatasetSource, MatchableStore } from './datasetSource';
import { installNumericForms } from './numericForms';
import { installTermEquality } from './termEquality';
import { installFunctionFixes } from './functionFixes';
import { installUnionIteratorFix } from './unionIteratorFix';
import { describeAsConstruct } from './describeQuery';
import { filterInsideOptional } from './optionalFilter';
import { PathData, PathSource, takeOverPaths } from './propertyPaths';
import { quadKey } from '../../rdf/termKey';
import { AnswerBound, bindingsBytes, quadBytes } from './answerBound';
import type { PlainTerm } from '../plainTerm';

export type { QueryForm };

export interface QueryRequest {
  /**
   * The query: the parse analyzeQuery made (not parsed again), or its text, parsed here once; text is what crosses
   * to a worker thread, since a parse holds class instances that structured cloning would strip.
   */
  query: string | ParsedQuery;
  /** Media type of the wanted result serialisation. */
  mediaType: string;
  /** Row (or triple) cap; more is cut off and `truncated` is set. */
  maxRows?: number;
  /**
   * Size the body should stay within, in UTF-8 bytes: rows stop being taken before the text would pass it (the
   * answer is cut at a row boundary and `truncated` is set). A single row may still carry it past; the caller checks.
   */
  maxBytes?: number;
  /** Prefixes for Turtle/TriG output. */
  prefixes?: Record<string, string>;
  /** Extra Comunica context entries. */
  context?: Record<string, unknown>;
  /** Pre-bound variables (name without `?`), as plain terms so they cross to worker threads; Comunica substitutes them as terms. */
  bindings?: Record<string, PlainTerm>;
  /** JSON-LD output: compact with this context, named by `url`. */
  jsonldContext?: { object: Record<string, unknown>; url?: string };
}

function rdfTerm(t: PlainTerm): RDF.Term {
  if (t.termType === 'NamedNode') return DataFactory.namedNode(t.value);
  return DataFactory.literal(t.value, t.language || (t.datatype ? DataFactory.namedNode(t.datatype) : undefined));
}

const bindingsFactory = new BindingsFactory(DataFactory as never);

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

/**
 * One Comunica engine per thread, shared by every SparqlEngine: building one costs ~100 ms, and it keeps no state
 * per source (only string-named sources are cached), so a reloaded dataset need not pay for a new one.
 */
let shared: QueryEngine | undefined;

/** The thread's engine, with its workarounds installed before its first query. */
function sharedEngine(): QueryEngine {
  if (!shared) {
    installNumericForms();
    installTermEquality();
    installFunctionFixes();
    installUnionIteratorFix();
    shared = new QueryEngine();
  }
  return shared;
}

export class SparqlEngine {
  private readonly engine = sharedEngine();

  private graphNames?: string[];

  /** What Comunica queries: dataset semantics (union default graph, GRAPH ?g) decided by DatasetSource. */
  private readonly querySource: DatasetSource;

  /** The source must not change while this engine uses it: its graph names are read once. */
  /** What property paths are evaluated over, when the source can be read synchronously (see propertyPaths.ts). */
  private readonly pathData?: PathData;

  constructor(
    private readonly source: RDF.Source | RDF.Store,
    private readonly options: EngineOptions,
  ) {
    const names = this.namedGraphs();
    const readable = source as Partial<PathData> & { getQuads?: PathData['readQuads'] };
    const read = readable.readQuads?.bind(source) ?? readable.getQuads?.bind(source);
    if (read) this.pathData = { readQuads: read, namedGraphs: () => (this.namedGraphs() ?? []).map((g) => DataFactory.namedNode(g)) };
    const store = source as unknown as MatchableStore;
    // Without a list of graphs, assume triples may repeat across graphs (de-duplicate the union).
    const multiGraph =
      names === undefined ||
      names.length > 1 ||
      (names.length === 1 && (store.countQuads?.(null, null, null, DataFactory.defaultGraph()) ?? 1) > 0);
    this.querySource = new DatasetSource(store, options.unionDefaultGraph, multiGraph);
  }

  /** `signal` stops the evaluation where no thread can be terminated (in process): the result stream is destroyed. */
  async execute(req: QueryRequest, signal?: AbortSignal): Promise<QueryOutput> {
    const context: Record<string, unknown> = {
      sources: [this.querySource],
      // The source already gives the default graph the meaning we want (see DatasetSource).
      unionDefaultGraph: false,
      // Defence in depth behind analyzeQuery: the engine bundles HTTP actors, so its network goes through this gate.
      fetch: guardedFetch(this.options.allowRemote ?? []),
      readOnly: true,
      ...req.context,
    };
    if (req.bindings && Object.keys(req.bindings).length) {
      context.initialBindings = bindingsFactory.fromRecord(
        Object.fromEntries(Object.entries(req.bindings).map(([k, t]) => [k, rdfTerm(t)])),
      );
    }
    const query = typeof req.query === 'string' ? parseQuery(req.query) : req.query;
    // Comunica takes the algebra as it is; the base it would have read from the text goes in its context.
    if (query.baseIRI) context.baseIRI = query.baseIRI;
    let operation = filterInsideOptional(describeAsConstruct(operationFor(query, { namedGraphs: () => this.namedGraphs() })));
    const paths = this.pathData && takeOverPaths(operation);
    if (paths) {
      operation = paths.operation;
      context.sources = [new PathSource(this.querySource, this.pathData!, this.options.unionDefaultGraph, paths.paths)];
    }
    const result = await this.engine.query(operation as never, context as never);
    const max = req.maxRows ?? Number.MAX_SAFE_INTEGER;
    if (result.resultType === 'boolean') {
      // One ASK writer for every format (Comunica's SPARQL/XML one fails on booleans: see booleanResults.ts).
      return {
        form: 'ASK',
        mediaType: req.mediaType,
        body: serializeBoolean(await result.execute(), req.mediaType),
        count: 1,
        truncated: false,
      };
    }
    if (result.resultType === 'bindings') {
      const bound = new AnswerBound(max, req.maxBytes);
      const stream = bound.rows(
        stopOn(signal, (await result.execute()) as unknown as AsyncIterator<RDF.Bindings>),
        bindingsBytes(req.mediaType),
      );
      const wrapped = { resultType: 'bindings', execute: async () => stream, metadata: result.metadata.bind(result) };
      const { data } = await this.engine.resultToString(wrapped as never, req.mediaType);
      const body = await bound.text(data);
      return { form: query.form, mediaType: req.mediaType, body, count: bound.count, truncated: bound.truncated };
    }
    const quads: RDF.Quad[] = [];
    let truncated = false;
    const stream = stopOn(signal, (await result.execute()) as unknown as AsyncIterator<RDF.Quad>);
    // A CONSTRUCT answer is a graph, a set: the engine emits a triple once per solution that builds it.
    const seen = new Set<string>();
    const bound = new AnswerBound(max, req.maxBytes);
    const bytesOf = quadBytes(req.mediaType);
    for await (const q of stream as AsyncIterable<RDF.Quad>) {
      // SPARQL 1.1 §16.2: a template instance with a literal subject or a non-IRI predicate is not in the graph.
      // Comunica 5.4 emits it, and no RDF syntax can write it (Turtle readers reject the answer).
      if (!isRdfTriple(q)) continue;
      const key = quadKey(q);
      if (seen.has(key)) continue;
      if (!bound.admits(bytesOf(q))) {
        truncated = true;
        break;
      }
      seen.add(key);
      quads.push(q);
    }
    (stream as { destroy?: () => void }).destroy?.();
    const format = findFormat(req.mediaType);
    if (!format) throw new Error(`no RDF serialiser for ${req.mediaType}`);
    const body = await serializeQuads(quads, format, { prefixes: req.prefixes, context: req.jsonldContext });
    return { form: query.form, mediaType: req.mediaType, body, count: quads.length, truncated };
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

function isRdfTriple(q: RDF.Quad): boolean {
  return (q.subject.termType === 'NamedNode' || q.subject.termType === 'BlankNode') && q.predicate.termType === 'NamedNode';
}

function stopOn<T>(signal: AbortSignal | undefined, it: AsyncIterator<T>): AsyncIterator<T> {
  if (!signal) return it;
  const stop = () => it.destroy(new Error('The query was stopped.'));
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return it;
}

/** A fetch that only reaches allow-listed IRI prefixes and otherwise fails saying why. */
export function guardedFetch(allowRemote: readonly string[]): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!allowRemote.some((p) => url.startsWith(p))) {
      return Promise.reject(
        new Error(`Network access to <${url}> is refused: this endpoint only fetches allow-listed IRIs (--allow-remote).`),
      );
    }
    return fetch(input, init);
  };
}
