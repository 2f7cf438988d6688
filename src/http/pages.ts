// The dataset's home page and the shipped source texts.
import type { NextFunction, Request, Response } from 'express';
import { DataFactory } from 'n3';
import { LiveDataset } from '../store/live';
import { datasetIri } from '../store/describe';
import { allPrefixes } from '../rdf/prefixes';
import { DOCUMENT_FORMATS, FORMATS } from '../rdf/formats';
import { homePage, HomeSection } from '../views/homePage';
import { Labeller, hrefFor } from './resourceModel';
import { notFound } from './errors';
import { represent } from './represent';

const { namedNode } = DataFactory;
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

/** Which kinds of things the home page lists, in order; `rf:` terms resolve against the base. */
function sections(base: string): Array<{ title: string; type: string }> {
  return [
    { title: 'Event series', type: 'https://schema.org/EventSeries' },
    { title: 'Forums', type: `${base}def/forum#Forum` },
    { title: 'Sessions', type: `${base}def/forum#ForumSession` },
    { title: 'Key findings', type: `${base}def/forum#Finding` },
    { title: 'Organisations', type: 'https://schema.org/Organization' },
    { title: 'Participant groups', type: `${base}def/forum#ParticipantGroup` },
    { title: 'Places and countries', type: 'https://schema.org/Place' },
    { title: 'Platforms', type: `${base}def/forum#DigitalPlatform` },
    { title: 'Studies and sources', type: 'https://schema.org/CreativeWork' },
    { title: 'Concept schemes', type: 'http://www.w3.org/2004/02/skos/core#ConceptScheme' },
  ];
}

export function homeHandler(live: LiveDataset, opts: { siteName: string }) {
  return (req: Request, res: Response) => {
    const { dataset: ds } = live.current;
    const labels = new Labeller(ds, [], allPrefixes(ds.baseIri));
    const listed: HomeSection[] = [];
    for (const s of sections(ds.baseIri)) {
      const items = [...new Set(ds.match(null, RDF_TYPE, namedNode(s.type), null).map((q) => q.subject).filter((t) => t.termType === 'NamedNode').map((t) => t.value))]
        .map((iri) => ({ href: hrefFor(iri, ds.baseIri), label: labels.display(iri), iri }))
        .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
      if (items.length) listed.push({ title: s.title, items });
    }
    const dsIri = datasetIri(ds.baseIri);
    const html = FORMATS.find((f) => f.name === 'html')!;
    const body = homePage({
      siteName: opts.siteName, title: labels.labelOf(dsIri) ?? opts.siteName, triples: ds.size, sections: listed,
      datasetHref: hrefFor(dsIri, ds.baseIri),
      alternates: DOCUMENT_FORMATS.filter((f) => f.name !== 'html').map((f) => ({ href: `${hrefFor(dsIri, ds.baseIri)}.${f.extensions[0]}`, mediaType: f.mediaType, label: f.label })),
      jsonld: { '@context': 'https://schema.org/', '@type': 'Dataset', '@id': dsIri, name: labels.labelOf(dsIri) ?? opts.siteName, url: ds.baseIri },
    });
    represent(req, res, { body, format: html, etagSeed: `${ds.info.version} home`, lastModified: ds.info.loadedAt, vary: 'Accept-Encoding' });
  };
}

/** GET /source/:name: a source document shipped with the data, as plain text (text fragments link into it). */
export function sourceHandler(live: LiveDataset) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { dataset: ds } = live.current;
    const name = String(req.params.name).replace(/\.txt$/, '');
    const text = ds.info.sources.get(name);
    if (text === undefined) return next(notFound(`The source "${name}"`));
    represent(req, res, { body: text, format: { mediaType: 'text/plain' }, etagSeed: `${ds.info.version} source ${name}`, lastModified: ds.info.loadedAt, vary: 'Accept-Encoding',
      links: [{ href: hrefFor(`${ds.baseIri}id/source/${name}`, ds.baseIri), rel: 'describedby', type: 'text/html' }] });
  };
}
