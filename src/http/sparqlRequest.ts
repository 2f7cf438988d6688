// Reads a SPARQL 1.1 Protocol query request in any of its three forms: its parameters strictly, format hints, nothing else.
import { badRequest, HttpError, unsupportedMediaType } from './errors';
import { decodeBody, Params, parseParams, single } from './params';

export interface SparqlRequest {
  /** Undefined when the request carries no query (GET /sparql: the service description or the editor). */
  query?: string;
  defaultGraphUris: string[];
  namedGraphUris: string[];
  /** Values of the result-format hints `output`, `format`, `results`, in that order (see formatHints.ts). */
  formatHints: string[];
}

/** The protocol's parameters: a name given both in the URL and in a form body is ambiguous, so refused. */
const PROTOCOL = ['query', 'default-graph-uri', 'named-graph-uri'];
/**
 * Parameters clients send to name the result format: Fuseki reads `output`, then `format`, then `results`; Virtuoso
 * reads `format`; SPARQLWrapper sends all three by default. Every other parameter is ignored, as servers generally do:
 * refusing them turned away clients that worked everywhere else.
 */
const HINTS = ['output', 'format', 'results'];
const QUERY_TYPES = ['application/sparql-query', 'application/x-www-form-urlencoded'];
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export const readOnly = () =>
  new HttpError(
    403,
    'This endpoint is read-only: SPARQL Update is not accepted here or anywhere on this server.',
    {},
    'Read-only endpoint',
  );

/** What is read of the request: express's, or the lean path's view of Node's own (leanPath.ts). */
export interface SparqlHttpRequest {
  method: string;
  originalUrl: string;
  /** The body as the route table's raw parser leaves it (a Buffer), undefined when there is none. */
  body?: unknown;
  get(name: string): string | undefined;
}

/** GET ?query=, POST form, or POST application/sparql-query; throws HttpError (400, 403, 415) saying what to fix. */
export function readSparqlRequest(req: SparqlHttpRequest): SparqlRequest {
  const urlParams = parseParams(rawQueryString(req));
  let params: Params = urlParams;
  let query: string | undefined;
  if (urlParams.has('update')) throw readOnly();
  if (req.method === 'POST') {
    const contentType = req.get('content-type') ?? '';
    const type = contentType.split(';')[0].trim().toLowerCase();
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (type === 'application/sparql-update') throw readOnly();
    if (type === 'application/x-www-form-urlencoded') {
      const form = parseParams(decodeBody(body, contentType));
      if (form.has('update')) throw readOnly();
      for (const k of PROTOCOL)
        if (urlParams.has(k) && form.has(k)) throw badRequest(`The parameter "${k}" is given both in the URL and in the body.`);
      params = new Map([...urlParams, ...form]);
      for (const k of HINTS) if (urlParams.has(k) && form.has(k)) params.set(k, [...urlParams.get(k)!, ...form.get(k)!]);
      query = single(params, 'query');
    } else if (type === 'application/sparql-query') {
      if (urlParams.has('query'))
        throw badRequest('With Content-Type application/sparql-query the query goes in the body, not in the "query" parameter.');
      query = decodeBody(body, contentType);
    } else {
      throw unsupportedMediaType(type || '(none)', QUERY_TYPES);
    }
    if (query === undefined)
      throw badRequest('The request has no "query": send it as the body (application/sparql-query) or as the form field "query".');
  } else {
    if ((req.body as Buffer | undefined)?.length) throw badRequest(`A ${req.method} request carries no body here; POST the query instead.`);
    query = single(params, 'query');
  }
  if (query === undefined && (params.has('default-graph-uri') || params.has('named-graph-uri'))) {
    throw badRequest('The request has dataset parameters but no "query" parameter.');
  }
  if (query !== undefined && !query.trim()) throw badRequest('The query is empty.');
  return {
    query,
    defaultGraphUris: params.get('default-graph-uri') ?? [],
    namedGraphUris: params.get('named-graph-uri') ?? [],
    formatHints: HINTS.flatMap((k) => params.get(k) ?? []),
  };
}

/**
 * The request's query string as text. Node hands over raw non-ASCII URL bytes as Latin-1 characters;
 * they are read back as the UTF-8 they must be, and refused when they are not.
 */
function rawQueryString(req: SparqlHttpRequest): string {
  const raw = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
  if (!/[^\x00-\x7f]/.test(raw)) return raw;
  try {
    return UTF8.decode(Buffer.from(raw, 'latin1'));
  } catch {
    throw badRequest('The URL is not valid UTF-8.');
  }
}
