// Last-Modified across restarts: the same version keeps its date; another version, even an old one, is new now.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { publishedAt } from '../../src/publish/versionDates';

describe('store/versionDates', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-dates-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps the date of an unchanged version, and dates a changed or reverted one anew', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    assert.equal((await publishedAt(root, 'http://a/', 'v1', t(1))).getTime(), t(1).getTime());
    assert.equal((await publishedAt(root, 'http://a/', 'v1', t(5))).getTime(), t(1).getTime(), 'a restart keeps the date');
    assert.equal((await publishedAt(root, 'http://b/', 'v9', t(6))).getTime(), t(6).getTime(), 'another site has its own');
    assert.equal((await publishedAt(root, 'http://a/', 'v2', t(7))).getTime(), t(7).getTime(), 'new data is new');
    assert.equal((await publishedAt(root, 'http://a/', 'v1', t(9))).getTime(), t(9).getTime(), 'a revert is a change too');
    assert.equal((await publishedAt(root, 'http://b/', 'v9', t(10))).getTime(), t(6).getTime());
  });

  it('falls back to now when the folder cannot be written', async () => {
    const file = path.join(root, 'not-a-folder');
    fs.writeFileSync(file, '');
    const now = new Date();
    assert.equal((await publishedAt(file, 'http://a/', 'v1', now)).getTime(), now.getTime());
  });
});
