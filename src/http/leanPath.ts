// The hot requests (SPARQL GET, document GET) answered on Node's own request and response, ahead of express.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, Response } from 'express';
import type { LiveDataset } from '../publish/live';
import type { SiteChrome } from '../views/model';
import { type BookkeptRequest, type BookkeptResponse, corsHeaders } from './middleware';
import { urlProblem } from './inputChecks';
import { applyHeaderBlock, type HeaderBlock } from './securityHeaders';
import { readSparqlRequest, type SparqlRequest } from './sparqlRequest';
import { planAnswer, runAnswer, setAnswerValidators } from './sparql';
import { documentAnswer } from './resources';
import { HttpError } from './errors';
import { type Representation, representDirect } from './represent';

type Step = (req: BookkeptRequest, res: BookkeptResponse, next: () => void) => void;

export interface LeanOptions {
  live: LiveDataset;
  /** What the route table's handlers are given: the SPARQL handler's options (part of its answers' ETags), the documents'. */
  sparql: SiteChrome;
  documents: SiteChrome;
  /** The route table's per-request bookkeeping, called as it is there: the log line, the request metrics. */
  bookkeeping: readonly Step[];
  /** The route table's security headers, set as a block. */
  securityHeaders: HeaderBlock;
  /** Answers an error as the route table's error handler does (express's request and response are made first). */
  fail: (err: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/** How many requests the lean path answered (for the tests that check it is taken, and the bench). */
export const leanStats = { answered: 0 };

/**
 * Express costs several times what a cheap answer does (its per-request prototype switch, the router's walk over
 * every layer: docs/bench.md); these routes are answered without it, with the same headers, log line, metrics and
 * body as the route table's (test/http/leanPath.test.ts compares them). Only plain requests come here: GET or HEAD,
 * a well-formed URL, no body, no Accept-Encoding (compression stays with the route table), no conditional headers
 * (nor 304s), the dataset loaded. Returns false, having touched nothing, for every other request.
 */
export function leanPath(opts: LeanOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { live } = opts;
  return (req, res) => {
    const url = req.url ?? '';
    if (!plain(req, url) || !live.loaded) return false;
    if (url.startsWith('/sparql?')) return sparql(req, res, url, opts);
    // /doc/dataset… is the dataset's description, an earlier route of the table.
    if (url.startsWith('/doc/') && !url.startsWith('/doc/dataset') && !/[?#]/.test(url)) return document(req, res, url, opts);
    return false;
  };
}

function plain(req: IncomingMessage, url: string): boolean {
  const h = req.headers;
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    h['accept-encoding'] === undefined &&
    h['if-none-match'] === undefined &&
    h['if-modified-since'] === undefined &&
    h['content-length'] === undefined &&
    h['transfer-encoding'] === undefined &&
    h['content-encoding'] === undefined &&
    urlProblem(url) === undefined
  );
}

function sparql(req: IncomingMessage, res: ServerResponse, url: string, opts: LeanOptions): boolean {
  const accept = req.headers.accept;
  const pub = opts.live.current;
  let request: SparqlRequest;
  let planned: ReturnType<typeof planAnswer>;
  try {
    request = readSparqlRequest({ method: req.method ?? 'GET', originalUrl: url, get: (name) => header(req, name) });
    if (request.query === undefined) return false;
    planned = planAnswer(pub, request as Required<SparqlRequest>, accept, opts.sparql);
  } catch {
    return false; // the route table says what is wrong with it
  }
  const [rq, rs] = begin(req, res, opts);
  rs.locals.queryText = request.query;
  setAnswerValidators(rs, planned, pub);
  finish(rq, rs, runAnswer(pub, planned, rs, accept, false), opts);
  return true;
}

function document(req: IncomingMessage, res: ServerResponse, url: string, opts: LeanOptions): boolean {
  const [rq, rs] = begin(req, res, opts);
  finish(rq, rs, documentAnswer(opts.live, opts.documents, 'doc', url.slice('/doc'.length), req.headers.accept), opts);
  return true;
}

/** What every response of the route table gets before its handler runs, in the same order. */
function begin(req: IncomingMessage, res: ServerResponse, opts: LeanOptions): [BookkeptRequest, BookkeptResponse] {
  leanStats.answered++;
  const rq = req as BookkeptRequest;
  const rs = res as BookkeptResponse;
  rq.originalUrl = req.url ?? '';
  rs.locals = Object.create(null) as Record<string, unknown>;
  for (const step of opts.bookkeeping) step(rq, rs, noop);
  applyHeaderBlock(rs, opts.securityHeaders);
  corsHeaders(rs);
  return [rq, rs];
}

function finish(req: IncomingMessage, res: ServerResponse, answer: Promise<Representation | HttpError>, opts: LeanOptions): void {
  answer
    .then((r) => (r instanceof HttpError ? opts.fail(r, req, res) : representDirect(req, res, r)))
    .catch((e: unknown) => opts.fail(e, req, res));
}

/** Puts `lean` ahead of the app's route table: every request it does not take goes through express as before. */
export function aheadOfExpress(app: Express, lean: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const routed = app as unknown as { handle(req: IncomingMessage, res: ServerResponse, next?: unknown): void };
  const general = routed.handle.bind(app);
  routed.handle = (req, res, next) => {
    if (!lean(req, res)) general(req, res, next);
  };
}

/** The route table's error handler, on the request and response express would have made of Node's (as app.handle does). */
export function expressErrors(app: Express, handler: ErrorRequestHandler): LeanOptions['fail'] {
  return (err, req, res) => {
    Object.assign(req, { res });
    Object.assign(res, { req });
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    handler(err, req as Request, res as Response, noop);
  };
}

/** A header as express's req.get reads it (Referer and Referrer are one). */
function header(req: IncomingMessage, name: string): string | undefined {
  const lc = name.toLowerCase();
  const v = lc === 'referer' || lc === 'referrer' ? (req.headers.referrer ?? req.headers.referer) : req.headers[lc];
  return Array.isArray(v) ? v.join(', ') : v;
}

function noop(): void {}
