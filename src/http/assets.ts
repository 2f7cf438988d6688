// Static files: public/ under content-hashed names (cached for a year), the favicon, and the SPARQL editor's files (YASGUI) from its package.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { AssetHrefs } from '../views/model';
import { notFound } from './errors';
import { represent } from './represent';

export const EDITOR_ASSETS = '/assets/yasgui';

const FILES = new Set(['yasgui.min.js', 'yasgui.min.css', 'yasgui.min.js.map']);

/** Where public/ is served; `/assets/style.3f2a9c1e.css` names the bytes of public/style.css it was computed from. */
export const PUBLIC_ASSETS = '/assets/';

/** A hashed name names exact bytes, so a client may keep them for good; the day they change, pages link another name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface PublicAsset {
  /** The file's name in public/: `style.css`. */
  name: string;
  /** The name with the first 8 hex digits of the content's SHA-256 before the extension: `style.3f2a9c1e.css`. */
  hashedName: string;
  body: Buffer;
  mediaType: string;
  /** A strong validator from the same digest, for the plain name. */
  etag: string;
}

/** The files of public/, by plain name and by hashed name. */
export type PublicAssets = ReadonlyMap<string, PublicAsset>;

const MEDIA_TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain',
};

/** Reads public/ once (at start: the files ship with the package and do not change while it runs) and names each by its hash. */
export function readPublicAssets(dir: string): PublicAssets {
  const out = new Map<string, PublicAsset>();
  for (const name of fs.readdirSync(dir).sort()) {
    const ext = path.extname(name);
    const mediaType = MEDIA_TYPES[ext];
    if (!mediaType) continue; // e.g. a README: not served
    const body = fs.readFileSync(path.join(dir, name));
    const digest = createHash('sha256').update(body).digest('hex');
    const asset = {
      name,
      hashedName: `${name.slice(0, -ext.length)}.${digest.slice(0, 8)}${ext}`,
      body,
      mediaType,
      etag: `"sha256-${digest.slice(0, 32)}"`,
    };
    out.set(name, asset);
    out.set(asset.hashedName, asset);
  }
  return out;
}

/** What pages link: each file's hashed path, by plain name (the views' AssetHrefs). */
export function assetHrefs(assets: PublicAssets): AssetHrefs {
  return Object.fromEntries([...assets.values()].map((a) => [a.name, PUBLIC_ASSETS + a.hashedName]));
}

export function editorAssets(): express.RequestHandler {
  const dir = path.dirname(require.resolve('@zazuko/yasgui/build/yasgui.min.js'));
  // Vary on every answer, the 304 included: compression() adds it only to bodies of a type it codes.
  const serve = express.static(dir, {
    index: false,
    maxAge: '1d',
    fallthrough: true,
    setHeaders: (res) => res.setHeader('Vary', 'Accept-Encoding'),
  });
  return (req, res, next) => (FILES.has(req.path.slice(1)) ? serve(req, res, next) : next());
}

/**
 * GET /assets/:file from public/. Pages link the hashed name (`style.3f2a9c1e.css`), cached for a year; the plain
 * name (`style.css`) answers too, for people and old links, revalidated every time against its ETag.
 */
export function publicAssetHandler(assets: PublicAssets) {
  return (req: Request, res: Response, next: NextFunction) => {
    const file = String(req.params.file);
    const asset = assets.get(file);
    if (!asset) return next(notFound(`The file ${PUBLIC_ASSETS}${file}`));
    represent(req, res, {
      body: asset.body,
      format: { mediaType: asset.mediaType },
      etag: asset.etag,
      vary: 'Accept-Encoding',
      cacheControl: file === asset.hashedName ? IMMUTABLE : 'public, max-age=0, must-revalidate',
    });
  };
}

/** GET /favicon.svg (and /favicon.ico, which browsers ask for unprompted): public/favicon.svg, so no page load logs a 404. */
export function faviconHandler(assets: PublicAssets) {
  const icon = assets.get('favicon.svg');
  if (!icon) throw new Error('public/favicon.svg is missing');
  return (req: Request, res: Response) => {
    represent(req, res, {
      body: icon.body,
      format: { mediaType: icon.mediaType },
      etag: icon.etag,
      cacheControl: 'public, max-age=604800',
      vary: 'Accept-Encoding',
    });
  };
}
