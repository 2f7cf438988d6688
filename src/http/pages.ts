// The dataset's home page and the shipped source texts.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DataFactory } from 'n3';
import { describing, LiveDataset, Publication } from '../publish/live';
import { allPrefixes } from '../rdf/prefixes';
import { DOCUMENT_FORMATS, FORMATS } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { homePage, HomeSection } from '../views/homePage';
import { sourcePage } from '../views/sourcePage';
import { Labeller } from '../publish/labeller';
import { readingIndex, readingMarker } from '../publish/readings';
import { notFound } from './errors';
import { represent } from './represent';
import { datasetLinks, DATASET_DOC_PATH } from './datasetDocument';
import { datasetText, dumpsFreshness } from '../publish/datasetDescription';
import { schemaOrgDataset, DatasetFacts } from '../publish/schemaOrgDataset';
import { schemaOrgJsonLd } from '../publish/schemaOrg';
import { hrefFor } from '../rdf/iriScheme';
import type { AssetHrefs, SiteChrome } from '../views/model';
import { lastModified } from '../publish/versionDates';

const { namedNode } = DataFactory;
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const HTML = FORMATS.find((f) => f.name === 'html')!;
const TEXT = { name: 'txt', mediaType: 'text/plain', extensions: ['txt'], kind: 'html', label: 'Text' } as const;

/** Which kinds of things the home page lists, in order; `rf:` terms resolve against the base. */
function sections(base: string): Array<{ title: string; type: string; except?: string }> {
  return [
    { title: 'Event series', type: 'https://schema.org/EventSeries' },
    { title: 'Forums', type: `${base}def/forum#Forum` },
    // The source counts a forum's sessions (a plenary, round tables) apart from a presentation given at it.
    { title: 'Sessions', type: `${base}def/forum#ForumSession`, except: `${base}def/forum#Presentation` },
    { title: 'Presentations', type: `${base}def/forum#Presentation` },
    { title: 'Key findings', type: `${base}def/forum#Finding` },
    { title: 'Organisations', type: 'https://schema.org/Organization' },
    { title: 'Participant groups', type: `${base}def/forum#ParticipantGroup` },
    { title: 'Places and countries', type: 'https://schema.org/Place' },
    { title: 'Platforms', type: `${base}def/forum#DigitalPlatform` },
    { title: 'Studies and sources', type: 'https://schema.org/CreativeWork' },
    { title: 'Concept schemes', type: 'http://www.w3.org/2004/02/skos/core#ConceptScheme' },
  ];
}

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
    // Over what it reads of the version (a replica over a store: the listed things, their labels, the summary's facts).
    const body = await describing(pub, async (view) => homeBody(view, opts));
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
  const labels = new Labeller(ds, allPrefixes(ds.baseIri));
  const readings = readingIndex(ds);
  const listed: HomeSection[] = [];
  for (const s of sections(ds.baseIri)) {
    const typed = ds
      .match(null, RDF_TYPE, namedNode(s.type), null)
      .filter((q) => q.subject.termType === 'NamedNode')
      .filter((q) => !s.except || ds.store.countQuads(q.subject, RDF_TYPE, namedNode(s.except), undefined) === 0);
    // A thing typed so only by a reading (a provisional entity) is listed with that reading's marker.
    const marks = new Map(typed.map((q) => [q.subject.value, readings.of(q)?.map(readingMarker).join('; ')]));
    const items = [...new Set(typed.map((q) => q.subject.value))]
      .map((iri) => ({ href: hrefFor(iri, ds.baseIri), label: labels.display(iri), iri, reading: marks.get(iri) }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
    if (items.length) listed.push({ title: s.title, items });
  }
  return homePage({
    canonical: ds.baseIri,
    siteName: opts.siteName,
    assets: opts.assets,
    title,
    description,
    triples: ds.size,
    sections: listed,
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
