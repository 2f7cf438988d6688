// Discovery for crawlers: /robots.txt naming the sitemap, and /sitemap.xml listing the page of every resource.
import type { NextFunction, Request, Response } from 'express';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { LiveDataset } from '../publish/live';
import { escapeHtml } from '../views/html';
import { notFound } from './errors';
import { represent } from './represent';
import { hrefFor } from '../rdf/iriScheme';
import { dataModified, lastModified } from '../publish/versionDates';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL_ONTOLOGY = 'http://www.w3.org/2002/07/owl#Ontology';
const XML = { mediaType: 'application/xml' };
/** The sitemaps protocol's limit of URLs per file; more make an index of several files. */
export const SITEMAP_LIMIT = 50_000;

/** Every page path a crawler should visit: home, descriptions, ontology, sources, and one page per resource. */
export function pagePaths(ds: Dataset): string[] {
  return ds.memo('sitemapPaths', () => collectPagePaths(ds));
}

function collectPagePaths(ds: Dataset): string[] {
  const base = ds.baseIri;
  const out = new Set<string>(['/', '/doc/dataset', '/sparql']);
  for (const q of ds.match(null, namedNode(RDF_TYPE), namedNode(OWL_ONTOLOGY), null)) {
    if (q.subject.value.startsWith(`${base}def/`)) out.add(hrefFor(q.subject.value, base));
  }
  for (const name of [...ds.info.sources.keys()].sort()) out.add(`/source/${name}`);
  const retired = new Set([
    ...ds.match(null, namedNode('http://purl.org/dc/terms/isReplacedBy'), null, null).map((q) => q.subject.value),
    ...ds
      .match(null, namedNode('http://www.w3.org/2002/07/owl#deprecated'), null, null)
      .filter((q) => q.object.value === 'true')
      .map((q) => q.subject.value),
  ]);
  const resources = new Set<string>();
  for (const q of ds.quads()) {
    for (const t of [q.subject, q.graph]) {
      if (t.termType !== 'NamedNode' || retired.has(t.value) || !t.value.startsWith(base)) continue;
      const local = t.value.slice(base.length);
      if (/^(id|graph|np)\//.test(local) && !local.includes('#')) resources.add(t.value);
    }
  }
  for (const iri of [...resources].sort()) out.add(hrefFor(iri, base));
  return [...out];
}

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
  return (req: Request, res: Response, next: NextFunction) => {
    const ds = live.current.dataset;
    const paths = pagePaths(ds);
    const files = Math.ceil(paths.length / limit);
    const lastmod = dataModified(ds)?.value;
    const abs = (p: string) => escapeHtml(ds.baseIri + p.replace(/^\//, ''));
    const part = typeof req.params.n === 'string' ? Number(req.params.n) : undefined;
    let body: string;
    if (part === undefined && files <= 1) {
      body = urlset(paths.map(abs), lastmod);
    } else if (part === undefined) {
      body = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${Array.from(
        { length: files },
        (_, i) => `  <sitemap><loc>${abs(`/sitemap/${i + 1}.xml`)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</sitemap>\n`,
      ).join('')}</sitemapindex>\n`;
    } else {
      if (!Number.isInteger(part) || part < 1 || part > files || files <= 1) return next(notFound(`The sitemap part ${req.params.n}`));
      body = urlset(paths.slice((part - 1) * limit, part * limit).map(abs), lastmod);
    }
    represent(req, res, {
      body,
      format: XML,
      etagSeed: `${ds.info.version} sitemap ${part ?? 0}`,
      lastModified: lastModified(ds),
      vary: 'Accept-Encoding',
      maxAge: 3600,
    });
  };
}

/** `lastmod` (W3C Datetime, as the data states it) is left out when the data states no modification date. */
function urlset(locs: string[], lastmod: string | undefined): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${locs
    .map((l) => `  <url><loc>${l}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>\n`)
    .join('')}</urlset>\n`;
}
