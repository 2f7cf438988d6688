// One protocol query answered end to end where it runs (a worker thread, or in process): check, pick the format, evaluate.
// Parsing happens here rather than on the server's thread because parse time grows faster than query length.
import { analyzeQuery, AnalyzeOptions, QueryProblem } from './analyze';
import { QueryOutput, SparqlEngine } from './comunica/engine';
import type { QueryForm } from './syntax';
import type { DirectAnswer } from './bgp';

export interface QueryTask {
  text: string;
  /** SPARQL Protocol default-graph-uri / named-graph-uri; they override FROM / FROM NAMED. */
  defaultGraphUris?: readonly string[];
  namedGraphUris?: readonly string[];
  /** The media type to answer a SELECT/ASK in, or undefined when the client accepts none of the result formats. */
  resultsType?: string;
  /** The media type to answer a CONSTRUCT/DESCRIBE in, or undefined when the client accepts no RDF format. */
  graphType?: string;
  maxRows: number;
  prefixes?: Record<string, string>;
}

/** What the task's environment knows: the policy and the local graphs. */
export type TaskEnv = Pick<AnalyzeOptions, 'allowRemote' | 'localBase' | 'isLocalGraph' | 'maxDepth'>;

export type TaskFailureKind = 'syntax' | 'update' | 'remote' | 'unacceptable' | 'unsupported' | 'execution';

/** Plain data (no Error objects), so it crosses the thread boundary intact. */
export type TaskOutcome =
  | { ok: true; output: QueryOutput }
  | { ok: false; kind: TaskFailureKind; message: string; line?: number; column?: number; form?: QueryForm };

/** `direct`, when given, answers what it can without the engine (basic graph patterns from the store's indexes). */
export async function answerQuery(engine: SparqlEngine, task: QueryTask, env: TaskEnv, signal?: AbortSignal, direct?: DirectAnswer): Promise<TaskOutcome> {
  let analyzed;
  try {
    analyzed = analyzeQuery(task.text, { ...env, defaultGraphUris: task.defaultGraphUris, namedGraphUris: task.namedGraphUris });
  } catch (e) {
    if (e instanceof QueryProblem) return { ok: false, kind: e.kind, message: e.message, line: e.line, column: e.column };
    return { ok: false, kind: 'syntax', message: (e as Error).message };
  }
  const mediaType = analyzed.form === 'SELECT' || analyzed.form === 'ASK' ? task.resultsType : task.graphType;
  if (!mediaType) return { ok: false, kind: 'unacceptable', form: analyzed.form, message: `No acceptable media type for a ${analyzed.form} result.` };
  try {
    const quick = direct?.(analyzed, mediaType, task.maxRows);
    if (quick) return { ok: true, output: quick };
    // The parse made by analyzeQuery goes to the engine: the query is not parsed again.
    const output = await engine.execute({ query: analyzed.query, mediaType, maxRows: task.maxRows, prefixes: task.prefixes }, signal);
    return { ok: true, output };
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/^Network access to .* is refused/.test(message)) return { ok: false, kind: 'remote', message };
    // The bundled engine has no actors to open a remote source: an allow-listed SERVICE still cannot run.
    if (/bus-query-source-dereference-link/.test(message)) {
      return { ok: false, kind: 'unsupported', message: 'SERVICE is allow-listed here, but this endpoint\'s query engine cannot query remote endpoints (no federation).' };
    }
    return { ok: false, kind: 'execution', message };
  }
}
