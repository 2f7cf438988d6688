// The SPARQL 1.1 Protocol query operation: GET, POST form, POST sparql-query; read-only; results negotiated.
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { FORMATS, RDF_FORMATS, RESULT_FORMATS, Format } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { serializeQuads } from '../rdf/serialize';
import { allPrefixes } from '../rdf/prefixes';
import { describing, LiveDataset, Publication } from '../publish/live';
import type { QueryTask } from '../sparql/queryTask';
import type { BookkeptResponse } from './middleware';
import { QueryError } from '../sparql/queryError';
import type { Answer } from '../sparql/queryService';
import { HTML_TYPE } from '../views/presentAnswer';
import { badRequest, HttpError, methodNotAllowed, notAcceptable, timedOut, serviceUnavailable } from './errors';
import { readOnly, readSparqlRequest, SparqlRequest } from './sparqlRequest';
import { etagOf, represent, Representation } from './represent';
import { hintedFormat } from './formatHints';
import { serviceDescription, SD_PREFIXES } from '../publish/serviceDescription';
import { HTML_ROW_LIMIT } from '../views/resultsModel';
import { sparqlPage } from '../views/sparqlPage';
import type { AssetHrefs, SiteChrome } from '../views/model';
import { lastModified } from '../publish/versionDates';
import { setLastModified } from './represent';

const HTML = FORMATS.find((f) => f.name === 'html')!;
/** Result formats, with the generic types clients often send for them. */
const RESULTS: readonly Format[] = RESULT_FORMATS.map((f) =>
  f.name === 'json' ? { ...f, aliases: ['application/json'] } : f.name === 'xml' ? { ...f, aliases: ['application/xml', 'text/xml'] } : f,
);
/** HTML last: chosen only when a client (a browser) ranks it above every machine format. */
const RESULTS_OFFER = [...RESULTS, HTML];
const GRAPHS_OFFER = [...RDF_FORMATS, HTML];

export interface ExampleView {
  name: string;
  query: string;
  summary?: string;
}

export interface SparqlOptions {
  unionDefaultGraph: boolean;
  siteName: string;
  /** The site's files (public/), for the pages. */
  assets: AssetHrefs;
  /** Where the YASGUI files are served; without it the editor page is the plain form. */
  editorAssets?: string;
  examples?: () => ExampleView[];
}

export function sparqlHandler(live: LiveDataset, opts: SparqlOptions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== '/') return next();
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST')
        throw methodNotAllowed(req.method, ['GET', 'HEAD', 'POST', 'OPTIONS']);
      const request = readSparqlRequest(req);
      if (request.query === undefined) await describeService(req, res, live, opts);
      else await answer(req, res, live, request as Required<SparqlRequest>, opts);
    } catch (e) {
      next(e);
    }
  };
}

/** What a query request is answered with, worked out before it runs: the task, its ETag, the formats it may take. */
export interface PlannedAnswer {
  task: QueryTask;
  etag: string;
  resultsFormat?: Format;
  graphFormat?: Format;
}

/** Throws 406 when the client accepts no format either form of query could take. */
export function planAnswer(
  pub: Publication,
  request: Required<SparqlRequest>,
  accept: string | undefined,
  site: SiteChrome,
): PlannedAnswer {
  const { queries, dataset } = pub;
  // A format hint in the query string (`format=json`) overrides Accept; each form's formats are resolved apart,
  // since the form is known only once the query is parsed (off this thread).
  const resultsFormat = hintedFormat(request.formatHints, RESULTS, 'results') ?? negotiate(accept, RESULTS_OFFER);
  const graphFormat = hintedFormat(request.formatHints, RDF_FORMATS, 'graph') ?? negotiate(accept, GRAPHS_OFFER);
  if (!resultsFormat && !graphFormat) throw notAcceptable(unique([...RESULTS_OFFER, ...GRAPHS_OFFER]));
  const html = { results: resultsFormat?.name === 'html', graph: graphFormat?.name === 'html' };
  // Pages are made where the query runs, like every other answer: nothing is rendered on the server's thread.
  const task: QueryTask = {
    text: request.query,
    defaultGraphUris: request.defaultGraphUris,
    namedGraphUris: request.namedGraphUris,
    resultsType: html.results ? HTML_TYPE : resultsFormat?.mediaType,
    graphType: html.graph ? HTML_TYPE : graphFormat?.mediaType,
    maxRows: html.results || html.graph ? HTML_ROW_LIMIT : undefined,
    page: html.results || html.graph ? site : undefined,
    // The count and the cut of a streamed answer go in trailers (below).
    streamable: true,
  };
  // The answer depends only on the data (which changes only on reload), the request and the limits.
  const { maxRows, maxBytes } = queries.limits;
  const etag = etagOf(JSON.stringify([dataset.info.version, maxRows, maxBytes, task]));
  return { task, etag, resultsFormat, graphFormat };
}

/** The validators of the answer, set before it runs: a 304 carries what the 200 would (RFC 9110 §15.4.5). */
export function setAnswerValidators(res: ServerResponse, planned: PlannedAnswer, pub: Publication): void {
  res.setHeader('ETag', planned.etag);
  setLastModified(res, pub.dataset);
  res.setHeader('Vary', 'Accept, Accept-Encoding');
}

/** Runs the planned query and says how to send its answer; its counts go to the log line and X-Result-Count. */
export async function runAnswer(
  pub: Publication,
  planned: PlannedAnswer,
  res: BookkeptResponse,
  accept: string | undefined,
  post: boolean,
): Promise<Representation> {
  let out;
  try {
    out = await pub.queries.answer(planned.task, hangUp(res));
  } catch (e) {
    throw toHttp(e, accept);
  }
  res.locals.cached = out.cached;
  resultHeaders(res, out);
  const isResults = out.form === 'SELECT' || out.form === 'ASK';
  return {
    body: out.body,
    bytes: out.streamed ? undefined : out.bytes,
    format: (isResults ? planned.resultsFormat : planned.graphFormat)!,
    etagSeed: '',
    etag: planned.etag,
    lastModified: lastModified(pub.dataset),
    maxAge: post ? 0 : 60,
  };
}

async function answer(req: Request, res: Response, live: LiveDataset, request: Required<SparqlRequest>, site: SiteChrome): Promise<void> {
  const pub = live.current;
  const accept = req.get('accept');
  const planned = planAnswer(pub, request, accept, site);
  // The log line names it by its hash (made there, only when a line is written).
  res.locals.queryText = request.query;
  setAnswerValidators(res, planned, pub);
  // A client holding the current ETag is answered 304 before anything runs.
  if (req.method !== 'POST' && req.fresh) {
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.status(304).end();
    return;
  }
  represent(req, res, await runAnswer(pub, planned, res, accept, req.method === 'POST'));
}

/**
 * X-Result-Count and X-Result-Truncated: headers, or for an answer streamed before its end is known (an external
 * store's), trailers sent after the body (announced in `Trailer`), filled in just before the body ends.
 */
function resultHeaders(res: BookkeptResponse, out: Answer): void {
  const { streamed } = out;
  if (!streamed || !(out.body instanceof Readable)) {
    res.locals.resultCount = out.count;
    res.setHeader('X-Result-Count', String(out.count));
    if (out.truncated) res.setHeader('X-Result-Truncated', `true; limit=${out.count}`);
    return;
  }
  res.setHeader('Trailer', 'X-Result-Count, X-Result-Truncated');
  // Registered before the body is piped to the response, so it runs before the response is ended.
  out.body.once('end', () => {
    res.locals.resultCount = streamed.count;
    res.addTrailers({
      'X-Result-Count': String(streamed.count),
      ...(streamed.truncated ? { 'X-Result-Truncated': `true; limit=${streamed.count}` } : {}),
    });
  });
}

/** Aborts when the client hangs up before its answer is complete: its query stops (waiting, running or being sent). */
export function hangUp(res: ServerResponse): AbortSignal {
  const stop = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) stop.abort();
  });
  return stop.signal;
}

function unique(formats: readonly Format[]): string[] {
  return [...new Set(formats.map((f) => f.mediaType))];
}

/** Query failures as HTTP errors; the status of each is documented in docs/endpoint.md. */
function toHttp(e: unknown, accept: string | undefined): Error {
  if (!(e instanceof QueryError)) return e as Error;
  switch (e.kind) {
    case 'syntax': {
      const where = e.line ? ` at line ${e.line}${e.column ? `, column ${e.column}` : ''}` : '';
      return new HttpError(400, `Malformed query${where}: ${e.message}`, {}, 'Malformed query');
    }
    case 'update':
      return readOnly();
    case 'remote':
      return new HttpError(403, e.message, {}, 'Network access refused');
    case 'unacceptable': {
      const offered = e.form === 'SELECT' || e.form === 'ASK' ? RESULTS_OFFER : GRAPHS_OFFER;
      return new HttpError(
        406,
        `A ${e.form} query answers in ${unique(offered).join(', ')}; the Accept header "${accept}" allows none of them.`,
      );
    }
    case 'unsupported':
      return new HttpError(501, e.message, {}, 'Not implemented');
    default:
      return limitError(e) ?? badRequest(`The query could not be evaluated: ${e.message}`);
  }
}

/** The errors of the server's limits and load, the same for every surface that runs queries; undefined for the others. */
export function limitError(e: QueryError): HttpError | undefined {
  switch (e.kind) {
    case 'timeout':
    case 'memory':
    case 'size':
      return timedOut(e.message);
    case 'busy':
    case 'closing':
      return serviceUnavailable(e.message, 2);
    // Nobody is left to read it; the log still says what happened.
    case 'cancelled':
      return new HttpError(503, e.message, {}, 'Cancelled');
    case 'crashed':
      return new HttpError(500, e.message);
    default:
      return undefined;
  }
}

/** GET /sparql without a query: the editor for browsers, otherwise the service description. */
async function describeService(req: Request, res: Response, live: LiveDataset, opts: SparqlOptions): Promise<void> {
  const { dataset } = live.current;
  const offered: Format[] = [...RDF_FORMATS, HTML];
  const format = negotiate(req.get('accept'), offered);
  if (!format) throw notAcceptable(offered.map((f) => f.mediaType));
  const endpoint = `${dataset.baseIri}sparql`;
  if (format.name === 'html') {
    const examples = opts.examples?.() ?? [];
    const body = sparqlPage({
      siteName: opts.siteName,
      siteAssets: opts.assets,
      endpoint: '/sparql',
      canonical: endpoint,
      prefixes: allPrefixes(dataset.baseIri),
      examples,
      assets: opts.editorAssets,
    });
    represent(req, res, {
      body,
      format,
      etagSeed: `${dataset.info.version} editor ${JSON.stringify(examples)}`,
      lastModified: lastModified(dataset),
      maxAge: 60,
    });
    return;
  }
  // Its graph sizes: the version's own, or (a replica over a store) the catalog's, one count per graph.
  const quads = await describing(live.current, async (pub) =>
    serviceDescription(pub.dataset, endpoint, { unionDefaultGraph: opts.unionDefaultGraph, limits: pub.queries.limits }),
  );
  const body = await serializeQuads(quads, format, { prefixes: SD_PREFIXES });
  represent(req, res, { body, format, etagSeed: `${dataset.info.version} sd ${format.name}`, lastModified: lastModified(dataset) });
}
