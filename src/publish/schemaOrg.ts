// The schema.org view of a page's topic, as compact JSON-LD that harvesters read without reasoning; built from source facts only.
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import { DataFactory } from 'n3';
import { serializeQuads } from '../rdf/serialize';
import { findFormat } from '../rdf/formats';
import { Dataset } from '../store/dataset';
import { termKey, tripleKey } from '../rdf/termKey';
import { factMatch } from './factGraphs';
import { SCHEMA, schemaStatements } from './schemaOrgStatements';

const { namedNode, literal, quad } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export const SCHEMA_CONTEXT = {
  '@vocab': SCHEMA,
  '@language': 'en',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  startDate: { '@type': 'xsd:date' },
  endDate: { '@type': 'xsd:date' },
  dateCreated: { '@type': 'xsd:date' },
  datePublished: { '@type': 'xsd:date' },
  url: { '@type': '@id' },
  contentUrl: { '@type': '@id' },
  sameAs: { '@type': '@id' },
  license: { '@type': '@id' },
  eventStatus: { '@type': '@id' },
  eventAttendanceMode: { '@type': '@id' },
  // A language code is a plain string, not English text.
  inLanguage: { '@language': null },
};

/** The page a JSON-LD block sits in: its absolute URL and its title. */
export interface PageInfo {
  url: string;
  title: string;
}

/**
 * The schema.org view of `topic`: its schema.org statements (see schemaStatements: stated, entailed, mapped, from the
 * fact graphs only) and those of the things they lead to, `depth` steps out (an event's sub-events, place and the
 * country containing it, funders and their names; a finding's claims, mentions and source), framed with `topic` on
 * top and tied to its page by `mainEntityOfPage`. A topic with nothing to say in schema.org (a curator's reading, a
 * text anchor) gets the page itself as a `WebPage` about it, so every page carries structured data.
 */
export async function schemaOrgJsonLd(ds: Dataset, topic: string, page: PageInfo, depth = 2): Promise<Record<string, unknown>> {
  const kept = new Map<string, RDF.Quad>();
  const start = namedNode(topic);
  let frontier: RDF.Quad_Subject[] = [start];
  const seen = new Set<string>([termKey(start)]);
  for (let level = 0; level <= depth && frontier.length; level++) {
    const next: RDF.Quad_Subject[] = [];
    for (const node of frontier) {
      for (const q of schemaStatements(ds, node)) {
        kept.set(tripleKey(q), q);
        const k = termKey(q.object);
        if (q.predicate.value === RDF_TYPE || q.object.termType === 'Literal' || seen.has(k)) continue;
        seen.add(k);
        // An address exists only to describe its place: always kept whole.
        if (q.object.termType === 'BlankNode') for (const a of schemaStatements(ds, q.object)) kept.set(tripleKey(a), a);
        next.push(q.object as RDF.Quad_Subject);
      }
    }
    frontier = next;
  }
  const typed = [...kept.values()].some((q) => q.subject.value === topic && q.predicate.value === RDF_TYPE);
  if (!typed) return webPageJsonLd(page, topic);
  for (const q of eventDescriptions(ds, [...kept.values()])) kept.set(tripleKey(q), q);
  kept.set('mainEntityOfPage', quad(start, namedNode(`${SCHEMA}mainEntityOfPage`), namedNode(page.url)));
  return frame([...kept.values()], topic);
}

/** The page itself, as a WebPage about `topic` (when given), for pages whose topic has no schema.org reading. */
export function webPageJsonLd(page: PageInfo, topic?: string): Record<string, unknown> {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'WebPage',
    '@id': page.url,
    url: page.url,
    name: page.title,
    ...(topic ? { about: { '@id': topic } } : {}),
  };
}

/**
 * A description for each dated event that has none, written from what the record states of it and nothing else:
 * its title, place, dates and the names of its sessions ("“Addressing …”. Third Regional Forum, Dushanbe, Tajikistan,
 * 2019-12-12 to 2019-12-13. Sessions: Plenary session; 1st Round Table; …").
 */
function eventDescriptions(ds: Dataset, quads: RDF.Quad[]): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const of = (s: RDF.Term, p: string) =>
    quads.filter((q) => q.subject.equals(s) && q.predicate.value === `${SCHEMA}${p}`).map((q) => q.object);
  const nameOf = (t: RDF.Term) =>
    schemaStatements(ds, t as RDF.Quad_Subject).find((q) => q.predicate.value === `${SCHEMA}name`)?.object.value;
  for (const q of quads) {
    if (q.predicate.value !== RDF_TYPE || q.object.value !== `${SCHEMA}Event`) continue;
    const event = q.subject;
    const startDate = of(event, 'startDate')[0]?.value;
    if (!startDate || of(event, 'description').length) continue;
    const endDate = of(event, 'endDate')[0]?.value;
    const title = factMatch(ds, event, namedNode('http://purl.org/dc/terms/title'), null)[0]?.object.value;
    const places: string[] = [];
    for (const loc of of(event, 'location')) {
      const name = nameOf(loc);
      if (name) places.push(name);
      for (const c of schemaStatements(ds, loc as RDF.Quad_Subject).filter((x) => x.predicate.value === `${SCHEMA}containedInPlace`)) {
        const n = nameOf(c.object);
        if (n) places.push(n);
      }
    }
    const sessions = of(event, 'subEvent')
      .map(nameOf)
      .filter((n): n is string => !!n);
    const when = endDate && endDate !== startDate ? `${startDate} to ${endDate}` : startDate;
    const text =
      `${title ? `“${title}”. ` : ''}${[nameOf(event), ...places, when].filter(Boolean).join(', ')}.` +
      (sessions.length ? ` Sessions: ${sessions.join('; ')}.` : '');
    out.push(quad(event, namedNode(`${SCHEMA}description`), literal(text, 'en')));
  }
  return out;
}

/** Frames the statements with `topic` on top, each node embedded once, compacted with the schema.org context. */
async function frame(quads: RDF.Quad[], topic: string): Promise<Record<string, unknown>> {
  const nq = await serializeQuads(quads, findFormat('nq')!);
  const expanded = await jsonld.fromRDF(nq, { format: 'application/n-quads' });
  const options = {
    documentLoader: async (url: string) => {
      throw new Error(`no remote context ${url}`);
    },
  };
  const framed = (jsonld.frame as unknown as (i: unknown, f: unknown, o: unknown) => Promise<Record<string, unknown>>)(
    expanded,
    { '@context': SCHEMA_CONTEXT, '@id': topic, '@embed': '@once' },
    options,
  );
  return framed;
}
