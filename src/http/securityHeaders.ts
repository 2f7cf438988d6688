// The security headers of every response (helmet): a Content-Security-Policy without 'unsafe-inline', nosniff, a referrer policy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * Pages load scripts, styles, fonts and images from this server only, and nothing inline: page scripts and styles
 * are files of public/ (the JSON islands pages carry, `application/ld+json` and `application/json`, are data, which
 * CSP does not run). YASGUI and Swagger UI work within it (test/browser). `data:` images and fonts: both bundles
 * inline small icons that way. No upgrade-insecure-requests: a server on plain HTTP (development, a private
 * network) would send its own pages' requests to an HTTPS port that is not there.
 */
/**
 * The two <style> blocks YASGUI's table (its column resizer) inserts, allowed by their exact hashes rather than with
 * 'unsafe-inline': the resizer's own rules, and `*{cursor:col-resize!important}` while a column is dragged.
 * test/http/securityHeaders.test.ts recomputes them from the installed bundle, so an upgrade that changes them fails there.
 */
export const EDITOR_STYLE_HASHES = [
  "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",
  "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='",
];

export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", ...EDITOR_STYLE_HASHES],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
};

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** What helmet does to a response: the headers it sets (in its order) and the ones it removes. */
export interface HeaderBlock {
  set: ReadonlyArray<readonly [string, string]>;
  remove: readonly string[];
}

/**
 * The headers helmet sets, worked out once: with these options they depend on nothing in the request, and calling
 * helmet's twelve middlewares on every request was a measurable part of what a cheap request costs (docs/bench.md).
 */
export function securityHeaderBlock(): HeaderBlock {
  const set: Array<[string, string]> = [];
  const remove: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => set.push([name, String(value)]),
    removeHeader: (name: string) => remove.push(name),
  };
  let failure: unknown;
  helmetMiddleware()({} as never, recorder as never, (e?: unknown) => {
    failure = e;
  });
  if (failure) throw failure;
  return { set, remove };
}

/** Applies a header block to a response (Node's own response: no express needed). */
export function applyHeaderBlock(res: ServerResponse, block: HeaderBlock): void {
  for (const name of block.remove) res.removeHeader(name);
  for (const [name, value] of block.set) res.setHeader(name, value);
}

/** The middleware of the route table: the same header block on every response. */
export function securityHeaders(block: HeaderBlock = securityHeaderBlock()) {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    applyHeaderBlock(res, block);
    next();
  };
}

function helmetMiddleware() {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Linked Data is for everyone's pages and scripts (CORS allows any origin too); same-origin would block <img>, <script> of our files elsewhere.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // Only the origin travels to other sites: no path or query (a query can be a whole SPARQL text).
    referrerPolicy: { policy: REFERRER_POLICY },
    // HTTPS, and so HSTS, is the business of the proxy in front: sent from here it would bind every deployment's domain.
    strictTransportSecurity: false,
  });
}
