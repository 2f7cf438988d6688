// Sends one representation with the caching and discovery headers every RDF document carries.
import { createHash } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { Format } from '../rdf/formats';
import { lastModified } from '../publish/versionDates';
import type { Dataset } from '../store/dataset';

export interface Representation {
  /** A stream is sent with backpressure: the server never holds more of it than the socket's buffers. */
  body: string | Buffer | Readable;
  /** The length of a streamed body, when known (Content-Length). */
  bytes?: number;
  format: Format | { mediaType: string };
  /** Changes whenever the bytes change: the dataset version plus what identifies the document. */
  etagSeed?: string;
  /** A ready ETag, when the caller computed it before making the body. */
  etag?: string;
  lastModified?: Date;
  /** Alternates (all formats of the same document), and other Link relations. */
  links?: Array<{ href: string; rel: string; type?: string; profile?: string }>;
  contentLocation?: string;
  maxAge?: number;
  /** The whole Cache-Control value, when max-age alone does not say it (e.g. immutable). */
  cacheControl?: string;
  vary?: string;
}

export function etagOf(seed: string): string {
  return `"${createHash('sha1').update(seed).digest('base64url').slice(0, 27)}"`;
}

/** Sets ETag, Last-Modified, Cache-Control, Vary, Link, Content-Location; 304 and HEAD come from express. */
export function represent(req: Request, res: Response, r: Representation): void {
  if (r.body instanceof Readable) {
    sendStream(req, res, r.body, r);
    return;
  }
  setRepresentationHeaders(res, r);
  if (isNotModified(req, r.lastModified)) {
    res.status(304).end();
    return;
  }
  res.send(r.body);
}

/**
 * The same headers for a body the caller streams: true when the request is answered already (304 Not Modified,
 * or HEAD), so that nothing is generated; express does neither for a stream.
 */
export function representStream(req: Request, res: Response, r: Omit<Representation, 'body'>): boolean {
  if (answeredNotModified(req, res, r)) return true;
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  return false;
}

/** Sets the headers and answers 304 when the client's copy is current: true then, and the body need not be made. */
export function answeredNotModified(req: Request, res: Response, r: Omit<Representation, 'body'>): boolean {
  setRepresentationHeaders(res, r);
  if (!req.fresh && !isNotModified(req, r.lastModified)) return false;
  res.status(304).end();
  return true;
}

export function setRepresentationHeaders(res: ServerResponse, r: Omit<Representation, 'body'>): void {
  const type = r.format.mediaType;
  res.setHeader('Content-Type', /^text\/|json|xml|trig|n-quads|n-triples/.test(type) ? `${type}; charset=utf-8` : type);
  res.setHeader('ETag', r.etag ?? etagOf(r.etagSeed ?? ''));
  if (r.lastModified) res.setHeader('Last-Modified', r.lastModified.toUTCString());
  res.setHeader('Cache-Control', r.cacheControl ?? `public, max-age=${r.maxAge ?? 300}`);
  res.setHeader('Vary', r.vary ?? 'Accept, Accept-Encoding');
  if (r.contentLocation) res.setHeader('Content-Location', r.contentLocation);
  if (r.links?.length) {
    res.setHeader('Link', r.links.map(linkValue).join(', '));
  }
}

/** Last-Modified for a response the caller writes itself: the data's own date, none when the data states none. */
export function setLastModified(res: ServerResponse, ds: Dataset): void {
  const at = lastModified(ds);
  if (at) res.setHeader('Last-Modified', at.toUTCString());
}

/** A body made elsewhere (a query process), sent only as fast as the client reads it; unread when the request is answered already. */
function sendStream(req: Request, res: Response, body: Readable, r: Omit<Representation, 'body'>): void {
  if (representStream(req, res, r)) {
    body.destroy();
    return;
  }
  if (r.bytes !== undefined) res.setHeader('Content-Length', String(r.bytes));
  // A client gone mid-way destroys the body too, which tells its producer to stop.
  pipeline(body, res, (err) => {
    if (err && !res.destroyed) res.destroy();
  });
}

/**
 * The same representation over Node's own response, for the lean path (leanPath.ts), whose requests carry no
 * conditional headers (so never 304) and no Accept-Encoding: the bytes and headers express's res.send, or sendStream,
 * would write, without express.
 */
export function representDirect(req: IncomingMessage, res: ServerResponse, r: Representation): void {
  setRepresentationHeaders(res, r);
  const { body } = r;
  if (body instanceof Readable) {
    if (req.method === 'HEAD') {
      res.end();
      body.destroy();
      return;
    }
    if (r.bytes !== undefined) res.setHeader('Content-Length', String(r.bytes));
    pipeline(body, res, (err) => {
      if (err && !res.destroyed) res.destroy();
    });
    return;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.setHeader('Content-Length', String(bytes.length));
  if (req.method === 'HEAD') res.end();
  else res.end(bytes);
}

/** One Link header value (RFC 8288). */
export function linkValue(l: { href: string; rel: string; type?: string; profile?: string }): string {
  return `<${l.href}>; rel="${l.rel}"${l.type ? `; type="${l.type}"` : ''}${l.profile ? `; profile="${l.profile}"` : ''}`;
}

/** If-Modified-Since applies only when the client sent no If-None-Match (RFC 9110); express checks the ETag. */
function isNotModified(req: Request, lastModified?: Date): boolean {
  if (req.get('if-none-match') || !lastModified) return false;
  const since = Date.parse(req.get('if-modified-since') ?? '');
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
