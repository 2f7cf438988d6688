// GET /dumps/:name: the prebuilt dumps, streamed from disk with a strong ETag (their SHA-256) and Content-Length.
import type { NextFunction, Request, Response } from 'express';
import { LiveDataset } from '../publish/live';
import { DumpFile } from '../publish/dumps';
import { HttpError, notFound } from './errors';
import { setLastModified } from './represent';

/** A strong validator from the bytes themselves, identical on every server that built the same dump. */
export function dumpEtag(f: DumpFile): string {
  return `"sha256-${f.sha256}"`;
}

export function dumpHandler(live: LiveDataset) {
  return (req: Request, res: Response, next: NextFunction) => {
    const pub = live.current;
    const name = String(req.params.name ?? '');
    const dumps = pub.dumps;
    const file = dumps?.files.find((f) => f.name === name);
    if (!file) {
      if (dumps === undefined && pub.dumpsPending)
        return next(
          new HttpError(
            503,
            'The dumps of this version are being written; try again shortly.',
            { 'Retry-After': '30' },
            'Dumps not ready yet',
          ),
        );
      if (dumps === undefined)
        return next(
          new HttpError(
            503,
            'The dumps of this version are not available; see the server log.',
            { 'Retry-After': '60' },
            'Dumps unavailable',
          ),
        );
      return next(notFound(`The dump "${name}"`));
    }
    // A client that takes gzip gets the prebuilt .gz bytes of a plain dump, not a second compression on the fly.
    const gz =
      !file.gzipped && acceptsGzip(req.get('accept-encoding')) ? dumps!.files.find((f) => f.name === `${file.name}.gz`) : undefined;
    const sent = gz ?? file;
    res.setHeader(
      'Content-Type',
      /^text\/|json|xml|trig|n-quads|n-triples/.test(file.mediaType) ? `${file.mediaType}; charset=utf-8` : file.mediaType,
    );
    if (gz) {
      res.setHeader('Content-Encoding', 'gzip');
      res.locals.precompressed = true;
    }
    res.setHeader('ETag', dumpEtag(sent));
    setLastModified(res, pub.dataset);
    res.setHeader('Cache-Control', 'public, max-age=3600, no-transform');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader(
      'Link',
      [
        '</.well-known/void>; rel="describedby"; type="text/turtle"',
        ...dumps!.files.filter((f) => f !== file && !f.gzipped).map((f) => `</dumps/${f.name}>; rel="alternate"; type="${f.mediaType}"`),
      ].join(', '),
    );
    res.sendFile(sent.path, { etag: false, lastModified: false, cacheControl: false, acceptRanges: !gz, dotfiles: 'allow' }, (err) => {
      if (!err || res.headersSent) return;
      for (const h of ['Content-Encoding', 'ETag', 'Last-Modified', 'Link', 'Cache-Control']) res.removeHeader(h);
      next((err as { code?: string }).code === 'ENOENT' ? notFound(`The dump "${name}"`) : err);
    });
  };
}

/** True when Accept-Encoding allows gzip (q > 0), by name or through `*`. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(/q=([\d.]+)/.exec(params.join(';'))?.[1] ?? 1);
    if (coding === 'gzip' || coding === 'x-gzip') return q > 0;
    if (coding === '*') star = q > 0;
  }
  return star ?? false;
}
