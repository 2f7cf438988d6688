// One date story: the data's own modification date everywhere, the same on every server built from the same data.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataFactory } from 'n3';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import { Dataset } from '../../src/store/dataset';
import { dataModified, statedDate } from '../../src/publish/versionDates';
import { BASE, ROOT } from '../helpers';

const { namedNode, literal, quad } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DCT_MODIFIED = namedNode('http://purl.org/dc/terms/modified');
const info = (version = 'v') => ({ baseIri: BASE, files: [], contexts: new Map(), sources: new Map(), version, loadedAt: new Date() });

describe('publish/versionDates', () => {
  it('the latest dcterms:modified the data states of its graphs, dataset or ontologies; nothing else counts', () => {
    const g = namedNode(`${BASE}graph/a`);
    const ds = new Dataset(
      [
        quad(namedNode(`${BASE}id/x`), namedNode(`${BASE}p`), literal('1'), g),
        quad(g, DCT_MODIFIED, literal('2026-11-28', namedNode(`${XSD}date`)), namedNode(`${BASE}graph/meta`)),
        quad(namedNode(`${BASE}graph/meta`), DCT_MODIFIED, literal('2026-11-30', namedNode(`${XSD}date`)), namedNode(`${BASE}graph/meta`)),
        // A web page the record describes, modified later: its date, not the data's.
        quad(namedNode('https://example.com/page'), DCT_MODIFIED, literal('2027-01-01', namedNode(`${XSD}date`)), g),
      ],
      info(),
    );
    assert.deepEqual(dataModified(ds), { value: '2026-11-30', datatype: `${XSD}date`, at: new Date('2026-11-30T00:00:00Z') });
    assert.equal(dataModified(new Dataset([], info())), undefined, 'no date stated: none claimed');
    assert.equal(statedDate(literal('yesterday', namedNode(`${XSD}date`))), undefined);
  });

  it('two servers built from the same data state the same dates everywhere, never their load time', async function () {
    this.timeout(120_000);
    const apps = [];
    for (const n of [1, 2]) {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), `forum-ld-dates-${n}-`));
      const config = buildConfig(
        { data: [path.join(ROOT, 'ontology'), path.join(ROOT, 'data')], base: BASE, 'log-level': 'silent', 'cache-dir': cacheDir },
        {},
      );
      const live = openDataset(config, { workers: 0 });
      assert.ok((await live.reload()).ok);
      await live.settled();
      apps.push({ app: createApp(config, live), live, cacheDir });
      if (n === 1) await new Promise((r) => setTimeout(r, 1100)); // a second apart: a load time would show
    }
    try {
      const paths = [
        '/',
        '/.well-known/void',
        '/doc/dataset.ttl',
        '/doc/event/rf-2019.ttl',
        '/graph/meta',
        '/np/rf-2019/kf-01',
        '/sitemap.xml',
        '/frame/event/rf-2019',
        '/api/editions',
        '/context.jsonld',
        '/source/third-regional-forum-2019',
        '/fragments?predicate=https%3A%2F%2Fschema.org%2Fname',
      ];
      for (const p of paths) {
        // One host for both: a fragment's ETag names its URL, origin included.
        type Answer = { status: number; headers: Record<string, string>; text: string };
        const a: Answer = await request(apps[0].app).get(p).set('Host', 'example.org');
        const b: Answer = await request(apps[1].app).get(p).set('Host', 'example.org');
        assert.equal(a.status, 200, p);
        assert.equal(a.headers['last-modified'], 'Sat, 28 Nov 2026 00:00:00 GMT', `${p}: the data's date`);
        assert.equal(b.headers['last-modified'], a.headers['last-modified'], p);
        assert.equal(b.headers.etag, a.headers.etag, p);
        // The same bytes, but for the labels of blank nodes (a parser's counter, which differs between two loads in one process).
        const unlabelled = (s: string) => s.replace(/_:[\w-]+/g, '_:b');
        assert.equal(unlabelled(b.text), unlabelled(a.text), `${p}: the same bytes`);
      }
      const doc = (await request(apps[0].app).get('/doc/event/rf-2019.nt')).text;
      assert.deepEqual(doc.match(/dc\/terms\/modified> "[^"]*"/g), ['dc/terms/modified> "2026-11-28"'], "one dcterms:modified, the data's");
      const graph = (await request(apps[0].app).get('/graph/meta.nq')).text;
      assert.ok(!/modified> "\d{4}-\d{2}-\d{2}T/.test(graph), 'no load time in a graph document');
      const sitemap = (await request(apps[0].app).get('/sitemap.xml')).text;
      assert.deepEqual([...new Set(sitemap.match(/<lastmod>[^<]*<\/lastmod>/g))], ['<lastmod>2026-11-28</lastmod>']);
      const home = (await request(apps[0].app).get('/').set('Accept', 'text/html')).text;
      assert.match(home, /"dateModified":\s*"2026-11-28"/, "schema.org dateModified: the data's date");
      const voidDoc = (await request(apps[0].app).get('/doc/dataset.nt')).text;
      assert.match(voidDoc, /endDate> "2019-12-13"/, 'the coverage ends with the last event');
    } finally {
      for (const x of apps) {
        await x.live.close();
        fs.rmSync(x.cacheDir, { recursive: true, force: true });
      }
    }
  });
});
