// GET /.well-known/void, /doc/dataset[.ext] and /id/dataset: the dataset description (VoID + DCAT), negotiated.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { DOCUMENT_FORMATS, Format } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { serializeQuads, toJsonLd } from '../rdf/serialize';
import { allPrefixes, compactIri } from '../rdf/prefixes';
import { publishedContext } from '../publish/jsonldContext';
import { describing, LiveDataset, Publication } from '../publish/live';
import { datasetStats, exampleResources, graphCounts, preferredExampleClasses } from '../publish/stats';
import { datasetPage, DatasetPageModel } from '../views/datasetPage';
import {
  datasetDescription,
  datasetText,
  DescriptionOptions,
  dumpsFreshness,
  dumpTitle,
  modifiedDate,
  NS,
} from '../publish/datasetDescription';
import { temporalCoverage } from '../publish/datasetFacts';
import { notAcceptable } from './errors';
import { represent } from './represent';
import { Labeller } from '../publish/labeller';
import { DATASET_PAGE_NAMES, datasetPageNames } from '../publish/datasetPageNames';
import { schemaOrgDataset } from '../publish/schemaOrgDataset';
import { hrefFor } from '../rdf/iriScheme';
import { FRAGMENTS_PATH } from '../fragments/controls';
import type { SiteChrome } from '../views/model';

export const DATASET_DOC_PATH = '/doc/dataset';
const DESCRIPTION_PREFIXES = {
  void: NS.void,
  dcat: NS.dcat,
  dcterms: NS.dcterms,
  foaf: NS.foaf,
  sd: NS.sd,
  spdx: NS.spdx,
  prov: NS.prov,
  formats: NS.formats,
  xsd: NS.xsd,
};

export interface DatasetOptions extends DescriptionOptions, SiteChrome {}

/** The Link header values every representation of the description carries. */
export function datasetLinks(): Array<{ href: string; rel: string; type?: string }> {
  return DOCUMENT_FORMATS.map((f) => ({ href: `${DATASET_DOC_PATH}.${f.extensions[0]}`, rel: 'alternate', type: f.mediaType }));
}

/** GET /id/dataset: the dataset is not a document, so 303 to the one describing it. */
export function datasetThingHandler() {
  return (_req: Request, res: Response) => {
    res.setHeader('Vary', 'Accept');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.redirect(303, DATASET_DOC_PATH);
  };
}

export function datasetHandler(live: LiveDataset, opts: DatasetOptions) {
  const optsHash = createHash('sha1').update(JSON.stringify(opts)).digest('hex').slice(0, 12);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const pub = live.current;
      const ds = pub.dataset;
      const ext = typeof req.params.ext === 'string' ? req.params.ext : undefined;
      const explicit = ext === undefined ? undefined : DOCUMENT_FORMATS.find((f) => f.extensions.includes(ext));
      if (ext !== undefined && !explicit) return next();
      const format = explicit ?? negotiate(req.get('accept'), DOCUMENT_FORMATS);
      if (!format) return next(notAcceptable(DOCUMENT_FORMATS.map((f) => f.mediaType)));
      const body = await renderDescription(pub, format, {
        ...opts,
        preferredExamples: opts.preferredExamples ?? preferredExampleClasses(ds.baseIri),
      });
      const { etagPart, ...fresh } = dumpsFreshness(pub);
      represent(req, res, {
        body,
        format,
        etagSeed: `${ds.info.version} ${etagPart} ${optsHash} dataset ${format.name}`,
        ...fresh,
        contentLocation: `${DATASET_DOC_PATH}.${format.extensions[0]}`,
        vary: explicit ? 'Accept-Encoding' : 'Accept, Accept-Encoding',
        links: [...datasetLinks(), { href: '/sparql', rel: 'http://rdfs.org/ns/void#sparqlEndpoint' }],
      });
    } catch (e) {
      next(e);
    }
  };
}

async function renderDescription(pub: Publication, format: Format, opts: DatasetOptions): Promise<string> {
  const ds = pub.dataset;
  const docIri = `${ds.baseIri}doc/dataset`;
  // Over what it reads of the version (a replica over a store: the summary's facts and a few statements).
  if (format.name === 'html')
    return describing(pub, async (view) => datasetPage(datasetModel(view, opts)), { stored: [DATASET_PAGE_NAMES] });
  const { quads, ctx } = await describing(pub, async (view) => ({
    quads: datasetDescription(view, docIri, opts),
    ctx: format.name === 'jsonld' ? publishedContext(view.dataset) : undefined,
  }));
  const prefixes = { ...allPrefixes(ds.baseIri), ...DESCRIPTION_PREFIXES };
  if (ctx) {
    // The published context, extended with the description vocabularies it may not name.
    const inner = (ctx.object['@context'] ?? {}) as Record<string, unknown>;
    const extra = Object.fromEntries(Object.entries(DESCRIPTION_PREFIXES).filter(([p]) => !(p in inner)));
    const doc = await toJsonLd(quads, { context: { object: { '@context': [inner, extra] } } });
    doc['@context'] = [ctx.url, extra];
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  return serializeQuads(quads, format, { prefixes });
}

/** The plain model of the HTML page, built from the same counts as the RDF. */
export function datasetModel(pub: Publication, opts: DatasetOptions): DatasetPageModel {
  const ds = pub.dataset;
  const base = ds.baseIri;
  const stats = datasetStats(ds);
  const prefixes = allPrefixes(base);
  const labels = new Labeller(ds, prefixes);
  const { title, description } = datasetText(pub);
  const names = datasetPageNames(ds);
  const named = (pairs: Array<[string, string]>) => new Map(pairs);
  const [classNames, propertyNames, graphNames] = [named(names.classes), named(names.properties), named(names.graphs)];
  const link = (iri: string, label = labels.display(iri)) => ({ href: hrefFor(iri, base), label, iri });
  return {
    siteName: opts.siteName,
    assets: opts.assets,
    canonical: `${base}doc/dataset`,
    title,
    description,
    license: { href: opts.license, label: licenseLabel(opts.license) },
    publisher:
      opts.publisher.name || opts.publisher.iri
        ? { name: opts.publisher.name ?? opts.publisher.iri!, href: opts.publisher.iri }
        : undefined,
    modified: modifiedDate(pub)?.value,
    period: ((span) => (span ? `${span.start} to ${span.end}` : undefined))(temporalCoverage(ds)),
    counts: [
      ['triples (union of the graphs, each once)', stats.triples],
      ['quads (triples in their named graphs)', stats.quads],
      ['entities in the URI space', stats.entities],
      ['distinct subjects', stats.distinctSubjects],
      ['distinct objects', stats.distinctObjects],
      ['classes', stats.classes.length],
      ['properties', stats.properties.length],
      ['named graphs', graphCounts(ds).filter((g) => g.iri).length],
    ],
    uriSpace: stats.uriSpace,
    // In words, with the compact name beside them: schema:Organization and org:Organization are both "Organization".
    classes: stats.classes.map((c) => ({
      ...link(c.iri, classNames.get(c.iri) ?? labels.typeLabel(c.iri)),
      name: compactIri(c.iri, prefixes),
      count: c.entities,
    })),
    properties: stats.properties.map((p) => ({
      ...link(p.iri, propertyNames.get(p.iri) ?? labels.propertyLabel(p.iri)),
      name: compactIri(p.iri, prefixes),
      count: p.triples,
    })),
    graphs: graphCounts(ds)
      .filter((g) => g.iri)
      .map((g) => ({ ...link(g.iri, graphNames.get(g.iri) ?? labels.display(g.iri)), count: g.triples })),
    vocabularies: stats.vocabularies.map((v) => ({
      href: v,
      label: Object.entries(allPrefixes(base)).find(([, ns]) => ns === v)?.[0] ?? v,
      iri: v,
    })),
    examples: exampleResources(ds, opts.preferredExamples).map((iri) => link(iri)),
    dumps: (pub.dumps?.files ?? []).map((f) => ({
      title: dumpTitle(f),
      href: `/dumps/${f.name}`,
      mediaType: f.mediaType,
      bytes: f.bytes,
      sha256: f.sha256,
    })),
    dumpsPending: pub.dumpsPending,
    sparql: '/sparql',
    fragments: FRAGMENTS_PATH,
    formats: DOCUMENT_FORMATS.map((f) => ({ href: `${DATASET_DOC_PATH}.${f.extensions[0]}`, mediaType: f.mediaType, label: f.label })),
    jsonld: schemaOrgDataset(pub, { title, description, license: opts.license, publisher: opts.publisher }),
  };
}

const LICENSES: Record<string, string> = {
  'https://creativecommons.org/licenses/by/4.0/': 'CC BY 4.0',
  'https://creativecommons.org/licenses/by-sa/4.0/': 'CC BY-SA 4.0',
  'https://creativecommons.org/publicdomain/zero/1.0/': 'CC0 1.0',
  'http://opendatacommons.org/licenses/odbl/1-0/': 'ODbL 1.0',
};

export function licenseLabel(iri: string): string {
  return LICENSES[iri] ?? LICENSES[iri.replace(/^http:/, 'https:')] ?? iri;
}
