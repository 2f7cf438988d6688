// The security headers of every response (helmet): a Content-Security-Policy without 'unsafe-inline', nosniff, a referrer policy.
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

export function securityHeaders() {
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
