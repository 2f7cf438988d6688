// Requests refused before any handler reads them: URLs that are not valid percent-encoded UTF-8 (400), body codings we do not read (415).
import type { NextFunction, Request, Response } from 'express';
import { badRequest, HttpError } from './errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Every route decodes its path or query with decodeURIComponent, which throws on `%ff` or `%E0%A4%A`: checked here,
 * once for every route, so a malformed URL is a 400 that says so rather than whatever each handler would make of it.
 */
export function wellFormedUrl(req: Request, _res: Response, next: NextFunction): void {
  next(urlProblem(req.originalUrl));
}

/** The 400 a URL deserves, or undefined when it is well-formed. */
export function urlProblem(url: string): HttpError | undefined {
  // Node hands over raw non-ASCII URL bytes as Latin-1 characters: they must be UTF-8.
  if (/[^\x00-\x7f]/.test(url)) {
    try {
      UTF8.decode(Buffer.from(url, 'latin1'));
    } catch {
      return badRequest('The URL is not valid UTF-8.');
    }
  }
  const q = url.indexOf('?');
  const [path, query] = q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
  const bad = (text: string) => {
    try {
      decodeURIComponent(text);
      return undefined;
    } catch {
      return firstBadEscape(text);
    }
  };
  const inPath = bad(path);
  if (inPath !== undefined)
    return badRequest(`The URL's path is not valid percent-encoded UTF-8 (at "${inPath}"); encode each byte of UTF-8 as %XX.`);
  const inQuery = bad(query.replace(/\+/g, ' '));
  if (inQuery !== undefined)
    return badRequest(`The URL's query string is not valid percent-encoded UTF-8 (at "${inQuery}"); encode each byte of UTF-8 as %XX.`);
  return undefined;
}

/** The shortest run of escapes that fails to decode, for the message: `%ff`, `%E0%A4%A`, `%`. */
function firstBadEscape(text: string): string {
  for (const m of text.matchAll(/(?:%[0-9a-fA-F]{2})+|%/g)) {
    try {
      decodeURIComponent(m[0]);
    } catch {
      return (m[0] === '%' ? text.slice(m.index, m.index + 3) : m[0]).slice(0, 40);
    }
  }
  return text.slice(0, 40);
}

/** The body codings the body parser undoes; any other is a 415 naming them (RFC 9110 §15.5.16). */
export const BODY_CODINGS = ['gzip', 'deflate', 'identity'];

export function acceptedBodyCoding(req: Request, _res: Response, next: NextFunction): void {
  next(bodyCodingProblem(req.get('content-encoding')));
}

/** The 415 a Content-Encoding header deserves, or undefined when the body parser can undo it (one coding at most). */
export function bodyCodingProblem(header: string | undefined): HttpError | undefined {
  if (header === undefined) return undefined;
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);
  if (codings.length <= 1 && codings.every((c) => BODY_CODINGS.includes(c))) return undefined;
  return new HttpError(
    415,
    `Content-Encoding "${header}" is not accepted here; send the body uncompressed, or compressed once with gzip or deflate.`,
    { 'Accept-Encoding': 'gzip, deflate' },
    'Unsupported content coding',
  );
}
