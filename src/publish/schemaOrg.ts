// The schema.org view of a description, as compact JSON-LD that harvesters read without reasoning.
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import { serializeQuads } from '../rdf/serialize';
import { findFormat } from '../rdf/formats';
import { Publication } from './live';
import { datasetIri } from './describe';
import { dataModified } from './versionDates';
import { readingIndex } from './readings';
import { Dataset } from '../store/dataset';
import { DataFactory } from 'n3';
import { termKey, tripleKey } from '../rdf/termKey';

const SCHEMA = 'https://schema.org/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export const SCHEMA_CONTEXT = {
  '@vocab': SCHEMA,
  '@language': 'en',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  startDate: { '@type': 'xsd:date' },
  endDate: { '@type': 'xsd:date' },
  dateCreated: { '@type': 'xsd:date' },
  dateModified: { '@type': 'xsd:date' },
  datePublished: { '@type': 'xsd:date' },
  url: { '@type': '@id' },
  contentUrl: { '@type': '@id' },
  sameAs: { '@type': '@id' },
  license: { '@type': '@id' },
};

/** Is this a statement a schema.org consumer reads: a schema: property, or a schema: type? */
function isSchemaOrg(q: RDF.Quad): boolean {
  return q.predicate.value.startsWith(SCHEMA) || (q.predicate.value === RDF_TYPE && q.object.value.startsWith(SCHEMA));
}

/**
 * The schema.org view of `topic`: its schema.org statements and those of the things they lead to, two steps out
 * (an event's sub-events, place and the country containing it, funders and their names), framed with `topic` on top.
 */
export async function schemaOrgJsonLd(ds: Dataset, topic: string, depth = 2): Promise<Record<string, unknown> | undefined> {
  const kept = new Map<string, RDF.Quad>();
  let frontier: RDF.Term[] = [DataFactory.namedNode(topic)];
  const seen = new Set<string>([termKey(DataFactory.namedNode(topic))]);
  for (let level = 0; level <= depth && frontier.length; level++) {
    const next: RDF.Term[] = [];
    for (const node of frontier) {
      for (const q of ds.match(node, null, null, null)) {
        // schema.org cannot say how sure a statement is: the curators' readings are left out of it (docs/model.md).
        if (!isSchemaOrg(q) || readingIndex(ds).of(q)) continue;
        const t = DataFactory.quad(q.subject, q.predicate, q.object);
        kept.set(tripleKey(q), t);
        const k = termKey(q.object);
        if (q.predicate.value !== RDF_TYPE && q.object.termType !== 'Literal' && !seen.has(k)) {
          seen.add(k);
          next.push(q.object);
        }
      }
    }
    frontier = next;
  }
  if (![...kept.values()].some((q) => q.subject.value === topic)) return undefined;
  const nq = await serializeQuads(kept.values(), findFormat('nq')!);
  const expanded = await jsonld.fromRDF(nq, { format: 'application/n-quads' });
  const frame = { '@context': SCHEMA_CONTEXT, '@id': topic, '@embed': '@once' };
  const options = {
    documentLoader: async (url: string) => {
      throw new Error(`no remote context ${url}`);
    },
  };
  return (jsonld.frame as unknown as (i: unknown, f: unknown, o: unknown) => Promise<Record<string, unknown>>)(expanded, frame, options);
}

export interface DatasetFacts {
  title: string;
  description: string;
  license: string;
  publisher: { name?: string; iri?: string };
  /** The span of time the record covers (ISO 8601 dates). */
  temporal?: { start: string; end: string };
  /** The download IRI of a dump file by name. */
  downloadIri: (name: string) => string;
}

/** The dataset as a schema:Dataset with one schema:DataDownload per dump, for the home page and the description page. */
export function schemaOrgDataset(pub: Publication, facts: DatasetFacts): Record<string, unknown> {
  const ds = pub.dataset;
  const out: Record<string, unknown> = {
    '@context': SCHEMA_CONTEXT,
    '@type': 'Dataset',
    '@id': datasetIri(ds.baseIri),
    name: facts.title,
    description: facts.description,
    url: ds.baseIri,
    license: facts.license,
    isAccessibleForFree: true,
    // The data's own date (versionDates.ts), never the load time.
    ...(dataModified(ds) ? { dateModified: dataModified(ds)!.value } : {}),
  };
  if (facts.temporal) out.temporalCoverage = `${facts.temporal.start}/${facts.temporal.end}`;
  if (facts.publisher.name || facts.publisher.iri) {
    out.publisher = {
      '@type': 'Organization',
      ...(facts.publisher.iri ? { '@id': facts.publisher.iri, url: facts.publisher.iri } : {}),
      ...(facts.publisher.name ? { name: facts.publisher.name } : {}),
    };
  }
  const files = pub.dumps?.files ?? [];
  if (files.length) {
    out.distribution = files.map((f) => ({
      '@type': 'DataDownload',
      name: `${f.format.label}${f.gzipped ? ' (gzip)' : ''}`,
      contentUrl: facts.downloadIri(f.name),
      encodingFormat: f.mediaType,
      contentSize: `${f.bytes} B`,
    }));
  }
  return out;
}
