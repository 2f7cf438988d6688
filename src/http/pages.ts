// The dataset's home page and the shipped source texts.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describing, LiveDataset, Publication } from '../publish/live';
import { DOCUMENT_FORMATS, FORMATS } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { homePage, HomeSection } from '../views/homePage';
import { sourcePage } from '../views/sourcePage';
import { HOME_LISTING, homeListing } from '../publish/homeListing';
import { notFound } from './errors';
import { represent } from './represent';
import { datasetLinks, DATASET_DOC_PATH } from './datasetDocument';
import { datasetText, dumpsFreshness } from '../publish/datasetDescription';
import { schemaOrgDataset, DatasetFacts } from '../publish/schemaOrgDataset';
import { schemaOrgJsonLd } from '../publish/schemaOrg';
import { hrefFor } from '../rdf/iriScheme';
import type { AssetHrefs, SiteChrome } from '../views/model';
import { lastModified } from '../publish/versionDates';

const HTML = FORMATS.find((f) => f.name === 'html')!;
const TEXT = { name: 'txt', mediaType: 'text/plain', extensions: ['txt'], kind: 'html', label: 'Text' } as const;

export interface HomeOptions {
  siteName: string;
  assets: AssetHrefs;
  license: string;
  publisher: DatasetFacts['publisher'];
  /** Answers clients that prefer RDF: the dataset description. */
  rdf?: RequestHandler;
}

/** GET /: the home page for browsers; RDF clients get the dataset description (Vary: Accept). */
export function homeHandler(live: LiveDataset, opts: HomeOptions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const pub = live.current;
    const ds = pub.dataset;
    const wanted = negotiate(req.get('accept'), [HTML, ...DOCUMENT_FORMATS.filter((f) => f.name !== 'html')]);
    if (wanted && wanted.name !== 'html' && opts.rdf) return opts.rdf(req, res, next);
    // Over what it reads of the version (a replica over a store: the listing and the facts stored with its summary).
    const body = await describing(pub, async (view) => homeBody(view, opts), { stored: [HOME_LISTING] });
    const { etagPart, ...fresh } = dumpsFreshness(pub);
    represent(req, res, {
      body,
      format: HTML,
      etagSeed: `${ds.info.version} ${etagPart} home ${opts.license} ${opts.publisher.name} ${opts.publisher.iri}`,
      ...fresh,
      vary: 'Accept, Accept-Encoding',
      links: [
        ...datasetLinks(),
        { href: '/.well-known/void', rel: 'describedby', type: 'text/turtle' },
        { href: '/sitemap.xml', rel: 'sitemap', type: 'application/xml' },
      ],
    });
  };
}

function homeBody(pub: Publication, opts: HomeOptions): string {
  const ds = pub.dataset;
  const { title, description } = datasetText(pub);
  const sections: HomeSection[] = homeListing(ds).map((s) => ({
    title: s.title,
    items: s.items.map((i) => ({ ...i, href: hrefFor(i.iri, ds.baseIri) })),
  }));
  return homePage({
    canonical: ds.baseIri,
    siteName: opts.siteName,
    assets: opts.assets,
    title,
    description,
    triples: ds.size,
    sections,
    datasetHref: DATASET_DOC_PATH,
    alternates: DOCUMENT_FORMATS.filter((f) => f.name !== 'html').map((f) => ({
      href: `${DATASET_DOC_PATH}.${f.extensions[0]}`,
      mediaType: f.mediaType,
      label: f.label,
    })),
    dumps: (pub.dumps?.files ?? [])
      .filter((f) => !f.gzipped)
      .map((f) => ({ href: `/dumps/${f.name}`, label: f.format.label, mediaType: f.mediaType })),
    jsonld: schemaOrgDataset(pub, { title, description, license: opts.license, publisher: opts.publisher }),
  });
}

/**
 * GET /source/:name: a source document shipped with the data, as plain text, or as a page with numbered,
 * linkable lines for browsers (findings link to `#L<line>` with a text fragment).
 */
export function sourceHandler(live: LiveDataset, opts: SiteChrome) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const { dataset: ds } = live.current;
    const raw = String(req.params.name);
    const explicit = /\.txt$/.test(raw) ? TEXT : /\.html$/.test(raw) ? HTML : undefined;
    const name = raw.replace(/\.(txt|html)$/, '');
    const text = ds.info.sources.get(name);
    if (text === undefined) return next(notFound(`The source "${name}"`));
    const format = explicit ?? negotiate(req.get('accept'), [TEXT, HTML]) ?? TEXT;
    const describedBy = hrefFor(`${ds.baseIri}id/source/${name}`, ds.baseIri);
    const page = { url: `${ds.baseIri}source/${name}`, title: `Source: ${name}` };
    const body =
      format === HTML
        ? sourcePage({
            ...opts,
            name,
            lines: text.split('\n'),
            describedBy,
            textHref: `/source/${name}.txt`,
            canonical: `${ds.baseIri}source/${name}`,
            jsonld: await describing(live.current, ({ dataset: v }) => schemaOrgJsonLd(v, `${v.baseIri}id/source/${name}`, page)),
          })
        : text;
    represent(req, res, {
      body,
      format,
      etagSeed: `${ds.info.version} source ${name} ${format.name}`,
      lastModified: lastModified(ds),
      vary: explicit ? 'Accept-Encoding' : 'Accept, Accept-Encoding',
      contentLocation: `/source/${name}.${format.extensions[0]}`,
      links: [
        { href: describedBy, rel: 'describedby', type: 'text/html' },
        { href: `/source/${name}.txt`, rel: 'alternate', type: 'text/plain' },
        { href: `/source/${name}.html`, rel: 'alternate', type: 'text/html' },
      ],
    });
  };
}
