// One query answered end to end where it runs (a query process, or in process): check, pick the format, evaluate, present.
// Parsing happens here rather than on the server's thread because parse time grows faster than query length.
import { analyzeQuery, AnalyzeOptions, type AnalyzedQuery } from './analyze';
import type { QueryOutput } from './comunica/engine';
import type { QueryEngine } from './engineOnDemand';
import type { PlainTerm } from './plainTerm';
import type { QueryForm } from './syntax';
import { QueryError } from './queryError';
import type { DirectAnswer } from './bgp';

/** Everything a query needs, as plain data (it crosses to the query process): the one input of QueryService.answer. */
export interface QueryTask {
  text: string;
  /** SPARQL Protocol default-graph-uri / named-graph-uri; they override FROM / FROM NAMED. */
  defaultGraphUris?: readonly string[];
  namedGraphUris?: readonly string[];
  /** The media type to answer a SELECT/ASK in, or undefined when the client accepts none of the result formats. */
  resultsType?: string;
  /** The media type to answer a CONSTRUCT/DESCRIBE in, or undefined when the client accepts no RDF format. */
  graphType?: string;
  /** A lower row cap than the service's (pages, API pages). */
  maxRows?: number;
  /** Pre-bound variables (named queries' parameters), substituted as terms, never as text. */
  bindings?: Record<string, PlainTerm>;
  /** JSON-LD output: compact with this context, named by `url`. */
  jsonldContext?: { object: Record<string, unknown>; url?: string };
  /** HTML pages: what every page shows around its content (the site's name, the paths of its static files). */
  page?: { siteName: string; assets: Readonly<Record<string, string>> };
  /** The caller can send an answer whose count is known only at its end (Answer.streamed): an external store's long answers then stream. */
  streamable?: boolean;
}

/** The limits and prefixes the service adds to each task. */
export interface TaskLimits {
  maxRows: number;
  maxBytes: number;
  prefixes?: Record<string, string>;
}

/** What is known of an answer before its first byte is sent: it becomes the response's headers. */
export interface AnswerHead {
  form: QueryForm;
  mediaType: string;
  /** Solutions or triples in the body. */
  count: number;
  /** Cut at the row limit or the size limit. */
  truncated: boolean;
  /** Length of the body in bytes. */
  bytes: number;
}

/** Makes the media types the engine does not write (the HTML page, plain JSON rows), from SPARQL JSON or N-Triples. */
export interface Presenter {
  types: readonly string[];
  present(out: QueryOutput, mediaType: string, ctx: { text: string; base: string; page?: QueryTask['page'] }): string;
}

/** What the task's environment knows: the policy and the local graphs. */
export type TaskEnv = Pick<AnalyzeOptions, 'allowRemote' | 'localBase' | 'isLocalGraph' | 'maxDepth'>;

export interface TaskTools {
  /** Loaded on demand where it may never be needed (engineOnDemand.ts). */
  engine: QueryEngine;
  env: TaskEnv;
  direct?: DirectAnswer;
  present?: Presenter;
}

/** The media type a form is answered in, the one evaluated to (a page is made from SPARQL JSON or N-Triples), its room. */
interface Media {
  wanted: string;
  mediaType: string;
  presented: boolean;
  maxBytes: number;
}

function mediaFor(form: QueryForm, task: QueryTask & TaskLimits, present: Presenter | undefined): Media {
  const results = form === 'SELECT' || form === 'ASK';
  const wanted = results ? task.resultsType : task.graphType;
  if (!wanted) throw new QueryError('unacceptable', `No acceptable media type for a ${form} result.`, undefined, undefined, form);
  const presented = present?.types.includes(wanted) ?? false;
  const mediaType = presented ? (results ? 'application/sparql-results+json' : 'application/n-triples') : wanted;
  // A page is markup around the data: the data gets a quarter of the room, so the page still fits.
  return { wanted, mediaType, presented, maxBytes: presented ? Math.floor(task.maxBytes / 4) : task.maxBytes };
}

/**
 * Answers a task whose shape the indexes answered before without parsing it (evaluate/shapes.ts), or returns
 * undefined (then answerQuery, or a query process, answers it). Throws QueryError only for an unacceptable type.
 * `forget`: a shape the indexes hand back is not tried again by this `direct` (the server's own, small budget).
 */
export async function answerByShape(
  tools: Pick<TaskTools, 'direct' | 'present' | 'env'>,
  task: QueryTask & TaskLimits,
  forget = false,
): Promise<{ head: AnswerHead; body: Buffer } | undefined> {
  const { direct, present } = tools;
  const plain = !task.bindings && !task.jsonldContext && !task.defaultGraphUris?.length && !task.namedGraphUris?.length;
  const shaped = plain ? direct?.shape(task.text) : undefined;
  if (!shaped) return undefined;
  const media = mediaFor(shaped.form, task, present);
  const out = await direct!.answerShape(shaped, media.mediaType, task.maxRows, task.prefixes, forget ? task.text : undefined);
  // Longer than its room, the engine cuts it at a row. (A UTF-16 unit is at most 3 UTF-8 bytes: most answers need no count.)
  if (!out || (out.body.length * 3 > media.maxBytes && Buffer.byteLength(out.body) > media.maxBytes)) return undefined;
  return finish(tools, task, media, out);
}

/**
 * Answers a task, or throws QueryError. `direct`, when given, answers what it can without the engine (from the
 * store's indexes; a known shape even without a parse). The body never exceeds `limits.maxBytes`: a longer answer
 * is cut at a row, and one that cannot be cut short enough is refused ('size').
 */
export async function answerQuery(
  tools: TaskTools,
  task: QueryTask & TaskLimits,
  signal?: AbortSignal,
): Promise<{ head: AnswerHead; body: Buffer }> {
  const known = await answerByShape(tools, task);
  if (known) return known;
  const { engine, env, direct, present } = tools;
  let analyzed: AnalyzedQuery;
  try {
    analyzed = analyzeQuery(task.text, { ...env, defaultGraphUris: task.defaultGraphUris, namedGraphUris: task.namedGraphUris });
  } catch (e) {
    if (e instanceof QueryError) throw e;
    throw new QueryError('syntax', (e as Error).message);
  }
  const media = mediaFor(analyzed.form, task, present);
  let out: QueryOutput;
  try {
    out = await evaluate(engine, direct, analyzed, { ...task, maxBytes: media.maxBytes }, media.mediaType, signal);
  } catch (e) {
    if (e instanceof QueryError) throw e;
    const message = (e as Error).message ?? String(e);
    if (/^Network access to .* is refused/.test(message)) throw new QueryError('remote', message);
    // The bundled engine has no actors to open a remote source: an allow-listed SERVICE still cannot run.
    if (/bus-query-source-dereference-link/.test(message)) {
      throw new QueryError(
        'unsupported',
        "SERVICE is allow-listed here, but this endpoint's query engine cannot query remote endpoints (no federation).",
      );
    }
    throw new QueryError('execution', message);
  }
  return finish(tools, task, media, out);
}

/** The answer as sent: presented (a page) if asked for, and within the size limit. */
function finish(
  tools: Pick<TaskTools, 'present' | 'env'>,
  task: QueryTask & TaskLimits,
  media: Media,
  out: QueryOutput,
): { head: AnswerHead; body: Buffer } {
  const text = media.presented
    ? tools.present!.present(out, media.wanted, { text: task.text, base: tools.env.localBase ?? '', page: task.page })
    : out.body;
  const body = Buffer.from(text, 'utf8');
  if (body.length > task.maxBytes) {
    throw new QueryError(
      'size',
      `The answer would be larger than the limit of ${sizeText(task.maxBytes)} even cut to a few rows; select fewer or shorter values.`,
    );
  }
  return { head: { form: out.form, mediaType: media.wanted, count: out.count, truncated: out.truncated, bytes: body.length }, body };
}

async function evaluate(
  engine: QueryEngine,
  direct: DirectAnswer | undefined,
  analyzed: AnalyzedQuery,
  task: QueryTask & TaskLimits,
  mediaType: string,
  signal?: AbortSignal,
): Promise<QueryOutput> {
  const maxRows = task.maxRows;
  // The fast path has no size bound of its own: an answer over the cap is made again by the engine, which cuts it.
  const quick = task.bindings || task.jsonldContext ? undefined : await direct?.answer(analyzed, mediaType, maxRows, task.prefixes);
  if (quick && Buffer.byteLength(quick.body) <= task.maxBytes) return quick;
  // The parse made by analyzeQuery goes to the engine: the query is not parsed again.
  return engine.execute(
    {
      query: analyzed.query,
      mediaType,
      maxRows,
      maxBytes: task.maxBytes,
      prefixes: task.prefixes,
      bindings: task.bindings,
      jsonldContext: task.jsonldContext,
    },
    signal,
  );
}

/** 67108864 → "64 MiB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
