// Small cross-cutting middleware: CORS, method guards, one structured log line per request.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { methodNotAllowed } from './errors';

/** CORS on every response; preflight requests are answered here. */
export function cors(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Location, Link, ETag, Last-Modified, X-Result-Count, X-Result-Truncated, Retry-After');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? 'Accept, Content-Type, If-None-Match, If-Modified-Since');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.setHeader('Allow', 'GET, HEAD, POST, OPTIONS');
    res.status(204).end();
    return;
  }
  next();
}

/** Only these methods reach the handlers behind it; others get 405 with Allow. */
export function allow(...methods: string[]) {
  const all = methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : methods;
  return (req: Request, _res: Response, next: NextFunction) => next(all.includes(req.method) ? undefined : methodNotAllowed(req.method, [...all, 'OPTIONS']));
}

/**
 * One line per request: method, path, status, duration, and for queries their hash, result count and whether the
 * answer came from the cache; the query text only at debug level. A client that hangs up early is logged too.
 */
export function requestLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!log.isLevelEnabled('info')) { next(); return; } // nothing would be written: no timer, no listener
    const start = process.hrtime.bigint();
    let logged = false;
    const write = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10;
      // originalUrl: mounted routers rewrite req.url, and by 'finish' req.path no longer names the resource.
      const line: Record<string, unknown> = { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, durationMs };
      if (aborted) line.aborted = true;
      if (res.locals.queryHash) line.queryHash = res.locals.queryHash;
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

/**
 * A strong ETag names exact bytes, so a response compressed on the fly (installed before `compression()`, which
 * then runs first) gets a weak one; conditional requests still match, since If-None-Match compares weakly.
 * Bytes that were stored compressed (the dumps' .gz files) keep their strong ETag: they set res.locals.precompressed.
 */
export function weakEtagWhenCompressed(_req: Request, res: Response, next: NextFunction): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    const encoding = res.getHeader('Content-Encoding');
    const etag = res.getHeader('ETag');
    if (encoding && encoding !== 'identity' && typeof etag === 'string' && !etag.startsWith('W/') && !res.locals.precompressed) {
      res.setHeader('ETag', `W/${etag}`);
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof res.writeHead;
  next();
}
