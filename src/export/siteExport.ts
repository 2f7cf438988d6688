// `forum-ld export`: the whole publication as static files, rendered by the app itself, with the rules static hosts need.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { Config, packageRoot } from '../config';
import { createApp, createLogger, openDataset } from '../app';
import { pagePaths } from '../publish/sitemapPaths';
import { FRAMED_PROFILE } from '../http/frame';
import { PUBLIC_ASSETS, readPublicAssets } from '../http/assets';
import { DOCUMENT_FORMATS } from '../rdf/formats';
import { framePath, hrefFor } from '../rdf/iriScheme';
import { Problem } from '../rdf/problem';
import { isEdition } from '../forum/edition';
import type { Dataset } from '../store/dataset';
import { htaccessRules, nginxRules, redirectsRules, RuleInput } from './staticRules';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL_VERSION_IRI = 'http://www.w3.org/2002/07/owl#versionIRI';
/** Folders whose paths name documents, negotiated over one file per format. */
const AREAS = ['doc', 'def', 'graph', 'np'];
/** Pages that answer queries: a static copy cannot, so they are left out (and out of its sitemap). */
const DYNAMIC = ['/sparql', '/api', '/fragments'];

export interface ExportReport {
  dir: string;
  files: number;
  bytes: number;
  /** Documents written in every format. */
  documents: number;
  /** Local links of the pages that lead outside the export (the query services). */
  leftOut: string[];
}

export class ExportError extends Error {
  constructor(
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}

/**
 * Loads and checks the data as `serve` does, answers every request of the site through the app in-process (on a
 * loopback port, so what is written is byte for byte what the server sends), and writes the answers under `outDir`
 * with the server rules (nginx.conf, .htaccess, _redirects) that give back the 303s and the negotiation.
 */
export async function exportSite(config: Config, outDir: string): Promise<ExportReport> {
  const live = openDataset(config, { workers: 0 });
  const server = http.createServer();
  try {
    const loaded = await live.reload();
    if (!loaded.ok) throw new ExportError('the dataset is invalid: nothing is exported', loaded.problems);
    await live.settled(); // the dumps
    server.on('request', createApp({ ...config, metrics: false }, live, createLogger({ logLevel: 'silent' })));
    await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
    const port = (server.address() as AddressInfo).port;
    const site = new SiteWriter(outDir, port);
    fs.mkdirSync(outDir, { recursive: true });

    const pub = live.current;
    const ds = pub.dataset;
    const paths = new Set(pagePaths(ds).filter((p) => !DYNAMIC.includes(p)));
    // An ontology's version IRI is a document too.
    for (const q of ds.match(null, namedNode(OWL_VERSION_IRI), null, null))
      if (q.object.value.startsWith(ds.baseIri)) paths.add(hrefFor(q.object.value, ds.baseIri));
    let documents = 0;
    for (const p of paths) {
      const area = p.split('/')[1];
      if (AREAS.includes(area)) {
        // A document not offered in a format (a nanopublication in a format without graphs: 406) has no file in it.
        for (const f of DOCUMENT_FORMATS) await site.copy(`${p}.${f.extensions[0]}`, '*/*', undefined, { unless: 406 });
        documents++;
      } else if (p === '/') {
        for (const f of DOCUMENT_FORMATS) await site.copy('/', f.mediaType, `/index.${f.extensions[0]}`);
      } else if (p.startsWith('/source/')) {
        await site.copy(`${p}.txt`);
        await site.copy(`${p}.html`);
      } else {
        await site.copy(p, 'text/html', `${p}.html`);
      }
    }
    for (const q of ds.match(null, namedNode(RDF_TYPE), null, null)) {
      if (q.subject.termType !== 'NamedNode' || !isEdition(ds, q.subject.value)) continue;
      const frame = framePath(q.subject.value, ds.baseIri);
      if (frame && !site.has(`${frame}.jsonld`)) await site.copy(frame, 'application/ld+json', `${frame}.jsonld`);
    }
    for (const f of pub.dumps?.files ?? []) await site.copy(`/dumps/${f.name}`);
    for (const asset of readPublicAssets(path.join(packageRoot(), 'public')).values()) {
      await site.copy(`${PUBLIC_ASSETS}${asset.name}`);
      await site.copy(`${PUBLIC_ASSETS}${asset.hashedName}`);
    }
    for (const p of ['/favicon.svg', '/favicon.ico', '/robots.txt', '/context.jsonld']) await site.copy(p);
    // The sitemap as served, less the pages a static copy does not have.
    const sitemap = (await site.fetch('/sitemap.xml')).body.toString('utf8');
    site.write(
      '/sitemap.xml',
      sitemap
        .split('\n')
        .filter((line) => !DYNAMIC.some((d) => line.includes(`<loc>${ds.baseIri}${d.slice(1)}</loc>`)))
        .join('\n'),
    );

    const retired: Array<{ path: string; status: number; location?: string }> = [];
    for (const p of retiredPaths(ds)) {
      const res = await site.fetch(p);
      if (res.status === 301 || res.status === 410) retired.push({ path: p, status: res.status, location: res.headers.location });
    }
    const rules: RuleInput = {
      formats: DOCUMENT_FORMATS.map((f) => ({ ext: f.extensions[0], mediaType: f.mediaType })),
      areas: AREAS,
      retired,
      framedType: `application/ld+json; profile="${FRAMED_PROFILE}"`,
    };
    site.write('/nginx.conf', nginxRules(rules));
    site.write('/.htaccess', htaccessRules(rules));
    site.write('/_redirects', redirectsRules(rules));
    return { dir: outDir, files: site.files, bytes: site.bytes, documents, leftOut: site.linksOutside(DYNAMIC) };
  } finally {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    await live.close();
  }
}

/** The /id/ and /doc/ paths of things the data retires (replaced or deprecated): the rules answer 301 or 410 there. */
function retiredPaths(ds: Dataset): string[] {
  const things = new Set([
    ...ds.match(null, namedNode('http://purl.org/dc/terms/isReplacedBy'), null, null).map((q) => q.subject.value),
    ...ds
      .match(null, namedNode('http://www.w3.org/2002/07/owl#deprecated'), null, null)
      .filter((q) => q.object.value === 'true')
      .map((q) => q.subject.value),
  ]);
  const local = [...things].filter((t) => t.startsWith(`${ds.baseIri}id/`)).map((t) => t.slice(ds.baseIri.length + 3));
  return local.sort().flatMap((l) => [`/id/${l}`, `/doc/${l}`]);
}

/** Requests to the app on its loopback port, and the files they become. */
class SiteWriter {
  bytes = 0;
  private readonly written = new Set<string>();
  private readonly links = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly port: number,
  ) {}

  get files(): number {
    return this.written.size;
  }

  has(p: string): boolean {
    return this.written.has(p);
  }

  fetch(p: string, accept = '*/*'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port: this.port, path: p, headers: { Accept: accept, 'Accept-Encoding': 'identity' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  }

  /**
   * GET `p` (with `accept`) and write the answer at `file` (default: the same path); anything but 200 (or the status
   * `unless` names, which writes nothing) is a bug.
   */
  async copy(p: string, accept = '*/*', file = p, opts: { unless?: number } = {}): Promise<void> {
    const res = await this.fetch(p, accept);
    if (res.status === opts.unless) return;
    if (res.status !== 200) throw new ExportError(`${p} answered ${res.status} while exporting; nothing can be exported without it`);
    this.write(file, res.body);
    if (/^text\/html/.test(res.headers['content-type'] ?? '')) {
      for (const m of res.body.toString('utf8').matchAll(/(?:href|src|action)="(\/[^"#?]*)/g)) this.links.add(m[1]);
    }
  }

  write(file: string, body: Buffer | string): void {
    // Paths come from the app's own sitemap, but a file name is never allowed out of the export folder.
    const rel = decodeURIComponent(file).replace(/^\/+/, '');
    const target = path.resolve(this.root, rel);
    if (!target.startsWith(path.resolve(this.root) + path.sep))
      throw new ExportError(`refusing to write ${file} outside the export folder`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, body);
    this.written.add(file);
    this.bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  }

  /** The local links of the written pages that start with one of `prefixes` (pages the export has no file for). */
  linksOutside(prefixes: readonly string[]): string[] {
    return [...this.links].filter((l) => prefixes.some((p) => l === p || l.startsWith(`${p}/`))).sort();
  }
}
