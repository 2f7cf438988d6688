// The files of public/ (stylesheets, favicon, page scripts), each named by a hash of its content, read once per process.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from './config';

/** Where public/ is served; `/assets/style.3f2a9c1e.css` names the bytes of public/style.css it was computed from. */
export const ASSET_PREFIX = '/assets/';

export interface PublicAsset {
  /** The file's name in public/: `style.css`. */
  name: string;
  /** The name with the first 8 hex digits of the content's SHA-256 before the extension: `style.3f2a9c1e.css`. */
  hashedName: string;
  body: Buffer;
  mediaType: string;
  /** A strong validator from the same digest, for the unhashed name. */
  etag: string;
}

const MEDIA_TYPES: Record<string, string> = {
  '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};

let assets: Map<string, PublicAsset> | undefined;

/**
 * Every file of public/, by plain name and by hashed name. The files ship with the package and do not change while
 * it runs, so they are read once: a page links the hashed name, which can then be cached for a year.
 */
export function publicAssets(): ReadonlyMap<string, PublicAsset> {
  assets ??= readAssets(path.join(packageRoot(), 'public'));
  return assets;
}

/** The URL path a page links for public/`name`: its hashed name. Throws for a file public/ does not have (a programming error). */
export function assetHref(name: string): string {
  const asset = publicAssets().get(name);
  if (!asset) throw new Error(`public/${name} does not exist`);
  return ASSET_PREFIX + asset.hashedName;
}

function readAssets(dir: string): Map<string, PublicAsset> {
  const out = new Map<string, PublicAsset>();
  for (const name of fs.readdirSync(dir).sort()) {
    const ext = path.extname(name);
    const mediaType = MEDIA_TYPES[ext];
    if (!mediaType) continue; // e.g. a README: not served
    const body = fs.readFileSync(path.join(dir, name));
    const digest = createHash('sha256').update(body).digest('hex');
    const asset = { name, hashedName: `${name.slice(0, -ext.length)}.${digest.slice(0, 8)}${ext}`, body, mediaType, etag: `"sha256-${digest.slice(0, 32)}"` };
    out.set(name, asset);
    out.set(asset.hashedName, asset);
  }
  return out;
}
