// Dumps on a first start (served later, 503 meanwhile) and across a reload (built before the swap; the old folder goes).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { buildConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { publishedContext } from '../../src/publish/jsonldContext';
import { buildDumps } from '../../src/publish/dumps';
import { LiveDataset } from '../../src/publish/live';
import { loadDataset } from '../../src/ingest/load';
import { QueryService } from '../../src/sparql/queryService';
import { validators } from '../../src/forum/checks';
import { BASE } from '../helpers';
import { forumApp, FORUM, tempDir } from '../forumFixture';

describe('http/dumps on a first start', () => {
  it('goes live before the dumps are written: 503 with Retry-After until then, and the description changes when they land', async () => {
    const config = buildConfig({ data: FORUM, base: BASE, 'log-level': 'silent' }, {});
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const live = new LiveDataset(
      () => loadDataset({ paths: config.dataPaths, baseIri: config.baseIri, validators: validators() }),
      (ds) =>
        new QueryService(ds, {
          workers: 0,
          timeoutMs: 10_000,
          maxConcurrent: 1,
          queueSize: 1,
          maxRows: 1000,
          unionDefaultGraph: true,
          allowRemote: [],
        }),
      async (ds) => {
        await gate;
        return buildDumps(ds, { root: tempDir('forum-ld-first-start-'), jsonldContext: publishedContext(ds) });
      },
    );
    const app = createApp(config, live);
    try {
      assert.ok((await live.reload()).ok);
      assert.equal(live.current.dumpsPending, true);
      const early = await request(app).get('/dumps/dataset.ttl').expect(503);
      assert.equal(early.headers['retry-after'], '30');
      await request(app).get('/sparql').query({ query: 'ASK { ?s ?p ?o }' }).set('Accept', 'application/sparql-results+json').expect(200);
      const before = await request(app).get('/.well-known/void').set('Accept', 'text/turtle').expect(200);
      assert.doesNotMatch(before.text, /dcat:downloadURL/);
      assert.equal(before.headers['cache-control'], 'public, max-age=10', 'a description without its dumps is not cached for long');
      assert.match((await request(app).get('/doc/dataset').set('Accept', 'text/html').expect(200)).text, /being written/);
      release();
      assert.deepEqual(await live.settled(), []);
      assert.equal(live.current.dumpsPending, false);
      await request(app).get('/dumps/dataset.ttl').set('Accept-Encoding', 'identity').expect(200);
      const after = await request(app).get('/.well-known/void').set('Accept', 'text/turtle').expect(200);
      assert.match(after.text, /dcat:downloadURL/);
      assert.notEqual(after.headers.etag, before.headers.etag);
      assert.equal(after.headers['cache-control'], 'public, max-age=300');
      await request(app).get('/.well-known/void').set('Accept', 'text/turtle').set('If-None-Match', before.headers.etag).expect(200);
    } finally {
      await live.close();
      if (live.current.dumps) fs.rmSync(live.current.dumps.dir, { recursive: true, force: true });
    }
  });
});

describe('http/dumps across a reload', () => {
  it("publishes the new version's dumps and description together, and removes the old dumps", async () => {
    const dir = tempDir('forum-ld-dumps-reload-');
    fs.cpSync(FORUM, dir, { recursive: true });
    const t = await forumApp({}, dir);
    try {
      const before = t.live.current.dumps!;
      const old = await request(t.app).get('/dumps/dataset.nt').set('Accept-Encoding', 'identity').expect(200);
      fs.appendFileSync(path.join(dir, 'data', 'meta.trig'), '\n<id/organization/new> <https://schema.org/name> "New"@en .\n');
      const r = await t.live.reload();
      assert.ok(r.ok, JSON.stringify(r.problems));
      const after = t.live.current.dumps!;
      assert.notEqual(after.dir, before.dir);
      const fresh = await request(t.app).get('/dumps/dataset.nt').set('Accept-Encoding', 'identity').expect(200);
      assert.match(fresh.text, /<http:\/\/example.org\/id\/organization\/new> <https:\/\/schema.org\/name> "New"@en \./);
      assert.notEqual(fresh.headers.etag, old.headers.etag);
      const voidText = (await request(t.app).get('/.well-known/void').set('Accept', 'text/turtle').expect(200)).text;
      const size = after.files.find((f) => f.name === 'dataset.nt')!.bytes;
      assert.equal(Number(fresh.headers['content-length']), size);
      assert.match(voidText, new RegExp(`dcat:byteSize "${size}"`));
      await new Promise((resolve) => setTimeout(resolve, 200)); // the old folder is removed after the swap, asynchronously
      assert.ok(!fs.existsSync(before.dir), "the old version's dumps are gone");
    } finally {
      const last = t.live.current.dumps?.dir;
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (last) fs.rmSync(last, { recursive: true, force: true }); // a version only this test made
    }
  });
});
