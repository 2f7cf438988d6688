// Dumps across a reload: the new version's dumps are built before it is served, the old folder goes, nothing breaks.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { forumApp, FORUM, tempDir } from '../forumFixture';

describe('http/dumps across a reload', () => {
  it('publishes the new version\'s dumps and description together, and removes the old dumps', async () => {
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
      assert.ok(!fs.existsSync(before.dir), 'the old version\'s dumps are gone');
    } finally {
      const last = t.live.current.dumps?.dir;
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (last) fs.rmSync(last, { recursive: true, force: true }); // a version only this test made
    }
  });
});
