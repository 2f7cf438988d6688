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

/** method, path, status, duration, query hash and result count; the query text only at debug level. */
export function requestLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!log.isLevelEnabled('info')) { next(); return; } // nothing would be written: no timer, no listener
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const line: Record<string, unknown> = { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.locals.queryHash) line.queryHash = res.locals.queryHash;
      if (res.locals.resultCount !== undefined) line.results = res.locals.resultCount;
      if (log.isLevelEnabled('debug') && res.locals.queryText) line.query = res.locals.queryText;
      log.info(line, 'request');
    });
    next();
  };
}
