// Errors as values: HttpError and the small named helpers that make each one, turned into responses in one place.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { negotiate } from '../rdf/negotiate';
import { FORMATS } from '../rdf/formats';
import { errorPage } from '../views/errorPage';
import type { SiteChrome } from '../views/model';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly title?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (what: string) => new HttpError(404, `${what} is not in this dataset.`, {}, 'Not found');
export const gone = (what: string, why: string) => new HttpError(410, `${what} has been retired: ${why}`, {}, 'Gone');
export const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  new HttpError(405, `${method} is not allowed here; use ${allowed.join(' or ')}.`, { Allow: allowed.join(', ') });
export const unsupportedMediaType = (got: string, accepted: readonly string[]) =>
  new HttpError(415, `Content-Type "${got}" is not accepted here; send ${accepted.join(' or ')}.`);
export const notAcceptable = (offered: readonly string[]) =>
  new HttpError(406, `None of the requested media types can be produced. Available: ${offered.join(', ')}.`);
export const serviceUnavailable = (message: string, retryAfterSeconds: number) =>
  new HttpError(503, message, { 'Retry-After': String(retryAfterSeconds) });
/** The external store could not be read (down, refusing, too slow): the page is unavailable for now, not a server failure. */
export const storeUnavailable = (detail: string) =>
  new HttpError(503, `The store could not be read: ${detail}`, { 'Retry-After': '5' }, 'Unavailable');
/** 503 without Retry-After: the server's time limit was reached, and the same query would only reach it again. */
export const timedOut = (message: string) => new HttpError(503, message, {}, 'Query timed out');

const ERROR_FORMATS = [
  FORMATS.find((f) => f.name === 'html')!,
  { name: 'txt', mediaType: 'text/plain', extensions: [], kind: 'html', label: 'Text' } as const,
  { name: 'json', mediaType: 'application/json', extensions: [], kind: 'html', label: 'JSON' } as const,
];

/** Sends an error in the form the client asked for: HTML for browsers, JSON for JSON clients, text otherwise. */
export function sendError(req: Request, res: Response, err: HttpError, site: SiteChrome): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  // Validators and caching set for the representation that was being prepared do not describe an error.
  for (const h of ['ETag', 'Last-Modified', 'Content-Location', 'Link', 'X-Result-Count', 'X-Result-Truncated']) res.removeHeader(h);
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status);
  res.setHeader('Vary', 'Accept, Accept-Encoding');
  res.setHeader('Cache-Control', 'no-store');
  const accept = req.get('accept');
  const wanted =
    accept && !/^\s*\*\/\*\s*$/.test(accept) ? negotiate(accept, [ERROR_FORMATS[1], ERROR_FORMATS[0], ERROR_FORMATS[2]]) : undefined;
  if (wanted?.name === 'html') {
    res.type('html').send(errorPage(err.status, err.title ?? statusTitle(err.status), err.message, site));
  } else if (wanted?.name === 'json') {
    res
      .type('application/json')
      .send(JSON.stringify({ status: err.status, error: err.title ?? statusTitle(err.status), message: err.message }));
  } else {
    res.type('text/plain; charset=utf-8').send(`${err.message}\n`);
  }
}

/** The one place an error becomes a response; unexpected errors become 500 without leaking internals. */
export function errorHandler(log: { error: (o: object, m: string) => void }, site: SiteChrome): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as Error & { status?: number; type?: string; expose?: boolean };
    if (err instanceof HttpError) return sendError(req, res, err, site);
    // decodeURIComponent's failure: wellFormedUrl refuses such URLs first, but a handler decoding anything else is covered too.
    if (err instanceof URIError)
      return sendError(req, res, badRequest('The request holds text that is not valid percent-encoded UTF-8.'), site);
    if (e.type === 'entity.too.large') return sendError(req, res, new HttpError(413, 'The request body is too large.'), site);
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported')
      return sendError(req, res, new HttpError(415, `${e.message}; send UTF-8.`), site);
    if (e.status && e.status >= 400 && e.status < 500)
      return sendError(req, res, new HttpError(e.status, e.expose ? e.message : statusTitle(e.status)), site);
    // A replica swapped versions between reading the whole version and answering (remote/versionReader.ts): ask again.
    if (e.name === 'NeedsWholeVersion')
      return sendError(
        req,
        res,
        new HttpError(503, 'A new version is being read; try again.', { 'Retry-After': '1' }, 'Unavailable'),
        site,
      );
    // Any surface of a replica reads the store (remote/storeClient.ts names its failures so).
    if (e.name === 'StoreError') {
      log.error({ err }, 'store unavailable');
      return sendError(req, res, storeUnavailable(e.message), site);
    }
    log.error({ err }, 'unexpected error');
    sendError(req, res, new HttpError(500, 'The server failed to answer this request; the failure was logged.'), site);
  };
}

export function statusTitle(status: number): string {
  return (
    (
      {
        400: 'Bad request',
        403: 'Forbidden',
        404: 'Not found',
        405: 'Method not allowed',
        406: 'Not acceptable',
        410: 'Gone',
        413: 'Payload too large',
        414: 'URI too long',
        415: 'Unsupported media type',
        500: 'Server error',
        501: 'Not implemented',
        503: 'Service unavailable',
      } as Record<number, string>
    )[status] ?? `HTTP ${status}`
  );
}
