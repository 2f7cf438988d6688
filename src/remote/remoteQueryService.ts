// The query service of one version over an external store: our checks and limits in front, the query run in the store.
import { AnswerCache } from '../sparql/answerCache';
import { Parser as N3Parser, DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import { Generator, Parser, SparqlQuery } from 'sparqljs';
import { analyzeQuery } from '../sparql/analyze';
import { Admission, AdmissionCancelled, AdmissionRefused } from '../sparql/admission';
import { QueryError } from '../sparql/queryError';
import { QueryOutcomes, outcomeOf } from '../sparql/outcomes';
import type { AnswerHead, Presenter, QueryTask } from '../sparql/queryTask';
import type { Answer } from '../sparql/queryService';
import type { QueryOutput } from '../sparql/comunica/engine';
import type { PlainTerm } from '../sparql/plainTerm';
import { findFormat } from '../rdf/formats';
import { serializeQuads } from '../rdf/serialize';
import { quadKey } from '../rdf/termKey';
import type { Dataset } from '../store/dataset';
import { RequestDataset, StoreClient, StoreError } from './storeClient';
import { DEFAULT_GRAPH, UNION_GRAPH } from './catalog';
import { normaliseRdfTerm, SparqlJsonResults, writeResults } from './sparqlResults';
import { readResultStream } from './resultStream';

/** The store's SPARQL JSON is read up to this many times the answer's byte cap (its JSON is wordier than most formats). */
const STORE_BYTES_FACTOR = 4;

export interface RemoteQueryOptions {
  timeoutMs: number;
  maxConcurrent: number;
  queueSize: number;
  maxRows: number;
  maxBytes: number;
  unionDefaultGraph: boolean;
  allowRemote: readonly string[];
  maxDepth: number;
  prefixes?: Record<string, string>;
  present?: Presenter;
  outcomes?: QueryOutcomes;
  /** Upper bound of the cached answers, in bytes. */
  cacheBytes?: number;
}

/**
 * Answers tasks as QueryService does (same checks, formats, limits, errors), but the query runs in the store: its text,
 * with named-query parameters bound by a VALUES block (terms, never text), over the version's graphs (default-graph-uri
 * and named-graph-uri), with the answer read as SPARQL JSON or N-Triples, normalised, cut, and written again.
 */
export class RemoteQueryService {
  readonly outcomes: QueryOutcomes;
  private readonly admission: Admission;
  private readonly cache: AnswerCache;
  private readonly graphs: Set<string>;

  constructor(
    readonly dataset: Dataset,
    private readonly client: StoreClient,
    private readonly opts: RemoteQueryOptions,
  ) {
    this.outcomes = opts.outcomes ?? new QueryOutcomes();
    this.cache = new AnswerCache(opts.cacheBytes);
    this.admission = new Admission(opts.maxConcurrent, opts.queueSize, 2 * opts.timeoutMs);
    this.graphs = new Set(dataset.graphNames());
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}

  get limits(): { timeoutMs: number; maxRows: number; maxBytes: number; maxConcurrent: number; queueSize: number } {
    const { timeoutMs, maxRows, maxBytes, maxConcurrent, queueSize } = this.opts;
    return { timeoutMs, maxRows, maxBytes, maxConcurrent, queueSize };
  }

  get load(): { queued: number; running: number } {
    return this.admission.load;
  }

  async answer(task: QueryTask, signal?: AbortSignal): Promise<Answer> {
    const began = Date.now();
    try {
      const key = JSON.stringify([
        task.text,
        task.defaultGraphUris,
        task.namedGraphUris,
        task.resultsType,
        task.graphType,
        task.maxRows,
        task.bindings,
        task.jsonldContext?.url,
        task.page,
      ]);
      const hit = this.cache.get(key);
      let out: Answer;
      if (hit) out = { ...hit.head, body: hit.body, cached: true };
      else {
        const { head, body } = await this.admitted(task, signal);
        this.cache.remember(key, head, body);
        out = { ...head, body, cached: false };
      }
      this.outcomes.record({ outcome: 'ok', ms: Date.now() - began, cached: out.cached });
      return out;
    } catch (e) {
      this.outcomes.record({ outcome: signal?.aborted ? 'cancelled' : outcomeOf(e), ms: Date.now() - began, cached: false });
      throw e;
    }
  }

  private async admitted(task: QueryTask, signal?: AbortSignal): Promise<{ head: AnswerHead; body: Buffer }> {
    let release: () => void;
    try {
      release = await this.admission.acquire(signal);
    } catch (e) {
      if (e instanceof AdmissionRefused) throw new QueryError('busy', e.message);
      if (e instanceof AdmissionCancelled) throw new QueryError('cancelled', 'The client hung up; the query was stopped.');
      throw e;
    }
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.evaluate(task, stop);
    } catch (e) {
      if (timeout.aborted)
        throw new QueryError(
          'timeout',
          `The query did not finish within the limit of ${this.opts.timeoutMs / 1000} s and was stopped; simplify it or add a LIMIT.`,
        );
      if (signal?.aborted) throw new QueryError('cancelled', 'The client hung up; the query was stopped.');
      throw e;
    } finally {
      release();
    }
  }

  private async evaluate(task: QueryTask, signal: AbortSignal): Promise<{ head: AnswerHead; body: Buffer }> {
    let analyzed;
    try {
      analyzed = analyzeQuery(task.text, {
        allowRemote: this.opts.allowRemote,
        localBase: this.dataset.baseIri,
        isLocalGraph: (g) => this.graphs.has(g),
        maxDepth: this.opts.maxDepth,
        defaultGraphUris: task.defaultGraphUris,
        namedGraphUris: task.namedGraphUris,
      });
    } catch (e) {
      if (e instanceof QueryError) throw e;
      throw new QueryError('syntax', (e as Error).message);
    }
    const results = analyzed.form === 'SELECT' || analyzed.form === 'ASK';
    const wanted = results ? task.resultsType : task.graphType;
    if (!wanted)
      throw new QueryError('unacceptable', `No acceptable media type for a ${analyzed.form} result.`, undefined, undefined, analyzed.form);
    const presented = this.opts.present?.types.includes(wanted) ?? false;
    const maxBytes = presented ? Math.floor(this.opts.maxBytes / 4) : this.opts.maxBytes;
    const maxRows = Math.min(task.maxRows ?? Infinity, this.opts.maxRows);
    const protocol =
      task.defaultGraphUris?.length || task.namedGraphUris?.length
        ? { defaultGraphs: task.defaultGraphUris, namedGraphs: task.namedGraphUris }
        : undefined;
    const { text, dataset } = storeRequest(task.text, task.bindings, maxRows, { protocol, version: this.versionDataset() });
    let out: QueryOutput;
    try {
      out = results
        ? await this.selectOrAsk(
            text,
            dataset,
            analyzed.form,
            presented ? 'application/sparql-results+json' : wanted,
            maxRows,
            maxBytes,
            signal,
          )
        : await this.graph(text, dataset, analyzed.form, presented ? 'application/n-triples' : wanted, maxRows, task, signal);
    } catch (e) {
      if (e instanceof StoreError) {
        if (e.status !== undefined && e.status < 500) throw new QueryError('execution', `The store refused the query: ${e.message}`);
        throw new QueryError('busy', `The store could not answer: ${e.message}`);
      }
      throw e;
    }
    const body = Buffer.from(
      presented ? this.opts.present!.present(out, wanted, { text: task.text, base: this.dataset.baseIri, page: task.page }) : out.body,
      'utf8',
    );
    if (body.length > this.opts.maxBytes)
      throw new QueryError(
        'size',
        'The answer would be larger than the size limit even cut to a few rows; select fewer or shorter values.',
      );
    return { head: { form: out.form, mediaType: wanted, count: out.count, truncated: out.truncated, bytes: body.length }, body };
  }

  /** The version's graphs: the default graph is their union (or the record's default graph alone), GRAPH ranges over the named ones. */
  private versionDataset(): { defaultGraphs: string[]; namedGraphs: string[] } {
    return { defaultGraphs: [this.opts.unionDefaultGraph ? UNION_GRAPH : DEFAULT_GRAPH], namedGraphs: [...this.graphs].sort() };
  }

  private async selectOrAsk(
    text: string,
    dataset: RequestDataset,
    form: QueryOutput['form'],
    mediaType: string,
    maxRows: number,
    maxBytes: number,
    signal: AbortSignal,
  ): Promise<QueryOutput> {
    if (form === 'ASK') {
      const res = await this.client.select(text, dataset, signal);
      return { form, mediaType, body: writeResults(res, mediaType), count: 1, truncated: false };
    }
    // Streamed: at most one row past the cap is read (to know the answer was cut), and the input is bounded in bytes.
    const reply = await this.client.query(text, 'application/sparql-results+json', dataset, signal);
    const streamed = await readResultStream(reply.body, { maxRows, maxBytes: STORE_BYTES_FACTOR * maxBytes, signal });
    const res = streamed.results;
    const rows = res.results?.bindings ?? [];
    let keep = rows.length;
    let truncated = streamed.truncated;
    for (;;) {
      const cut: SparqlJsonResults = { head: res.head, results: { bindings: rows.slice(0, keep) } };
      const body = writeResults(cut, mediaType);
      if (Buffer.byteLength(body) <= maxBytes || keep <= 1) return { form, mediaType, body, count: keep, truncated };
      keep = Math.floor(keep / 2);
      truncated = true;
    }
  }

  private async graph(
    text: string,
    dataset: RequestDataset,
    form: QueryOutput['form'],
    mediaType: string,
    maxRows: number,
    task: QueryTask,
    signal: AbortSignal,
  ): Promise<QueryOutput> {
    const res = await this.client.query(text, 'application/n-triples', dataset, signal);
    const parsed = new N3Parser({ format: 'N-Triples' }).parse(await res.text());
    const seen = new Set<string>();
    const quads: RDF.Quad[] = [];
    let truncated = false;
    for (const q of parsed) {
      const t = DataFactory.quad(
        normaliseRdfTerm(q.subject) as RDF.Quad_Subject,
        q.predicate,
        normaliseRdfTerm(q.object) as RDF.Quad_Object,
      );
      const key = quadKey(t);
      if (seen.has(key)) continue;
      if (quads.length >= maxRows) {
        truncated = true;
        break;
      }
      seen.add(key);
      quads.push(t);
    }
    const format = findFormat(mediaType);
    if (!format) throw new QueryError('unacceptable', `No RDF writer for ${mediaType}.`);
    const body = await serializeQuads(quads, format, { prefixes: this.opts.prefixes, context: task.jsonldContext });
    return { form, mediaType, body, count: quads.length, truncated };
  }
}

/** A graph no version ever fills: an empty default graph, or no named graphs, said in a way every store understands. */
export const EMPTY_GRAPH = 'urn:forum-ld:empty';

/**
 * The request the store is sent. Parameters are bound by a VALUES block in the WHERE clause (RDF terms,
 * written by sparqljs's generator, never pasted). The dataset is decided here, as the SPARQL 1.1 Protocol says
 * (protocol parameters, else the query's FROM / FROM NAMED, else the version's graphs), and sent as protocol
 * parameters, with an empty graph standing for an empty list: Virtuoso would otherwise range over every graph it holds
 * (other versions, the catalog), and it lets GRAPH <g> reach graphs outside FROM NAMED, so such a g is replaced by the
 * empty graph. A SELECT without ORDER BY gets a LIMIT of one past the row cap (with ORDER BY, Virtuoso refuses a LIMIT
 * past its MaxSortedTopRows; its ResultSetMaxRows bounds the answer instead).
 */
export function storeRequest(
  text: string,
  bindings: Record<string, PlainTerm> | undefined,
  maxRows: number,
  graphs: { protocol?: RequestDataset; version: { defaultGraphs: readonly string[]; namedGraphs: readonly string[] } },
): { text: string; dataset: RequestDataset } {
  let parsed: SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch {
    // A query sparqljs cannot read (SPARQL 1.2 syntax) goes as it is; it has no parameters (named queries are read by sparqljs).
    if (bindings && Object.keys(bindings).length) throw new QueryError('unsupported', 'This named query cannot be bound for the store.');
    return { text, dataset: nonEmpty(graphs.protocol ?? graphs.version) };
  }
  if (parsed.type !== 'query') return { text, dataset: nonEmpty(graphs.version) };
  if (JSON.stringify(parsed.where ?? []).includes('"type":"service"'))
    throw new QueryError(
      'unsupported',
      "SERVICE is allow-listed here, but this endpoint's query engine cannot query remote endpoints (no federation).",
    );
  const own = parsed.from && (parsed.from.default.length || parsed.from.named.length) ? parsed.from : undefined;
  const dataset: RequestDataset = graphs.protocol
    ? { defaultGraphs: graphs.protocol.defaultGraphs ?? [], namedGraphs: graphs.protocol.namedGraphs ?? [] }
    : own
      ? { defaultGraphs: own.default.map((t) => t.value), namedGraphs: own.named.map((t) => t.value) }
      : graphs.version;
  delete parsed.from;
  const named = new Set(dataset.namedGraphs);
  hideGraphs(parsed.where, named);
  let listed = true;
  if (dataset === graphs.version && (dataset.namedGraphs?.length ?? 0) > MAX_LISTED_GRAPHS) {
    // Thousands of named graphs (a nanopublication per finding) cannot go as a list with every query: GRAPH ?g then
    // ranges over the store's graphs less forum-ld's own (other versions, the catalog, the union), so the store must
    // hold only this publication (Virtuoso's few system graphs excepted: see the README).
    fenceGraphs(parsed.where);
    listed = false;
  }
  if (bindings && Object.keys(bindings).length) {
    const row: Record<string, RDF.Term> = {};
    for (const [name, t] of Object.entries(bindings)) {
      // Virtuoso ends a string at U+0000 (it would match the value's first part): refused rather than answered wrongly.
      if (t.value.includes('\u0000'))
        throw new QueryError('unsupported', `The value of ${name} holds the character U+0000, which the store cannot compare.`);
      row[`?${name}`] =
        t.termType === 'NamedNode'
          ? DataFactory.namedNode(t.value)
          : DataFactory.literal(t.value, t.language || (t.datatype ? DataFactory.namedNode(t.datatype) : undefined));
    }
    // At the end of the group (the same join wherever it stands): Virtuoso 7.2's compiler fails on a one-row VALUES
    // at the head of a group whose FILTER tests the variable with BOUND ("no SPART_VARR_FIXED").
    parsed.where = [...(parsed.where ?? []), { type: 'values', values: [row as never] }];
  }
  if (parsed.queryType === 'SELECT' && !parsed.order && maxRows < 100_000_000)
    parsed.limit = Math.min(parsed.limit ?? Infinity, maxRows + 1);
  // Control characters written raw end Virtuoso's string literals early; SPARQL's \u escapes say the same (§19.2).
  const generated = new Generator()
    .stringify(parsed)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { text: generated, dataset: listed ? nonEmpty(dataset) : { defaultGraphs: dataset.defaultGraphs } };
}

/** Named graphs listed with each query (named-graph-uri) up to this many. */
export const MAX_LISTED_GRAPHS = 1000;

/** GRAPH ?g { … } gets FILTER(!STRSTARTS(STR(?g), "urn:forum-ld:")) inside: the versioned copies and the catalog stay out. */
function fenceGraphs(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) fenceGraphs(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as { type?: string; name?: RDF.Term; patterns?: unknown[] };
  if (o.type === 'graph' && o.name?.termType === 'Variable' && Array.isArray(o.patterns)) {
    o.patterns.push({
      type: 'filter',
      expression: {
        type: 'operation',
        operator: '!',
        args: [
          {
            type: 'operation',
            operator: 'strstarts',
            args: [{ type: 'operation', operator: 'str', args: [o.name] }, DataFactory.literal('urn:forum-ld:')],
          },
        ],
      },
    });
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object' && !('termType' in v)) fenceGraphs(v);
}

function nonEmpty(d: RequestDataset): RequestDataset {
  return {
    defaultGraphs: d.defaultGraphs?.length ? d.defaultGraphs : [EMPTY_GRAPH],
    namedGraphs: d.namedGraphs?.length ? d.namedGraphs : [EMPTY_GRAPH],
  };
}

/** GRAPH <g> with g outside the dataset's named graphs becomes GRAPH <empty>, everywhere in the query (subqueries, EXISTS). */
function hideGraphs(node: unknown, named: ReadonlySet<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) hideGraphs(n, named);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as { type?: string; name?: RDF.Term };
  if (o.type === 'graph' && o.name?.termType === 'NamedNode' && !named.has(o.name.value)) o.name = DataFactory.namedNode(EMPTY_GRAPH);
  for (const v of Object.values(node)) if (v && typeof v === 'object' && !('termType' in v)) hideGraphs(v, named);
}
