// GET /context.jsonld: the published JSON-LD context, with the deployment's base filled in.
import type { NextFunction, Request, Response } from 'express';
import { LiveDataset } from '../store/live';
import { withBase } from '../store/load';
import { notFound } from './errors';
import { represent } from './represent';

export function contextHandler(live: LiveDataset) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { dataset: ds } = live.current;
    const ctx = ds.info.contexts.get('context.jsonld');
    if (!ctx) return next(notFound('A JSON-LD context'));
    represent(req, res, {
      body: JSON.stringify(withBase(ctx, ds.baseIri), null, 2) + '\n', format: { mediaType: 'application/ld+json' },
      etagSeed: `${ds.info.version} context`, lastModified: ds.info.loadedAt, maxAge: 86400, vary: 'Accept-Encoding',
    });
  };
}
