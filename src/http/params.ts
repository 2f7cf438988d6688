// Strict parsing of request parameters: invalid percent-encoding or UTF-8 is an error, never silently replaced.
import { badRequest, HttpError } from './errors';

export type Params = Map<string, string[]>;

/** Parses an application/x-www-form-urlencoded string (a query string or a form body). */
export function parseParams(text: string): Params {
  const params: Params = new Map();
  if (!text) return params;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    if (!params.has(name)) params.set(name, []);
    params.get(name)!.push(value);
  }
  return params;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw badRequest(`The parameter text "${s.slice(0, 60)}" is not valid percent-encoded UTF-8.`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a request body as UTF-8, refusing other charsets (415) and invalid bytes (400). */
export function decodeBody(body: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new HttpError(415, `The request body is declared as ${charset}; this endpoint accepts UTF-8 only.`);
  }
  try {
    return utf8.decode(body);
  } catch {
    throw badRequest('The request body is not valid UTF-8.');
  }
}

/** The single value of a parameter; two values are an error. */
export function single(params: Params, name: string): string | undefined {
  const v = params.get(name);
  if (!v) return undefined;
  if (v.length > 1) throw badRequest(`The parameter "${name}" was given ${v.length} times; give it once.`);
  return v[0];
}
