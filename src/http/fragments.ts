// GET /fragments: Triple Pattern Fragments (and quad patterns over the named graphs) from the indexes, streamed.
import type * as RDF from '@rdfjs/types';
import type { NextFunction, Request, Response } from 'express';
import { DataFactory, Writer } from 'n3';
import { findFormat, Format } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { allPrefixes } from '../rdf/prefixes';
import { jsonLdChunks } from '../rdf/jsonldStream';
import { describing, LiveDataset, Publication, withWholeVersion } from '../publish/live';
import { NeedsWholeVersion } from '../remote/versionReader';
import { datasetIri } from '../publish/describe';
import { datasetText } from '../publish/datasetDescription';
import { publishedContext } from '../publish/jsonldContext';
import { countFragment, selectFragment } from '../fragments/fragment';
import { DatasetFacts, FRAGMENTS_PATH, fragmentMetadata, FragmentUrls, NS } from '../fragments/controls';
import { GENID_PATH, POSITIONS, readSelector } from '../fragments/selector';
import { badRequest, notFound } from './errors';
import { parseParams, single } from './params';
import { representStream } from './represent';
import { fragmentsModel } from './fragmentsModel';
import { fragmentsPage } from '../views/fragmentsPage';
import type { SiteChrome } from '../views/model';
import { lastModified } from '../publish/versionDates';

const { namedNode, quad, defaultGraph } = DataFactory;
/** Turtle first: what a client that states no preference gets, and what the others get instead of a 406 (the TPF spec asks for a triple format). */
const OFFER: readonly Format[] = ['ttl', 'trig', 'nq', 'nt', 'jsonld', 'html'].map((n) => findFormat(n)!);
const N3_NAMES: Record<string, string> = { ttl: 'Turtle', trig: 'TriG', nq: 'N-Quads', nt: 'N-Triples' };
const PREFIXES = { hydra: NS.hydra, void: NS.void, dcterms: NS.dcterms, foaf: NS.foaf, sd: NS.sd, xsd: NS.xsd };
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export interface FragmentsOptions extends SiteChrome {
  pageSize: number;
  license: string;
  /** The default graph is the union of all graphs (as /sparql's, UNION_DEFAULT_GRAPH), else the unnamed graph. */
  unionDefaultGraph: boolean;
}

/**
 * Where the client reached us: the form and the page links must point there (a page names itself by the URL it was
 * requested at). The base IRI's own scheme is kept when the Host is the base's, which holds behind a TLS proxy.
 */
export function originOf(req: Request, base: string): string {
  const b = new URL(base);
  const host = req.get('host');
  if (!host || !HOST.test(host)) return b.origin;
  return host.toLowerCase() === b.host ? b.origin : `${req.protocol}://${host}`;
}

/** The page's own URL, its fragment (the same without `page`) and the links between pages. */
export function fragmentUrls(origin: string, originalUrl: string, page: number, hasNext: boolean): FragmentUrls {
  const q = originalUrl.indexOf('?');
  const path = q < 0 ? originalUrl : originalUrl.slice(0, q);
  const rest =
    q < 0
      ? []
      : originalUrl
          .slice(q + 1)
          .split('&')
          .filter((p) => p && !/^page(=|$)/.test(p));
  const fragment = `${origin}${path}${rest.length ? `?${rest.join('&')}` : ''}`;
  const pageUrl = (n: number) => (n === 1 ? fragment : `${fragment}${rest.length ? '&' : '?'}page=${n}`);
  return {
    fragment,
    page: `${origin}${originalUrl}`,
    first: fragment,
    origin,
    previous: page > 1 ? pageUrl(page - 1) : undefined,
    next: hasNext ? pageUrl(page + 1) : undefined,
  };
}

export function fragmentsHandler(live: LiveDataset, opts: FragmentsOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    serveFragment(live.current, opts, req, res, next).catch(next);
  };
}

async function serveFragment(served: Publication, opts: FragmentsOptions, req: Request, res: Response, next: NextFunction) {
  let pub = served;
  const base = pub.dataset.baseIri;
  const q = req.originalUrl.indexOf('?');
  const params = parseParams(q < 0 ? '' : req.originalUrl.slice(q + 1));
  const given = Object.fromEntries(POSITIONS.map((p) => [p, single(params, p)]).filter(([, v]) => v !== undefined));
  const pageText = single(params, 'page');
  if (pageText !== undefined && !/^[1-9]\d{0,8}$/.test(pageText))
    throw badRequest(`The page "${pageText}" is not a page number (1, 2, …).`);
  const page = Number(pageText ?? 1);
  const sel = readSelector(given, base, allPrefixes(base));
  const graphs = { union: opts.unionDefaultGraph };
  // Over an external store each page is a bounded query (docs/store.md); what it cannot ask reads the version whole.
  let source = pub.access?.fragments;
  // The first page always exists: its triples are asked for together with its count.
  let first = source && page === 1 ? source.page(sel, 1, opts.pageSize, base, graphs) : undefined;
  first?.catch(() => undefined);
  let total: number;
  try {
    total = source ? await source.count(sel, graphs) : countFragment(pub.dataset.store, sel, graphs);
  } catch (e) {
    if (!(e instanceof NeedsWholeVersion)) throw e;
    pub = await withWholeVersion(pub);
    source = undefined;
    first = undefined;
    total = countFragment(pub.dataset.store, sel, graphs);
  }
  const ds = pub.dataset;
  // Page 1 always exists, if only to say that nothing matches; later pages only while there are matches.
  if ((page - 1) * opts.pageSize >= Math.max(total, 1))
    throw notFound(`Page ${page} of this fragment (${total} matches, ${opts.pageSize} a page)`);
  const format = negotiate(req.get('accept'), OFFER) ?? OFFER[0];
  const origin = originOf(req, base);
  const urls = fragmentUrls(origin, req.originalUrl, page, page * opts.pageSize < total);
  const links = [
    { href: urls.first, rel: 'first' },
    ...(urls.previous ? [{ href: urls.previous, rel: 'prev' }] : []),
    ...(urls.next ? [{ href: urls.next, rel: 'next' }] : []),
    { href: '/.well-known/void', rel: 'describedby', type: 'text/turtle' },
  ];
  const answered = representStream(req, res, {
    format,
    etagSeed: `${ds.info.version} ${opts.pageSize} ${graphs.union} ${format.name} ${urls.page}`,
    lastModified: lastModified(ds),
    links,
  });
  if (answered) return;
  const result = source
    ? await (first ?? source.page(sel, page, opts.pageSize, base, graphs))
    : selectFragment(ds.store, sel, page, opts.pageSize, base, graphs);
  const facts: DatasetFacts = {
    iri: datasetIri(base),
    title: await describing(pub, async (view) => view.dataset.memo('fragments title', () => datasetText(view).title)),
    license: opts.license,
    description: `${base}doc/dataset`,
    sparql: `${base}sparql`,
  };
  if (format.name === 'html') {
    res.send(
      fragmentsPage(
        fragmentsModel(ds, sel, given, result, urls, {
          siteName: opts.siteName,
          assets: opts.assets,
          datasetTitle: facts.title,
          union: graphs.union,
        }),
      ),
    );
    return;
  }
  const metadata = fragmentMetadata(sel, result, urls, facts);
  stream(res, format, metadata, result.quads, urls.fragment, () => publishedContext(ds), namespaces(base), next);
}

/**
 * Writes metadata and data. Quad formats keep them apart: the metadata in a graph of its own that names the fragment
 * as its foaf:primaryTopic (how clients tell them apart), the data in the default graph or the graph it is stated in.
 * Triple formats hold both in one graph. Written in chunks of about 32 KB, waiting whenever the client is slower.
 */
function stream(
  res: Response,
  format: Format,
  metadata: RDF.Quad[],
  data: RDF.Quad[],
  fragment: string,
  context: () => ReturnType<typeof publishedContext>,
  prefixes: ReadonlyMap<string, string>,
  next: NextFunction,
): void {
  const quads = format.kind === 'dataset' || format.name === 'jsonld';
  const metadataGraph = namedNode(`${fragment}#metadata`);
  const graph = quads ? metadataGraph : defaultGraph();
  const all = function* (): Generator<RDF.Quad> {
    if (quads) yield quad(metadataGraph, namedNode(`${NS.foaf}primaryTopic`), namedNode(fragment), metadataGraph);
    for (const m of metadata) yield quad(m.subject, m.predicate, m.object, graph);
    for (const d of data) yield quads ? d : quad(d.subject, d.predicate, d.object);
  };
  const out = new Chunks(res);
  const write = async () => {
    if (format.name === 'jsonld') {
      for await (const text of jsonLdChunks(all(), { context: context() })) await out.write(text);
    } else {
      // N3's writer into our chunks: its StreamWriter hands each term on as a chunk of its own, hundreds of tiny
      // writes a page, which cost more than the whole lookup.
      const lineBased = format.name === 'nt' || format.name === 'nq';
      const writer = new Writer(out, {
        format: N3_NAMES[format.name],
        prefixes: lineBased ? undefined : prefixesUsed([...metadata, ...data], prefixes),
        end: false,
      });
      for (const q of all()) {
        writer.addQuad(q);
        await out.drained();
      }
      await new Promise<void>((resolve) => writer.end(() => resolve()));
    }
    out.end();
  };
  write().catch((err: Error) => (res.headersSent ? res.destroy(err) : next(err)));
}

/** Collects text and hands it to the response in pieces of about 32 KB, so a page is a few writes, not hundreds. */
class Chunks {
  private parts: string[] = [];
  private size = 0;
  private full = false;
  constructor(private readonly res: Response) {}

  /** Called by N3's writer (synchronously, with a callback it may pass) and for JSON-LD text. */
  write(text: string, _encoding?: string, done?: () => void): Promise<void> {
    this.parts.push(text);
    done?.();
    this.size += text.length;
    if (this.size >= 32_768) this.flush();
    return this.drained();
  }

  /** Resolves once the response can take more (at once, unless the last write found it full). */
  drained(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) =>
      this.res.once('drain', () => {
        this.full = false;
        resolve();
      }),
    );
  }

  /** No callback to end(): the compression middleware's end takes none. */
  end(): void {
    this.flush();
    this.res.end();
  }

  private flush(): void {
    if (!this.size) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.res.write(text)) this.full = true;
  }
}

/** Namespace → prefix, of the dataset's prefixes and the metadata vocabularies; made once per base. */
const NAMESPACES = new Map<string, ReadonlyMap<string, string>>();
function namespaces(base: string): ReadonlyMap<string, string> {
  let m = NAMESPACES.get(base);
  if (!m) NAMESPACES.set(base, (m = new Map(Object.entries({ ...allPrefixes(base), ...PREFIXES }).map(([p, ns]) => [ns, p]))));
  return m;
}

/** The prefixes whose namespace ends where some IRI of the page does (at its last / or #): few, found in one pass. */
function prefixesUsed(quads: readonly RDF.Quad[], byNamespace: ReadonlyMap<string, string>): Record<string, string> {
  const used: Record<string, string> = {};
  const visit = (t: RDF.Term) => {
    const iri = t.termType === 'NamedNode' ? t.value : t.termType === 'Literal' ? t.datatype.value : undefined;
    if (!iri) return;
    const ns = iri.slice(0, Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);
    const p = byNamespace.get(ns);
    if (p !== undefined) used[p] = ns;
  };
  for (const q of quads) {
    visit(q.subject);
    visit(q.predicate);
    visit(q.object);
  }
  return used;
}

/** GET /.well-known/genid/{id}: a skolem IRI of a blank node leads to the fragment that describes it. */
export function genidHandler(live: LiveDataset) {
  return (req: Request, res: Response) => {
    // Express decoded the label; skolem IRIs hold it percent-encoded, as skolemize() writes it.
    const iri = `${live.current.dataset.baseIri}${GENID_PATH}${encodeURIComponent(String(req.params.id ?? ''))}`;
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.redirect(303, `${FRAGMENTS_PATH}?subject=${encodeURIComponent(iri)}`);
  };
}
