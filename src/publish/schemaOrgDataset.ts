// The dataset as a schema:Dataset (Google's Dataset rich result), from the same facts as the DCAT description.
import { datasetIri } from './describe';
import { modifiedDate } from './datasetDescription';
import type { Publication } from './live';
import { SCHEMA_CONTEXT } from './schemaOrg';
import { creators, keywords, namedGraphs, spatialCoverage, temporalCoverage } from './datasetFacts';
import { catalogIri, type PublisherConfig, publisherOf } from './catalog';

export interface DatasetFacts {
  title: string;
  description: string;
  license: string;
  publisher: PublisherConfig;
}

/**
 * The dataset as a schema:Dataset: name, description, licence, creator (the agents the record's graphs are attributed
 * to), publisher (as configured, else the deployment's operators described as such), keywords (the labels of the
 * topics), spatial coverage (where the events took place), temporal coverage (from the first event to the last one's
 * end date), the catalogue it is listed in, and one DataDownload per dump.
 */
export function schemaOrgDataset(pub: Publication, facts: DatasetFacts): Record<string, unknown> {
  const ds = pub.dataset;
  const base = ds.baseIri;
  const publisher = publisherOf(base, facts.publisher);
  const out: Record<string, unknown> = {
    '@context': SCHEMA_CONTEXT,
    '@type': 'Dataset',
    '@id': datasetIri(base),
    name: facts.title,
    description: facts.description,
    url: base,
    license: facts.license,
    isAccessibleForFree: true,
    dateModified: modifiedDate(pub).value,
    // The content digest of the data in service: it changes exactly when the data does.
    version: ds.info.version,
  };
  const makers = creators(ds);
  if (makers.length) out.creator = makers.map((c) => ({ '@type': 'Organization', '@id': c.iri, name: c.name }));
  out.publisher = {
    '@type': 'Organization',
    '@id': publisher.iri,
    name: publisher.name,
    ...(publisher.unconfigured ? { url: base } : facts.publisher.iri ? { url: facts.publisher.iri } : {}),
  };
  const words = keywords(ds);
  if (words.length) out.keywords = words;
  const places = spatialCoverage(ds);
  if (places.length) out.spatialCoverage = places.map((p) => ({ '@type': 'Place', '@id': p.iri, name: p.name }));
  const span = temporalCoverage(ds);
  if (span) out.temporalCoverage = `${span.start}/${span.end}`;
  // Its named graphs that the record describes by name (the source, interpretation, links and meta graphs), each a
  // schema:Dataset of its own on its page; the readings are a part of the whole, described as what they are there.
  const parts = namedGraphs(ds);
  if (parts.length) out.hasPart = parts.map((x) => ({ '@type': 'Dataset', '@id': x.iri, name: x.name, url: x.iri }));
  out.includedInDataCatalog = { '@type': 'DataCatalog', '@id': catalogIri(base), name: `Catalogue of ${base}` };
  const files = pub.dumps?.files ?? [];
  if (files.length) {
    out.distribution = files.map((f) => ({
      '@type': 'DataDownload',
      name: `${f.format.label}${f.gzipped ? ' (gzip)' : ''}`,
      contentUrl: `${base}dumps/${f.name}`,
      encodingFormat: f.mediaType,
      contentSize: `${f.bytes} B`,
    }));
  }
  return out;
}
