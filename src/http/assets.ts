// Static files: public/ under hashed names (cached for a year), the favicon, and the SPARQL editor's files (YASGUI) from its package.
import * as path from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { publicAssets } from '../publicAssets';
import { notFound } from './errors';
import { represent } from './represent';

export const EDITOR_ASSETS = '/assets/yasgui';

const FILES = new Set(['yasgui.min.js', 'yasgui.min.css', 'yasgui.min.js.map']);

/** A hashed name names exact bytes, so a client may keep them for good; the day they change, pages link another name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function editorAssets(): express.RequestHandler {
  const dir = path.dirname(require.resolve('@zazuko/yasgui/build/yasgui.min.js'));
  const serve = express.static(dir, { index: false, maxAge: '1d', fallthrough: true });
  return (req, res, next) => (FILES.has(req.path.slice(1)) ? serve(req, res, next) : next());
}

/**
 * GET /assets/:file from public/. Pages link the hashed name (`style.3f2a9c1e.css`), cached for a year; the plain
 * name (`style.css`) answers too, for people and old links, revalidated every time against its ETag.
 */
export function publicAssetHandler() {
  return (req: Request, res: Response, next: NextFunction) => {
    const file = String(req.params.file);
    const asset = publicAssets().get(file);
    if (!asset) return next(notFound(`The file /assets/${file}`));
    represent(req, res, {
      body: asset.body, format: { mediaType: asset.mediaType }, etag: asset.etag, vary: 'Accept-Encoding',
      cacheControl: file === asset.hashedName ? IMMUTABLE : 'public, max-age=0, must-revalidate',
    });
  };
}

/** GET /favicon.svg (and /favicon.ico, which browsers ask for unprompted): public/favicon.svg, so no page load logs a 404. */
export function faviconHandler() {
  return (req: Request, res: Response) => {
    const icon = publicAssets().get('favicon.svg')!;
    represent(req, res, { body: icon.body, format: { mediaType: icon.mediaType }, etag: icon.etag, cacheControl: 'public, max-age=604800', vary: 'Accept-Encoding' });
  };
}
