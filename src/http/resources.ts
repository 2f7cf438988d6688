// Dereferenceable IRIs: /id/… answers 303 to /doc/…, which negotiates Turtle, JSON-LD, N-Triples, RDF/XML and HTML.
import type { NextFunction, Request, Response } from 'express';
import { DataFactory } from 'n3';
import { DOCUMENT_FORMATS, Format } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { serializeQuads, toJsonLd } from '../rdf/serialize';
import { allPrefixes } from '../rdf/prefixes';
import { publishedContext } from '../publish/jsonldContext';
import { isEdition } from '../forum/edition';
import { datasetIri, describe, Description, documentIri, namespaceTerms } from '../publish/describe';
import { describing, LiveDataset, Publication } from '../publish/live';
import { buildResourceModel, Labeller } from '../publish/resourceModel';
import { buildEditionView } from '../forum/editionModel';
import { FRAMED_PROFILE } from './frame';
import { gone, HttpError, notAcceptable, notFound } from './errors';
import { represent, Representation } from './represent';
import { cachedDocument } from '../publish/documentCache';
import { datasetText } from '../publish/datasetDescription';
import { resourcePage } from '../views/resourcePage';
import { ontologyPage } from '../views/ontologyPage';
import { schemaOrgJsonLd } from '../publish/schemaOrg';
import { describeGraph, GraphDescription, nanopublicationGraphs } from '../publish/graphDocument';
import { buildGraphModel } from '../publish/graphModel';
import { graphPage } from '../views/graphPage';
import { framePath, hrefFor } from '../rdf/iriScheme';
import type { SiteChrome } from '../views/model';
import { lastModified } from '../publish/versionDates';

const { namedNode } = DataFactory;
const DCT_REPLACED = 'http://purl.org/dc/terms/isReplacedBy';
const OWL_DEPRECATED = 'http://www.w3.org/2002/07/owl#deprecated';
const OWL_VERSION_IRI = 'http://www.w3.org/2002/07/owl#versionIRI';
const SKOS_NOTE = 'http://www.w3.org/2004/02/skos/core#historyNote';
const RDFS_COMMENT = 'http://www.w3.org/2000/01/rdf-schema#comment';

export type ResourceOptions = SiteChrome;

/** Splits `/doc/event/rf-2019.ttl` into the local path and an explicit format. */
export function splitExtension(p: string): { path: string; format?: Format } {
  const m = /^(.*)\.([a-z]+)$/.exec(p);
  if (m) {
    const f = DOCUMENT_FORMATS.find((x) => x.extensions.includes(m[2]));
    if (f) return { path: m[1], format: f };
  }
  return { path: p };
}

/** GET /id/* : 303 See Other to the document, 301 to a replacement, 410 for a retired thing, else 404. */
export function thingHandler(live: LiveDataset) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const pub = live.current;
      const base = pub.dataset.baseIri;
      const iri = `${base}id/${decodeURIComponent(req.path.slice(1))}`;
      const refusal = await describing(
        pub,
        async (view) => retirement(view, iri) ?? (view.dataset.mentions(iri) ? undefined : notFound(`<${iri}>`)),
      );
      if (refusal) return next(refusal);
      res.setHeader('Vary', 'Accept');
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.redirect(303, hrefFor(iri, base));
    } catch (e) {
      next(e);
    }
  };
}

/** 301 to the replacement when the data says dcterms:isReplacedBy; 410 when owl:deprecated without one. */
function retirement(pub: Publication, iri: string): HttpError | undefined {
  const ds = pub.dataset;
  const node = namedNode(iri);
  const replacement = ds.match(node, namedNode(DCT_REPLACED), null, null)[0]?.object;
  if (replacement?.termType === 'NamedNode') {
    return new HttpError(
      301,
      `<${iri}> has been replaced by <${replacement.value}>.`,
      { Location: hrefFor(replacement.value, ds.baseIri) },
      'Moved permanently',
    );
  }
  const deprecated = ds.match(node, namedNode(OWL_DEPRECATED), null, null).some((q) => q.object.value === 'true');
  if (deprecated) {
    const why =
      ds.match(node, namedNode(SKOS_NOTE), null, null)[0]?.object.value ??
      ds.match(node, namedNode(RDFS_COMMENT), null, null)[0]?.object.value ??
      'the publisher withdrew it.';
    return gone(`<${iri}>`, why);
  }
  return undefined;
}

export type DocumentArea = 'doc' | 'def' | 'graph' | 'np';

/**
 * GET /doc/* (and /def/*, /graph/*, /np/*): the negotiated document about a thing, about every term of a hash
 * namespace (def), or about a named graph or nanopublication, whose IRIs name documents and so answer directly.
 */
export function documentHandler(live: LiveDataset, opts: ResourceOptions, area: DocumentArea) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const r = await documentAnswer(live, opts, area, req.path, req.get('accept'));
      if (r instanceof HttpError) return next(r);
      represent(req, res, r);
    } catch (e) {
      next(e);
    }
  };
}

/**
 * The document at `reqPath` (the path below the area, `/event/rf-2019.ttl`) negotiated against `accept`, or the
 * HttpError that answers instead; the same for the route table and the lean path (leanPath.ts).
 */
export async function documentAnswer(
  live: LiveDataset,
  opts: ResourceOptions,
  area: DocumentArea,
  reqPath: string,
  accept: string | undefined,
): Promise<Representation | HttpError> {
  const pub = live.current;
  const ds = pub.dataset;
  const { path: local, format: explicit } = splitExtension(decodeURIComponent(reqPath.slice(1)));
  const docPath = `/${area}/${local}`;
  const thing = area === 'def' ? `${ds.baseIri}def/${local}` : `${ds.baseIri}${area === 'doc' ? 'id' : area}/${local}`;
  // What the document is about and which formats can hold it, read over what that reads of the version.
  const about = await describing<HttpError | { topics: string[]; nanopublication?: boolean; framed?: string }>(
    pub,
    async (view) => {
      const v = view.dataset;
      if (area === 'def') {
        const topics = namespaceTerms(v, ontologyFor(view, thing));
        return topics.length ? { topics } : notFound(`<${thing}>`);
      }
      const retired = retirement(view, thing);
      if (retired) return retired;
      return {
        topics: [thing],
        // A nanopublication is four graphs: only the formats that keep graphs (and the page) can hold it.
        nanopublication: area !== 'doc' && nanopublicationGraphs(v, thing) !== undefined,
        framed: area === 'doc' && isEdition(v, thing) ? framePath(thing, v.baseIri) : undefined,
      };
    },
    { hashNamespaces: area === 'def' },
  );
  if (about instanceof HttpError) return about;
  const { topics } = about;
  const { framed } = about;
  const docIri = area === 'doc' ? documentIri(thing, ds.baseIri) : thing;
  const offered = about.nanopublication ? GRAPH_FORMATS : DOCUMENT_FORMATS;
  if (explicit && !offered.includes(explicit)) return notAcceptable(offered.map((f) => f.mediaType));
  const format = explicit ?? negotiate(accept, offered);
  if (!format) return notAcceptable(offered.map((f) => f.mediaType));
  const body = await cachedDocument(ds, `${docPath} ${format.name}`, () =>
    describing(pub, async (view) => {
      // A graph or nanopublication IRI names its contents (as the Graph Store Protocol's direct identification does).
      const graphDoc = area === 'doc' || area === 'def' ? undefined : describeGraph(view.dataset, thing);
      const desc = graphDoc ?? describe(view.dataset, topics, docIri);
      return desc && renderDocument(view, desc, format, { ...opts, area, docPath, framed });
    }),
  );
  if (body === undefined) return notFound(`<${topics[0]}>`);
  return {
    body,
    format,
    etagSeed: `${ds.info.version} ${docPath} ${format.name}`,
    lastModified: lastModified(ds),
    contentLocation: `${docPath}.${format.extensions[0]}`,
    vary: explicit ? 'Accept-Encoding' : 'Accept, Accept-Encoding',
    links: [
      ...offered.map((f) => ({ href: `${docPath}.${f.extensions[0]}`, rel: 'alternate', type: f.mediaType })),
      ...(framed ? [{ href: framed, rel: 'alternate', type: 'application/ld+json', profile: FRAMED_PROFILE }] : []),
      { href: '/.well-known/void', rel: 'describedby', type: 'text/turtle' },
    ],
  };
}

/** TriG, N-Quads, JSON-LD (named graphs as nodes with @graph) and the page can show several graphs; Turtle, N-Triples and RDF/XML cannot. */
function holdsGraphs(f: Format): boolean {
  return f.kind !== 'graph' || f.name === 'jsonld';
}

/** The formats that can hold a nanopublication's graphs: one table, so negotiation remembers its choices. */
const GRAPH_FORMATS = DOCUMENT_FORMATS.filter(holdsGraphs);

/** The ontology whose hash namespace a /def/ IRI names; a version IRI resolves to its ontology. */
function ontologyFor(pub: Publication, iri: string): string {
  const versionOf = pub.dataset.match(null, namedNode(OWL_VERSION_IRI), namedNode(iri), null)[0]?.subject;
  return versionOf?.termType === 'NamedNode' ? versionOf.value : iri;
}

export async function renderDocument(
  pub: Publication,
  desc: Description,
  format: Format,
  opts: ResourceOptions & { area: DocumentArea; docPath: string; framed?: string },
): Promise<string> {
  const ds = pub.dataset;
  const prefixes = allPrefixes(ds.baseIri);
  const graphDoc = 'graphs' in desc ? (desc as GraphDescription) : undefined;
  if (format.name === 'html') {
    const formats = DOCUMENT_FORMATS.filter((f) => !graphDoc?.nanopublication || holdsGraphs(f)).map((f) => ({
      href: `${opts.docPath}.${f.extensions[0]}`,
      mediaType: f.mediaType,
      label: f.label,
    }));
    const context = {
      dataset: ds,
      prefixes,
      siteName: opts.siteName,
      assets: opts.assets,
      formats,
      knownLabels: knownLabels(pub),
      canonical: `${ds.baseIri}${opts.docPath.slice(1)}`,
    };
    if (graphDoc) {
      const page = buildGraphModel(graphDoc, context);
      page.jsonld = await schemaOrgJsonLd(ds, desc.documentIri, { url: `${ds.baseIri}${opts.docPath.slice(1)}`, title: page.title });
      return graphPage(page);
    }
    const model = buildResourceModel(desc, context);
    // An ontology page is about the ontology (its document IRI), a resource page about its thing.
    const topic = opts.area === 'def' ? desc.documentIri : desc.topics[0];
    model.jsonld = await schemaOrgJsonLd(ds, topic, { url: `${ds.baseIri}${opts.docPath.slice(1)}`, title: model.title });
    if (opts.area === 'def') return ontologyPage(model, desc, ds);
    if (opts.framed) {
      model.edition = buildEditionView(ds, desc.topics[0], new Labeller(ds, prefixes, knownLabels(pub)));
      model.related = [{ href: opts.framed, mediaType: 'application/ld+json', label: 'Framed JSON-LD (the whole edition)' }];
    }
    return resourcePage(model);
  }
  if (format.name === 'jsonld') {
    const ctx = publishedContext(ds);
    // A graph document keeps its graphs (@graph per named graph); a resource's document is triples, readings reified.
    const data = graphDoc ? desc.quads : desc.triples;
    return `${JSON.stringify(await toJsonLd(data, { context: { object: ctx.object, url: ctx.url } }), null, 2)}\n`;
  }
  return serializeQuads(format.kind === 'dataset' ? desc.quads : desc.triples, format, { prefixes });
}

/** Names of what the data does not hold: the dataset (its description is built, not loaded). */
function knownLabels(pub: Publication): ReadonlyMap<string, string> {
  return new Map([[datasetIri(pub.dataset.baseIri), datasetText(pub).title]]);
}

export { datasetIri };
