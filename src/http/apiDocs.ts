// GET /api: the browsable API documentation, and the Swagger UI files it needs, served from the installed package.
import * as path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { FORMATS } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { LiveDataset } from '../publish/live';
import { apiDocsPage } from '../views/apiDocsPage';
import { notFound } from './errors';
import { OPENAPI_PATH } from './api';
import { represent } from './represent';
import type { SiteChrome } from '../views/model';
import { lastModified } from '../publish/versionDates';

export const SWAGGER_ASSETS = '/assets/swagger-ui';
/** Only what the page loads; the package's demo page and initializer are not served. */
const SWAGGER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);
const HTML = FORMATS.find((f) => f.name === 'html')!;
const JSON_FORMAT = { name: 'json', mediaType: 'application/json', extensions: [], kind: 'results', label: 'OpenAPI' } as const;

/** GET /api: the documentation page for browsers; JSON clients are sent to the OpenAPI document. */
export function apiDocsHandler(live: LiveDataset, opts: SiteChrome) {
  return (req: Request, res: Response) => {
    const { dataset } = live.current;
    if (negotiate(req.get('accept'), [HTML, JSON_FORMAT, { ...JSON_FORMAT, mediaType: 'application/vnd.oai.openapi+json' }]) !== HTML) {
      res.setHeader('Vary', 'Accept');
      res.redirect(303, OPENAPI_PATH);
      return;
    }
    const body = apiDocsPage({
      siteName: opts.siteName,
      siteAssets: opts.assets,
      specUrl: OPENAPI_PATH,
      assets: SWAGGER_ASSETS,
      operations: (dataset.info.namedQueries ?? []).map((q) => ({ name: q.name, summary: q.summary, href: exampleHref(q) })),
    });
    represent(req, res, {
      body,
      format: HTML,
      etagSeed: `${dataset.info.version} api docs`,
      lastModified: lastModified(dataset),
      maxAge: 60,
      links: [{ href: OPENAPI_PATH, rel: 'service-desc', type: 'application/vnd.oai.openapi+json' }],
    });
  };
}

/**
 * A link that runs the query as it stands: required parameters filled with their documented example (or default);
 * none when a required parameter has neither, since the bare path would only answer 400.
 */
function exampleHref(q: {
  name: string;
  params: ReadonlyArray<{ name: string; required: boolean; example?: string; default?: string }>;
}): string | undefined {
  const args: string[] = [];
  for (const p of q.params.filter((x) => x.required)) {
    const v = p.example ?? p.default;
    if (v === undefined) return undefined;
    args.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`);
  }
  return `/api/${q.name}${args.length ? `?${args.join('&')}` : ''}`;
}

/** GET /assets/swagger-ui/:file from the swagger-ui-dist package (no CDN). */
export function swaggerAssetHandler() {
  const dir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return (req: Request, res: Response, next: NextFunction) => {
    const file = String(req.params.file);
    if (!SWAGGER_FILES.has(file)) return next(notFound(`The file ${SWAGGER_ASSETS}/${file}`));
    res.setHeader('Vary', 'Accept-Encoding'); // on the 304 too, not only where compression() adds it
    res.sendFile(path.join(dir, file), { maxAge: 86_400_000, dotfiles: 'deny' }, (err) => {
      if (err) next(err);
    });
  };
}
