// forum-ld export: the static copy holds what the server sends, and under nginx and Apache with the generated rules it
// answers as Linked Data (303 from /id/ to /doc/, formats by Accept with Vary, 301/410 for retired IRIs).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { isomorphic } from 'rdf-isomorphic';
import { buildConfig } from '../../src/config';
import { exportCommand } from '../../src/commands/export';
import { ForumApp, forumApp, FORUM, RECORD, getBytes } from '../forumFixture';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';
import { freePort } from '../support/loopback';
import { skipWithoutApache, startApache } from '../support/apache';
import type { RunningServer } from '../support/foreground';
import { skipWithoutNginx, startNginx } from '../support/nginx';

const FORMATS: Array<[string, string]> = [
  ['ttl', 'text/turtle'],
  ['jsonld', 'application/ld+json'],
  ['nt', 'application/n-triples'],
  ['rdf', 'application/rdf+xml'],
  ['html', 'text/html'],
];

/** Exports `data` for `base` into a fresh folder with the command itself; returns the folder and what it printed. */
async function exportTo(data: string[], base: string, name: string): Promise<{ dir: string; said: string }> {
  const dir = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'forum-ld-export-')), name);
  const config = buildConfig({ data, base, out: dir, 'log-level': 'silent' }, {});
  const out = new PassThrough();
  const err = new PassThrough();
  let said = '';
  out.on('data', (d: Buffer) => (said += d.toString()));
  err.on('data', (d: Buffer) => (said += d.toString()));
  const code = await exportCommand(config, out, err);
  assert.equal(code, 0, said);
  return { dir, said };
}

const docPaths = (sitemap: string, base: string) =>
  [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => `/${m[1].slice(base.length)}`).filter((p) => /^\/(doc|def|graph|np)\//.test(p));

/** Parses a served document; its JSON-LD context is the server's own (read from the app, never the network). */
async function parse(t: ForumApp, text: string, format: string, base: string) {
  const contexts = new Map<string, unknown>();
  if (format === 'jsonld')
    contexts.set(`${base}context.jsonld`, JSON.parse((await request(t.app).get('/context.jsonld').expect(200)).text));
  return parseRdf(text, { format: findFormat(format)!, baseIri: base, file: 'served', contexts });
}

describe('export: the publication as static files', function () {
  this.timeout(240_000);
  let port: number;
  let base: string;
  let dir: string;
  let said: string;
  let app: ForumApp;
  let sitemap: string;

  before(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}/`;
    ({ dir, said } = await exportTo(RECORD, base, 'record'));
    // The server over the same data and base (and the same cache folder, so the same version dates).
    app = await forumApp({ base }, RECORD);
    sitemap = fs.readFileSync(path.join(dir, 'sitemap.xml'), 'utf8');
  });
  after(() => app?.close());

  it('writes every page, every document in every format, the dumps, VoID, sitemap, assets and the three sets of rules', async () => {
    assert.match(said, /^exported \d+ files .* (\d+) documents in every format/);
    assert.match(said, /not exported .*\/sparql/);
    const docs = docPaths(sitemap, base);
    assert.ok(docs.length > 200, `${docs.length} documents`);
    // Every format of every document, but the formats without graphs of a nanopublication, which the server refuses (406).
    for (const p of docs)
      for (const [ext] of FORMATS)
        if (!(p.startsWith('/np/') && ['ttl', 'nt', 'rdf'].includes(ext)))
          assert.ok(fs.existsSync(path.join(dir, `${p}.${ext}`)), `${p}.${ext}`);
    for (const f of ['index.html', 'index.ttl', 'sitemap.xml', 'robots.txt', 'context.jsonld', 'nginx.conf', '.htaccess', '_redirects'])
      assert.ok(fs.existsSync(path.join(dir, f)), f);
    const dumps = (await request(app.app).get('/doc/dataset.ttl').expect(200)).text.match(/\/dumps\/[\w.]+/g) ?? [];
    assert.ok(dumps.length >= 6);
    for (const d of new Set(dumps)) assert.ok(fs.existsSync(path.join(dir, d)), d);
    const home = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    for (const [, href] of home.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) assert.ok(fs.existsSync(path.join(dir, href)), href);
    assert.doesNotMatch(sitemap, /<loc>[^<]*\/sparql<\/loc>/, 'the sitemap lists only what the copy has');
  });

  it('holds what the server sends: under a plain static server (express.static) the same bytes, or with blank nodes the same graph', async () => {
    const files = express();
    files.use(express.static(dir, { dotfiles: 'allow' }));
    // Every document in Turtle, N-Triples and HTML; JSON-LD and RDF/XML (slow to parse back) for every fifth.
    for (const [i, p] of docPaths(sitemap, base).entries()) {
      for (const [ext] of FORMATS.filter(([e]) => i % 5 === 0 || !['jsonld', 'rdf'].includes(e))) {
        const [fromFile, fromServer] = await Promise.all([request(files).get(`${p}.${ext}`), request(app.app).get(`${p}.${ext}`)]);
        // Not offered in this format (a nanopublication without its graphs): no file either.
        if (fromServer.status === 406) {
          assert.equal(fromFile.status, 404, `${p}.${ext}: the server refuses it, the copy has a file`);
          continue;
        }
        assert.equal(fromFile.status, 200, `${p}.${ext}`);
        if (fromFile.text === fromServer.text) continue;
        // Blank node labels are the parser's, and two loads label them apart: then the graphs must be isomorphic.
        assert.notEqual(ext, 'html', `${p}.html differs from the server's`);
        const [ours, theirs] = await Promise.all([parse(app, fromFile.text, ext, base), parse(app, fromServer.text, ext, base)]);
        assert.ok(isomorphic(ours, theirs), `${p}.${ext} is not the server's graph`);
      }
    }
    const dump = await getBytes(files as never, '/dumps/dataset.nq.gz');
    const served = await getBytes(app.app, '/dumps/dataset.nq.gz');
    assert.equal(dump.status, 200);
    assert.ok(dump.body.equals(served.body), 'the gzipped N-Quads dump');
  });

  /** A real server over an export folder with its own rules, on a port, keeping its files in `work`. */
  type Start = (folder: string, port: number, work: string) => Promise<RunningServer>;
  const nginx: Start = (folder, p, work) => startNginx(folder, path.join(folder, 'nginx.conf'), p, work);
  const apache: Start = (folder, p, work) => startApache(folder, p, work);

  // The same checks under each server; Apache sends no Content-Location (docs/static-export.md).
  for (const [name, skip, start, contentLocation] of [
    ['nginx with the generated nginx.conf', skipWithoutNginx, nginx, true],
    ['Apache with the generated .htaccess', skipWithoutApache, apache, false],
  ] as const)
    describe(`under ${name}`, () => {
      let server: RunningServer;
      const at = (p: string, accept?: string) =>
        fetch(`${base}${p.replace(/^\//, '')}`, { redirect: 'manual', headers: accept ? { Accept: accept } : {} });
      const work = (folder: string) => path.join(path.dirname(folder), name.split(' ')[0].toLowerCase());

      before(async function () {
        skip(this);
        server = await start(dir, port, work(dir));
      });
      after(() => server?.stop());

      it('answers every thing IRI with 303 See Other to its document, Vary: Accept; an unknown one with 404', async () => {
        const things = docPaths(sitemap, base).filter((p) => p.startsWith('/doc/'));
        for (const p of things) {
          const res = await at(`/id/${p.slice(5)}`);
          assert.equal(res.status, 303, p);
          assert.equal(new URL(res.headers.get('location')!, base).pathname, p);
          assert.match(res.headers.get('vary') ?? '', /\bAccept\b/);
        }
        assert.equal((await at('/id/country/nowhere')).status, 404);
      });

      it(`negotiates Turtle, JSON-LD, N-Triples, RDF/XML and HTML by Accept, with Vary${contentLocation ? ' and Content-Location' : ''}, isomorphic to the server`, async () => {
        const sample = ['/doc/event/rf-2019', '/doc/country/kz', '/doc/finding/rf-2019/kf-08', '/def/forum', '/graph/links', '/graph/meta'];
        for (const p of sample) {
          for (const [ext, type] of FORMATS) {
            const res = await at(p, type);
            assert.equal(res.status, 200, `${p} as ${type}`);
            assert.equal(res.headers.get('content-type')?.split(';')[0], type, `${p} as ${type}`);
            assert.match(res.headers.get('vary') ?? '', /\bAccept\b/, p);
            if (contentLocation) assert.equal(res.headers.get('content-location'), `${p}.${ext}`);
            const body = await res.text();
            const server = await request(app.app).get(p).set('Accept', type).expect(200);
            if (ext === 'html') {
              assert.equal(body, server.text, `${p} as HTML`);
              continue;
            }
            const [ours, theirs] = await Promise.all([parse(app, body, ext, base), parse(app, server.text, ext, base)]);
            assert.ok(ours.length > 0 && isomorphic(ours, theirs), `${p} as ${type} is not the server's graph`);
          }
        }
        // A browser's Accept, and none at all (the server's choice for */*: Turtle).
        const browser = await at('/doc/country/kz', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
        assert.match(browser.headers.get('content-type') ?? '', /^text\/html/);
        assert.match((await at('/doc/country/kz', '*/*')).headers.get('content-type') ?? '', /^text\/turtle/);
        // A format named by its extension is that file, whatever the Accept header says.
        const explicit = await at('/doc/country/kz.nt', 'text/html');
        assert.match(explicit.headers.get('content-type') ?? '', /^application\/n-triples/);
      });

      it('gives browsers the home page and RDF clients the dataset description, at / and /.well-known/void', async () => {
        assert.match(await (await at('/', 'text/html')).text(), /<h1>/);
        // As the server: the home page is HTML for */* (documents are Turtle for it).
        assert.match((await at('/', '*/*')).headers.get('content-type') ?? '', /^text\/html/);
        for (const p of ['/', '/.well-known/void']) {
          const res = await at(p, 'text/turtle');
          assert.match(res.headers.get('content-type') ?? '', /^text\/turtle/, p);
          assert.match(res.headers.get('vary') ?? '', /\bAccept\b/, p);
          const server = await request(app.app).get('/doc/dataset').set('Accept', 'text/turtle').expect(200);
          assert.ok(isomorphic(await parse(app, await res.text(), 'ttl', base), await parse(app, server.text, 'ttl', base)), p);
        }
      });

      it('serves every page of the sitemap, the framed edition, the source text and the dumps with their media types', async () => {
        for (const [, loc] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) {
          const res = await fetch(loc, { headers: { Accept: 'text/html' } });
          assert.equal(res.status, 200, loc);
          assert.match(res.headers.get('content-type') ?? '', /^text\/html/, loc);
        }
        const frame = await at('/frame/event/rf-2019');
        assert.equal(frame.status, 200);
        assert.match(
          frame.headers.get('content-type') ?? '',
          /^application\/ld\+json; profile="http:\/\/www\.w3\.org\/ns\/json-ld#framed"/,
        );
        assert.match((await at('/source/third-regional-forum-2019')).headers.get('content-type') ?? '', /^text\/plain/);
        assert.match((await at('/dumps/dataset.ttl')).headers.get('content-type') ?? '', /^text\/turtle/);
        assert.match((await at('/context.jsonld')).headers.get('content-type') ?? '', /^application\/ld\+json/);
      });

      it('answers a replaced IRI with 301 and a retired one with 410, as the server does (over the fixture)', async () => {
        const fport = await freePort();
        const fbase = `http://127.0.0.1:${fport}/`;
        const fixture = await exportTo([FORUM], fbase, 'fixture');
        const server = await forumApp({ base: fbase }, [FORUM]);
        const fserver = await start(fixture.dir, fport, work(fixture.dir));
        try {
          const rules = fs.readFileSync(path.join(fixture.dir, 'nginx.conf'), 'utf8');
          const retired = [...rules.matchAll(/location = (\/id\/\S+) \{/g)].map((m) => m[1]);
          assert.ok(retired.length >= 2, 'the fixture retires two IRIs');
          for (const p of retired) {
            const [ours, theirs] = await Promise.all([fetch(`${fbase}${p.slice(1)}`, { redirect: 'manual' }), request(server.app).get(p)]);
            assert.equal(ours.status, theirs.status, p);
            assert.ok([301, 410].includes(ours.status), p);
            // Apache makes the Location absolute, the server leaves it relative: the same address (RFC 9110, 10.2.2).
            if (ours.status === 301)
              assert.equal(new URL(ours.headers.get('location')!, fbase).href, new URL(theirs.headers.location, fbase).href, p);
          }
        } finally {
          await fserver.stop();
          await server.close();
        }
      });
    });
});
