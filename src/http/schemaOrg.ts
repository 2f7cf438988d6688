// The schema.org view of a description, as compact JSON-LD that harvesters read without reasoning.
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import { serializeQuads } from '../rdf/serialize';
import { findFormat } from '../rdf/formats';

const SCHEMA = 'https://schema.org/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export const SCHEMA_CONTEXT = {
  '@vocab': SCHEMA,
  '@language': 'en',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  startDate: { '@type': 'xsd:date' },
  endDate: { '@type': 'xsd:date' },
  dateCreated: { '@type': 'xsd:date' },
  dateModified: { '@type': 'xsd:dateTime' },
  datePublished: { '@type': 'xsd:date' },
  url: { '@type': '@id' },
  sameAs: { '@type': '@id' },
  license: { '@type': '@id' },
};

/** Only schema.org statements (types and properties), framed with `topic` as the main node. */
export async function schemaOrgJsonLd(triples: readonly RDF.Quad[], topic: string): Promise<Record<string, unknown> | undefined> {
  const kept = triples.filter((q) => q.predicate.value.startsWith(SCHEMA) || (q.predicate.value === RDF_TYPE && q.object.value.startsWith(SCHEMA)));
  if (!kept.some((q) => q.subject.value === topic)) return undefined;
  const nq = await serializeQuads(kept, findFormat('nq')!);
  const expanded = await jsonld.fromRDF(nq, { format: 'application/n-quads' });
  const frame = { '@context': SCHEMA_CONTEXT, '@id': topic, '@embed': '@once' };
  const options = { documentLoader: async (url: string) => { throw new Error(`no remote context ${url}`); } };
  const framed = await (jsonld.frame as unknown as (i: unknown, f: unknown, o: unknown) => Promise<Record<string, unknown>>)(expanded, frame, options);
  return framed;
}
