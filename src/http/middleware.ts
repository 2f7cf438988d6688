// Small cross-cutting middleware: CORS, method guards, one structured log line per request.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import Negotiator from 'negotiator';
import { methodNotAllowed } from './errors';

const EXPOSED = 'Content-Location, Link, ETag, Last-Modified, X-Result-Count, X-Result-Truncated, Retry-After';

/** The CORS headers of every response but a preflight's (Node's own response: the lean path sets them too). */
export function corsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
}

/** CORS on every response; preflight requests are answered here. */
export function cors(req: Request, res: Response, next: NextFunction): void {
  corsHeaders(res);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
    res.setHeader(
      'Access-Control-Allow-Headers',
      req.get('access-control-request-headers') ?? 'Accept, Content-Type, If-None-Match, If-Modified-Since',
    );
    res.setHeader('Access-Control-Max-Age', '86400');
    res.setHeader('Allow', 'GET, HEAD, POST, OPTIONS');
    res.status(204).end();
    return;
  }
  next();
}

/** What the per-request bookkeeping (log line, metrics) reads: Node's objects with express's originalUrl and locals. */
export type BookkeptRequest = IncomingMessage & { originalUrl: string; method: string };
export type BookkeptResponse = ServerResponse & { locals: Record<string, unknown> };

/** Only these methods reach the handlers behind it; others get 405 with Allow. */
export function allow(...methods: string[]) {
  const all = methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : methods;
  return (req: Request, _res: Response, next: NextFunction) =>
    next(all.includes(req.method) ? undefined : methodNotAllowed(req.method, [...all, 'OPTIONS']));
}

/**
 * One line per request: method, path, status, duration, and for queries their hash, result count and whether the
 * answer came from the cache; the query text only at debug level. A client that hangs up early is logged too.
 */
export function requestLog(log: Logger) {
  return (req: BookkeptRequest, res: BookkeptResponse, next: () => void) => {
    if (!log.isLevelEnabled('info')) {
      next();
      return;
    } // nothing would be written: no timer, no listener
    const start = process.hrtime.bigint();
    let logged = false;
    const write = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10;
      // originalUrl: mounted routers rewrite req.url, and by 'finish' req.path no longer names the resource.
      const line: Record<string, unknown> = { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, durationMs };
      if (aborted) line.aborted = true;
      if (typeof res.locals.queryText === 'string') line.queryHash = queryHash(res.locals.queryText);
      if (res.locals.resultCount !== undefined) line.results = res.locals.resultCount;
      if (res.locals.cached !== undefined) line.cached = res.locals.cached;
      if (log.isLevelEnabled('debug') && res.locals.queryText) line.query = res.locals.queryText;
      if (res.statusCode >= 500) log.warn(line, 'request');
      else log.info(line, 'request');
    };
    res.on('finish', () => write(false));
    res.on('close', () => write(!res.writableFinished));
    next();
  };
}

/** A query's short name in the log: the first 16 hex digits of its SHA-256. */
function queryHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** What compression() offers, in its order of preference (compression 1.8: brotli, then gzip). */
const CODINGS = ['br', 'gzip', 'deflate', 'identity'];
const PREFERRED = ['br', 'gzip'];

/** True when the request negotiates a content coding that compression() applies (not identity). */
export function negotiatesCoding(req: Request): boolean {
  if (!req.headers['accept-encoding']) return false;
  const negotiator = new Negotiator(req) as Negotiator & {
    encoding(available: string[], opts: { preferred: string[] }): string | undefined;
  };
  const coding = negotiator.encoding(CODINGS, { preferred: PREFERRED });
  return coding !== undefined && coding !== 'identity';
}

/**
 * A strong ETag names exact bytes, so a representation that compression() may code on the fly carries a weak one.
 * Which is decided from the request (it negotiates a coding), not from whether this body was coded: compression()
 * leaves bodies under 1 KB, HEAD and 304 responses alone, and RFC 9110 (§8.8.1, §15.4.5) wants a 304 (and a HEAD) to
 * carry the validator of the 200 to the same request. A weak ETag on a small body that went out plain is merely
 * less than it could be; If-None-Match compares weakly, so conditional requests match either way.
 * Bytes stored compressed (the dumps' .gz files, res.locals.precompressed) and no-transform answers keep their own.
 */
export function weakEtagWhenCompressed(req: Request, res: Response, next: NextFunction): void {
  if (!negotiatesCoding(req)) {
    next();
    return;
  }
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    const etag = res.getHeader('ETag');
    const noTransform = /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader('Cache-Control') ?? ''));
    if (typeof etag === 'string' && !etag.startsWith('W/') && !res.locals.precompressed && !noTransform) {
      res.setHeader('ETag', `W/${etag}`);
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof res.writeHead;
  next();
}
