// Reload: valid new data is swapped in atomically; invalid new data leaves the old data in service.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';

describe('store/live (reload)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-reload-'));
  const file = path.join(dir, 'data.ttl');
  const config = () => buildConfig({ data: dir, base: 'http://example.org/', 'log-level': 'silent' }, {});

  it('swaps valid data in and keeps serving the old data when the new data is broken', async () => {
    fs.writeFileSync(file, '<id/a> <https://schema.org/name> "first" .\n');
    const live = openDataset(config(), { workers: 1 });
    assert.ok((await live.reload()).ok);
    const app = createApp(config(), live);
    const q = (s: string) => request(app).get('/sparql').query({ query: s }).set('Accept', 'text/csv');
    assert.match((await q('SELECT ?n { ?s <https://schema.org/name> ?n }')).text, /first/);

    fs.writeFileSync(file, '<id/a> <https://schema.org/name> "second" .\n');
    assert.ok((await live.reload()).ok);
    assert.match((await q('SELECT ?n { ?s <https://schema.org/name> ?n }')).text, /second/);
    assert.equal((await request(app).get('/doc/a.nt')).status, 200);

    fs.writeFileSync(file, '<id/a> <https://schema.org/name> "third" \n<id/b> .\n');
    const bad = await live.reload();
    assert.equal(bad.ok, false);
    assert.ok(bad.problems.some((p) => p.file?.endsWith('data.ttl') && p.line));
    const after = await q('SELECT ?n { ?s <https://schema.org/name> ?n }');
    assert.equal(after.status, 200);
    assert.match(after.text, /second/, 'old data still served');
    await live.close();
  });
});
