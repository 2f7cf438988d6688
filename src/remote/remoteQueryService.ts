// The query service of one version over an external store: our checks and limits in front, the query run in the store.
import { AnswerCache } from '../sparql/answerCache';
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { CACHED_UP_TO } from '../sparql/answerCache';
import { analyzeQuery } from '../sparql/analyze';
import { Admission, AdmissionCancelled, AdmissionRefused } from '../sparql/admission';
import { QueryError } from '../sparql/queryError';
import { QueryOutcomes, outcomeOf } from '../sparql/outcomes';
import type { AnswerHead, Presenter, QueryTask } from '../sparql/queryTask';
import type { Answer } from '../sparql/queryService';
import type { QueryOutput } from '../sparql/comunica/engine';
import { findFormat } from '../rdf/formats';
import { serializeQuads } from '../rdf/serialize';
import { quadKey } from '../rdf/termKey';
import type { Dataset } from '../store/dataset';
import { StoreClient, StoreError, storeCut } from './storeClient';
import { DEFAULT_GRAPH, UNION_GRAPH } from './catalog';
import { rowsWriter, writeResults } from './sparqlResults';
import { openResultRows, storeTriples } from './resultStream';
import { relay, RelayOptions, Relayed, Tail } from './relay';
import { storeRequest } from './storeRequest';
import { triplesWriter } from './triplesWriter';

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
        const { head, body, streamed } = await this.admitted(task, signal);
        if (Buffer.isBuffer(body)) this.cache.remember(key, head, body);
        out = { ...head, body, streamed, cached: false };
      }
      this.outcomes.record({ outcome: 'ok', ms: Date.now() - began, cached: out.cached });
      return out;
    } catch (e) {
      this.outcomes.record({ outcome: signal?.aborted ? 'cancelled' : outcomeOf(e), ms: Date.now() - began, cached: false });
      throw e;
    }
  }

  /**
   * Admission and the timeout around one evaluation. A streamed answer keeps its slot until its body closes, and has
   * as long again as the timeout from its first byte to be sent whole (the store is read only as fast as the client
   * reads); past that its response is broken off, as an answer from a query process is, whether or not it is read.
   */
  private async admitted(task: QueryTask, signal?: AbortSignal): Promise<Evaluated> {
    let release: () => void;
    try {
      release = await this.admission.acquire(signal);
    } catch (e) {
      if (e instanceof AdmissionRefused) throw new QueryError('busy', e.message);
      if (e instanceof AdmissionCancelled) throw new QueryError('cancelled', 'The client hung up; the query was stopped.');
      throw e;
    }
    const stopped = `The query did not finish within the limit of ${this.opts.timeoutMs / 1000} s and was stopped; simplify it or add a LIMIT.`;
    const stop = new AbortController();
    let timedOut = false;
    const expire = () => {
      timedOut = true;
      stop.abort(new QueryError('timeout', stopped));
    };
    let timer = setTimeout(expire, this.opts.timeoutMs);
    const onHangUp = () => stop.abort(new QueryError('cancelled', 'The client hung up; the query was stopped.'));
    signal?.addEventListener('abort', onHangUp, { once: true });
    const end = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onHangUp);
      release();
    };
    let handedOver = false;
    try {
      const out = await this.evaluate(task, stop.signal);
      if (out.body instanceof Readable) {
        handedOver = true;
        clearTimeout(timer);
        // The body is pulled only as the client reads: one that stops reading would keep the slot for ever, so the
        // body itself is ended at the timeout (its close releases the slot), not only the store's request.
        const body = out.body;
        timer = setTimeout(() => {
          expire();
          body.destroy(new QueryError('timeout', stopped));
        }, this.opts.timeoutMs);
        body.once('close', end);
      }
      return out;
    } catch (e) {
      if (timedOut) throw new QueryError('timeout', stopped);
      if (signal?.aborted) throw new QueryError('cancelled', 'The client hung up; the query was stopped.');
      throw e;
    } finally {
      if (!handedOver) end();
    }
  }

  private async evaluate(task: QueryTask, signal: AbortSignal): Promise<Evaluated> {
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
    const form = analyzed.form;
    const results = form === 'SELECT' || form === 'ASK';
    const wanted = results ? task.resultsType : task.graphType;
    if (!wanted) throw new QueryError('unacceptable', `No acceptable media type for a ${form} result.`, undefined, undefined, form);
    const presented = this.opts.present?.types.includes(wanted) ?? false;
    const mediaType = presented ? (results ? 'application/sparql-results+json' : 'application/n-triples') : wanted;
    const maxRows = Math.min(task.maxRows ?? Infinity, this.opts.maxRows);
    const protocol =
      task.defaultGraphUris?.length || task.namedGraphUris?.length
        ? { defaultGraphs: task.defaultGraphUris, namedGraphs: task.namedGraphUris }
        : undefined;
    const request = storeRequest(task.text, task.bindings, maxRows, { protocol, version: this.versionDataset() });
    const caps = {
      maxRows,
      maxBytes: presented ? Math.floor(this.opts.maxBytes / 4) : this.opts.maxBytes,
      // A page is made from the whole answer; a caller that cannot send a count after the body gets it whole too.
      holdBytes: task.streamable && !presented ? HOLD_BYTES : Infinity,
      holdMs: task.streamable && !presented ? HOLD_MS : Infinity,
    };
    let out: Relayed<unknown> | QueryOutput;
    try {
      if (form === 'ASK') {
        const res = await this.client.select(request.text, request.dataset, signal);
        out = { form, mediaType, body: writeResults(res, mediaType), count: 1, truncated: false };
      } else if (results) out = await this.select(request, mediaType, caps, signal);
      else out = await this.graph(request, mediaType, caps, task, signal);
    } catch (e) {
      if (e instanceof StoreError) {
        if (e.status !== undefined && e.status < 500) throw new QueryError('execution', `The store refused the query: ${e.message}`);
        throw new QueryError('busy', `The store could not answer: ${e.message}`);
      }
      throw e;
    }
    if ('whole' in out && !out.whole)
      return { head: { form, mediaType: wanted, count: 0, truncated: false, bytes: Number.NaN }, body: out.body, streamed: out.tail };
    const whole = out as QueryOutput;
    const body = Buffer.from(
      presented
        ? this.opts.present!.present({ ...whole, form }, wanted, { text: task.text, base: this.dataset.baseIri, page: task.page })
        : whole.body,
      'utf8',
    );
    if (body.length > this.opts.maxBytes)
      throw new QueryError(
        'size',
        'The answer would be larger than the size limit even cut to a few rows; select fewer or shorter values.',
      );
    return { head: { form, mediaType: wanted, count: whole.count, truncated: whole.truncated, bytes: body.length }, body };
  }

  /** The version's graphs: the default graph is their union (or the record's default graph alone), GRAPH ranges over the named ones. */
  private versionDataset(): { defaultGraphs: string[]; namedGraphs: string[] } {
    return { defaultGraphs: [this.opts.unionDefaultGraph ? UNION_GRAPH : DEFAULT_GRAPH], namedGraphs: [...this.graphs].sort() };
  }

  /** A SELECT: rows read as they arrive, written again row by row (whole when short, else streamed). */
  private async select(
    request: StoreRequest,
    mediaType: string,
    caps: RelayOptions,
    signal: AbortSignal,
  ): Promise<Relayed<unknown> | QueryOutput> {
    const reply = await this.client.query(request.text, 'application/sparql-results+json', request.dataset, signal);
    // Virtuoso names its own cut (ResultSetMaxRows) in a header, before the rows: an answer it cut below our row cap
    // would look complete, so it is refused; one it cut above our cap is cut by our cap first, and says so.
    const cut = storeCut(reply);
    if (cut !== undefined && cut <= caps.maxRows && !(request.limit !== undefined && request.limit <= cut)) {
      await reply.body?.cancel().catch(() => undefined);
      throw storeCutError(cut);
    }
    const open = await openResultRows(reply.body, { maxBytes: STORE_BYTES_FACTOR * caps.maxBytes, signal });
    const out = await relay(open.rows, rowsWriter({ vars: open.vars }, mediaType), { ...caps, inputCut: open.overBytes });
    if (!out.whole) return out;
    return { form: 'SELECT', mediaType, body: out.text, count: out.count, truncated: out.truncated };
  }

  /** A CONSTRUCT or DESCRIBE: triples read from the store's N-Triples as they arrive, each once, written again. */
  private async graph(
    request: StoreRequest,
    mediaType: string,
    caps: RelayOptions,
    task: QueryTask,
    signal: AbortSignal,
  ): Promise<Relayed<unknown> | QueryOutput> {
    const format = findFormat(mediaType);
    if (!format) throw new QueryError('unacceptable', `No RDF writer for ${mediaType}.`);
    // The store's cut of a graph answer carries no header: its limit, probed once, is compared with the triples read.
    const cut = await this.client.rowLimit(caps.maxRows);
    const res = await this.client.query(request.text, 'application/n-triples', request.dataset, signal);
    const triples = distinct(storeTriples(res.body, { maxBytes: STORE_BYTES_FACTOR * caps.maxBytes, signal }), cut, request.limit);
    // JSON-LD and RDF/XML are written whole; the N-Triples text measures their rows against the caps meanwhile (not kept).
    const streaming = triplesWriter(format, this.opts.prefixes);
    const nt = triplesWriter(findFormat('application/n-triples')!)!;
    const whole = { ...caps, holdBytes: Infinity, holdMs: Infinity, keepText: false };
    const out = await relay(triples, streaming ?? nt, streaming ? caps : whole);
    if (!out.whole) return out;
    // Written whole as the embedded backend writes it (each subject once, only the prefixes used).
    const body = await serializeQuads(out.items, format, { prefixes: this.opts.prefixes, context: task.jsonldContext });
    return { form: 'CONSTRUCT', mediaType, body, count: out.count, truncated: out.truncated };
  }
}

type Evaluated = { head: AnswerHead; body: Buffer | Readable; streamed?: Tail };
type StoreRequest = ReturnType<typeof storeRequest>;

/** Answers held whole up to this size (they are cached, and their count goes in the headers); longer ones stream. */
const HOLD_BYTES = CACHED_UP_TO;
/** A slow answer streams once its first row has waited this long, so that a client sees rows while the store works. */
const HOLD_MS = 250;

function storeCutError(cut: number): QueryError {
  return new QueryError(
    'size',
    `The store cut this answer at its own limit of ${cut} rows (Virtuoso's ResultSetMaxRows), below this endpoint's row limit: ` +
      `it would be incomplete. Add a LIMIT of at most ${cut} (with ORDER BY and OFFSET to page), or ask the operator to raise the store's limit.`,
  );
}

/**
 * Each triple once (a store may repeat them), and an answer as long as the store's own limit refused: it may be cut
 * there (Virtuoso cuts CONSTRUCT answers without a word), unless the query's LIMIT is within that limit.
 */
async function* distinct(triples: AsyncGenerator<RDF.Quad>, cut: number | undefined, limit: number | undefined): AsyncGenerator<RDF.Quad> {
  const seen = new Set<string>();
  let read = 0;
  try {
    for await (const q of triples) {
      if (cut !== undefined && ++read >= cut && !(limit !== undefined && limit <= cut)) throw storeCutError(cut);
      const key = quadKey(q);
      if (seen.has(key)) continue;
      seen.add(key);
      yield q;
    }
  } finally {
    await triples.return(undefined);
  }
}
