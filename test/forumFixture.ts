// The forum fixture (an edition with sessions, role phrases, findings, a replaced and a retired IRI) served in-process.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as RDF from '@rdfjs/types';
import request from 'supertest';
import { buildConfig, Config } from '../src/config';
import { createApp } from '../src/app';
import { openBackend } from './support/backend';
import { LiveDataset } from '../src/publish/live';
import { parseRdf } from '../src/rdf/parse';
import { findFormat } from '../src/rdf/formats';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FORUM = path.join(ROOT, 'test', 'fixtures', 'forum');
export const BASE = 'http://example.org/';
/** The published record (what `npm start` serves), when the checkout has it. */
export const RECORD = [path.join(ROOT, 'ontology'), path.join(ROOT, 'data')];
/** The datasets the HTTP surface tests run over: the fixture, and the published record when present. */
export const DATASETS: Array<{ name: string; data: string[] }> = [
  { name: 'fixture', data: [FORUM] },
  ...(RECORD.every((p) => fs.existsSync(p)) ? [{ name: 'published record', data: RECORD }] : []),
];

export interface ForumApp {
  app: ReturnType<typeof createApp>;
  live: LiveDataset;
  config: Config;
  close: () => Promise<void>;
}

export async function forumApp(flags: Record<string, string | string[]> = {}, data: string | string[] = FORUM): Promise<ForumApp> {
  const { config, live } = await openBackend(buildConfig({ data, base: BASE, 'log-level': 'silent', ...flags }, {}), { workers: 0 });
  const r = await live.reload();
  if (!r.ok) throw new Error(`fixture did not load: ${JSON.stringify(r.problems)}`);
  await live.settled(); // a first load goes live before its dumps are written; tests see them written
  return { app: createApp(config, live), live, config, close: () => live.close() };
}

/** The app-relative path of an absolute IRI under the base. */
export function local(iri: string, base = BASE): string {
  if (!iri.startsWith(base)) throw new Error(`${iri} is not under ${base}`);
  return `/${iri.slice(base.length)}`;
}

/** Fetches a body as a Buffer whatever its type (supertest only buffers text by default). */
export async function getBytes(
  app: ForumApp['app'],
  p: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const req = request(app)
    .get(p)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  req.set('Accept-Encoding', 'identity'); // the exact bytes, not a decoded gzip variant
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  const res = await req;
  return { status: res.status, headers: res.headers as Record<string, string>, body: res.body as Buffer };
}

/** Parses served RDF; JSON-LD contexts under the base are fetched from the app itself, never from the network. */
export async function parseServed(app: ForumApp['app'], text: string, formatName: string, file = 'served'): Promise<RDF.Quad[]> {
  const format = findFormat(formatName)!;
  const contexts = new Map<string, unknown>();
  if (format.name === 'jsonld') {
    for (const url of contextUrls(JSON.parse(text))) {
      if (!url.startsWith(BASE)) throw new Error(`the document names a context outside the server: ${url}`);
      const res = await request(app).get(local(url)).expect(200);
      contexts.set(url, JSON.parse(res.text));
    }
  }
  return parseRdf(text, { format, baseIri: BASE, file, contexts });
}

function contextUrls(doc: unknown, out: string[] = []): string[] {
  if (Array.isArray(doc)) {
    for (const d of doc) contextUrls(d, out);
    return out;
  }
  if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      if (k === '@context')
        for (const c of [v].flat()) {
          if (typeof c === 'string') out.push(c);
        }
      else contextUrls(v, out);
    }
  }
  return out;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The app-relative paths the sitemap lists. */
export async function sitemapPaths(app: ForumApp['app']): Promise<string[]> {
  const res = await request(app).get('/sitemap.xml').expect(200);
  return [...res.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => local(m[1].replace(/&amp;/g, '&')));
}
