// GET /frame/{edition path}: one nested JSON-LD document per forum edition (sessions, involvements with roles, findings).
import type * as RDF from '@rdfjs/types';
import type { NextFunction, Request, Response } from 'express';
import * as jsonld from 'jsonld';
import { findFormat, Format } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { serializeQuads } from '../rdf/serialize';
import { allPrefixes } from '../rdf/prefixes';
import { publishedContext } from '../publish/jsonldContext';
import { editionGraph, forumTerms, isEdition } from '../forum/edition';
import { describing, LiveDataset } from '../publish/live';
import { withoutReadings } from '../publish/readings';
import { notAcceptable, notFound } from './errors';
import { represent } from './represent';
import { lastModified } from '../publish/versionDates';

/** The JSON-LD profile IRI of framed documents (JSON-LD 1.1 §9.3). */
export const FRAMED_PROFILE = 'http://www.w3.org/ns/json-ld#framed';
const FRAME_FORMATS: readonly Format[] = ['jsonld', 'ttl', 'nt', 'rdf'].map((n) => findFormat(n)!);
const noRemote = (async (url: string) => {
  throw new Error(`no remote context ${url}`);
}) as never;

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const PROV_DERIVED = 'http://www.w3.org/ns/prov#wasDerivedFrom';

/**
 * Extra terms the framed document uses on top of the published context: `findings`, and `readings`, the reified
 * readings about a node (rdf:Statement, from its rdf:subject), each embedding the interpretation it comes from.
 */
function frameTerms(base: string): Record<string, unknown> {
  return {
    findings: { '@reverse': forumTerms(base).findingOf, '@type': '@id' },
    readings: { '@reverse': `${RDF_NS}subject`, '@type': '@id' },
  };
}

/** Frames the edition graph with the edition at the top; the published context (plus `findings`) compacts it. */
export async function frameEdition(
  quads: readonly RDF.Quad[],
  edition: string,
  base: string,
  context: { object: Record<string, unknown>; url: string },
): Promise<Record<string, unknown>> {
  const rf = forumTerms(base);
  const inner = (context.object['@context'] ?? {}) as Record<string, unknown>;
  const extra = frameTerms(base);
  const always = { '@embed': '@always' };
  // A reading's object may be a provisional entity, whose own description is read too: its readings come with it.
  const readings = {
    ...always,
    [PROV_DERIVED]: always,
    [`${RDF_NS}object`]: { ...always, readings: { ...always, [PROV_DERIVED]: always } },
  };
  const frame = {
    '@context': [inner, extra],
    '@id': edition,
    readings,
    [rf.hasSession]: { ...always, readings },
    [rf.involvement]: { ...always, 'http://www.w3.org/ns/prov#agent': always, [rf.involvementRole]: always, [rf.agentMention]: always },
    findings: { ...always, readings, [rf.hasClaim]: always, [rf.textAnchor]: always },
  };
  const nq = await serializeQuads(quads, findFormat('nq')!);
  const expanded = await jsonld.fromRDF(nq, { format: 'application/n-quads', useNativeTypes: false });
  const framed = await (jsonld.frame as unknown as (i: unknown, f: unknown, o: unknown) => Promise<Record<string, unknown>>)(
    expanded,
    frame,
    { documentLoader: noRemote, embed: '@once', omitGraph: true, omitDefault: true },
  );
  framed['@context'] = [context.url, extra];
  return framed;
}

export function frameHandler(live: LiveDataset) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const pub = live.current;
      const ds = pub.dataset;
      const m = /^(.*?)(?:\.(jsonld|ttl|nt|rdf))?$/.exec(decodeURIComponent(req.path.slice(1)))!;
      const local = m[1];
      const explicit = m[2] ? findFormat(m[2]) : undefined;
      const edition = `${ds.baseIri}id/${local}`;
      // A browser following the edition page's link asks for HTML; it gets the JSON-LD rather than a 406 (RFC 9110 §12.1).
      // A client that asks only for formats a frame cannot be written in (TriG, say) gets a 406 naming those it can.
      const accept = req.get('accept');
      const format =
        explicit ?? negotiate(accept, FRAME_FORMATS) ?? (!accept || /text\/html|\*\/\*/.test(accept) ? FRAME_FORMATS[0] : undefined);
      // Made over what it reads of the version (all of it only when this process holds it).
      const body = await describing(pub, async ({ dataset: v }) => {
        if (!isEdition(v, edition)) return undefined;
        if (!format) return null;
        // Readings are never asserted: reified, each with the interpretation it rests on (docs/model.md).
        const quads = withoutReadings(v, editionGraph(v, edition));
        return format.name === 'jsonld'
          ? `${JSON.stringify(await frameEdition(quads, edition, v.baseIri, publishedContext(v)), null, 2)}\n`
          : await serializeQuads(quads, format, { prefixes: allPrefixes(v.baseIri) });
      });
      if (body === undefined) return next(notFound(`A forum edition <${edition}>`));
      if (body === null || !format) return next(notAcceptable(FRAME_FORMATS.map((f) => f.mediaType)));
      const path = `/frame/${local}`;
      represent(req, res, {
        body,
        format: format.name === 'jsonld' ? { mediaType: `application/ld+json; profile="${FRAMED_PROFILE}"` } : format,
        etagSeed: `${ds.info.version} ${path} ${format.name}`,
        lastModified: lastModified(ds),
        contentLocation: `${path}.${format.extensions[0]}`,
        vary: explicit ? 'Accept-Encoding' : 'Accept, Accept-Encoding',
        links: [
          ...FRAME_FORMATS.map((f) => ({ href: `${path}.${f.extensions[0]}`, rel: 'alternate', type: f.mediaType })),
          { href: `/doc/${local}`, rel: 'describedby', type: 'text/html' },
          { href: '/.well-known/void', rel: 'describedby', type: 'text/turtle' },
        ],
      });
    } catch (e) {
      next(e);
    }
  };
}
