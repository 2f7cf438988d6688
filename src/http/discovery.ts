// Discovery for crawlers: /robots.txt naming the sitemap, and /sitemap.xml listing the page of every resource.
import type { NextFunction, Request, Response } from 'express';
import { LiveDataset } from '../publish/live';
import { sitemapPaths } from '../publish/sitemapPaths';
import { escapeHtml } from '../views/html';
import { notFound } from './errors';
import { answeredNotModified, represent } from './represent';
import { dataModified, lastModified } from '../publish/versionDates';

const XML = { mediaType: 'application/xml' };
/** The sitemaps protocol's limit of URLs per file; more make an index of several files. */
export const SITEMAP_LIMIT = 50_000;

/** GET /robots.txt: everything may be crawled except query URLs, and the sitemap is named. */
export function robotsHandler(live: LiveDataset) {
  return (req: Request, res: Response) => {
    const ds = live.current.dataset;
    const body = `# ${ds.baseIri}: open data, meant to be crawled and harvested.\nUser-agent: *\nAllow: /\nDisallow: /sparql?\n\nSitemap: ${ds.baseIri}sitemap.xml\n`;
    represent(req, res, {
      body,
      format: { mediaType: 'text/plain' },
      etagSeed: `${ds.info.version} robots`,
      lastModified: lastModified(ds),
      vary: 'Accept-Encoding',
      maxAge: 86400,
    });
  };
}

/** GET /sitemap.xml (a urlset, or an index when there are more pages than one file may hold) and /sitemap/{n}.xml. */
export function sitemapHandler(live: LiveDataset, limit = SITEMAP_LIMIT) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const pub = live.current;
    const ds = pub.dataset;
    // A replica over a store reads only the slice of the list this file holds (publish/sitemapPaths.ts).
    const paths = sitemapPaths(pub);
    const files = Math.ceil(paths.count / limit);
    const lastmod = dataModified(ds)?.value;
    const abs = (p: string) => escapeHtml(ds.baseIri + p.replace(/^\//, ''));
    const part = typeof req.params.n === 'string' ? Number(req.params.n) : undefined;
    if (part !== undefined && (!Number.isInteger(part) || part < 1 || part > files || files <= 1))
      return next(notFound(`The sitemap part ${req.params.n}`));
    const meta = {
      format: XML,
      etagSeed: `${ds.info.version} sitemap ${part ?? 0}`,
      lastModified: lastModified(ds),
      vary: 'Accept-Encoding',
      maxAge: 3600,
    };
    // Crawlers ask again and again: a current copy is answered before the list is read (from the store, on a replica).
    if (answeredNotModified(req, res, meta)) return;
    let body: string;
    if (part === undefined && files <= 1) {
      body = urlset((await paths.slice(0, paths.count)).map(abs), lastmod);
    } else if (part === undefined) {
      body = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${Array.from(
        { length: files },
        (_, i) => `  <sitemap><loc>${abs(`/sitemap/${i + 1}.xml`)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</sitemap>\n`,
      ).join('')}</sitemapindex>\n`;
    } else {
      body = urlset((await paths.slice((part - 1) * limit, part * limit)).map(abs), lastmod);
    }
    represent(req, res, { ...meta, body });
  };
}

/** `lastmod` (W3C Datetime, as the data states it) is left out when the data states no modification date. */
function urlset(locs: string[], lastmod: string | undefined): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${locs
    .map((l) => `  <url><loc>${l}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>\n`)
    .join('')}</urlset>\n`;
}
