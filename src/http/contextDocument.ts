// GET /context.jsonld (current) and /context/{version}.jsonld (pinned, immutable): the published JSON-LD context.
import type { NextFunction, Request, Response } from 'express';
import { publishedContext } from '../publish/jsonldContext';
import { LiveDataset } from '../publish/live';
import { HttpError } from './errors';
import { represent } from './represent';
import { lastModified } from '../publish/versionDates';

const JSONLD = { mediaType: 'application/ld+json' };

/** The path of the pinned copy of a context version. */
export function contextVersionPath(version: string): string {
  return `/context/${version}.jsonld`;
}

/**
 * The ETag is the context's own digest, so caches keep it across data reloads that leave it unchanged;
 * the versioned path never changes content and may be cached for a year.
 */
export function contextHandler(live: LiveDataset) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { dataset: ds } = live.current;
    const ctx = publishedContext(ds);
    const asked = typeof req.params.version === 'string' ? req.params.version : undefined;
    if (asked !== undefined && asked !== ctx.version) {
      return next(
        new HttpError(
          404,
          `Version ${asked} of the JSON-LD context is not published here; the current one is ${contextVersionPath(ctx.version)}.`,
          {},
          'Not found',
        ),
      );
    }
    represent(req, res, {
      body: `${JSON.stringify(ctx.object, null, 2)}\n`,
      format: JSONLD,
      etagSeed: `context ${ctx.version}`,
      lastModified: lastModified(ds),
      vary: 'Accept-Encoding',
      cacheControl: asked ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
      contentLocation: asked ? undefined : contextVersionPath(ctx.version),
      links: [{ href: '/.well-known/void', rel: 'describedby', type: 'text/turtle' }],
    });
  };
}
