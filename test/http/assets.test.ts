// public/: stylesheets, favicon and page scripts under content-hashed names, cached for a year; the plain names revalidate.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { assetHrefs, readPublicAssets } from '../../src/http/assets';
import { testApp, TestApp, ROOT } from '../helpers';

const publicAssets = readPublicAssets(path.join(ROOT, 'public'));
const assetHref = (name: string) => {
  const href = assetHrefs(publicAssets)[name];
  if (!href) throw new Error(`public/${name} does not exist`);
  return href;
};

describe('http/assets: public/', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.live.close());

  it('names each file of public/ by the hash of its bytes', () => {
    const files = fs.readdirSync(path.join(ROOT, 'public'));
    for (const f of ['style.css', 'favicon.svg', 'sparql-editor.js', 'sparql-editor.css', 'api-docs.js', 'api-docs.css'])
      assert.ok(files.includes(f), f);
    for (const f of files) {
      const digest = createHash('sha256')
        .update(fs.readFileSync(path.join(ROOT, 'public', f)))
        .digest('hex')
        .slice(0, 8);
      const ext = path.extname(f);
      assert.equal(assetHref(f), `/assets/${f.slice(0, -ext.length)}.${digest}${ext}`);
    }
    assert.throws(() => assetHref('nope.css'), /public\/nope\.css does not exist/);
  });

  it('links the hashed stylesheet and favicon from pages and serves them immutable', async () => {
    const page = await request(t.app).get('/').set('Accept', 'text/html').expect(200);
    const css = /<link rel="stylesheet" href="(\/assets\/style\.[0-9a-f]{8}\.css)">/.exec(page.text)?.[1];
    const icon = /<link rel="icon" href="(\/assets\/favicon\.[0-9a-f]{8}\.svg)"/.exec(page.text)?.[1];
    assert.ok(css && icon, 'hashed links in the page head');
    const res = await request(t.app).get(css).expect(200);
    assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.text, publicAssets.get('style.css')!.body.toString('utf8'));
    const svg = await request(t.app).get(icon).expect(200);
    assert.match(svg.headers['content-type'], /^image\/svg\+xml/);
    assert.equal(svg.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  it('serves the page scripts the editor and the API page link, hashed', async () => {
    const editor = await request(t.app).get('/sparql').set('Accept', 'text/html').expect(200);
    for (const [re, type] of [
      [/src="(\/assets\/sparql-editor\.[0-9a-f]{8}\.js)"/, 'text/javascript'],
      [/href="(\/assets\/sparql-editor\.[0-9a-f]{8}\.css)"/, 'text/css'],
    ] as const) {
      const href = re.exec(editor.text)?.[1];
      assert.ok(href, String(re));
      const res = await request(t.app).get(href).expect(200);
      assert.equal(res.headers['content-type'], `${type}; charset=utf-8`);
    }
    const api = await request(t.app).get('/api').set('Accept', 'text/html').expect(200);
    assert.match(api.text, /<script src="\/assets\/api-docs\.[0-9a-f]{8}\.js"><\/script>/);
  });

  it('answers the plain name too, revalidated against a strong ETag, and 304 when it matches', async () => {
    const res = await request(t.app).get('/assets/style.css').expect(200);
    assert.equal(res.headers['cache-control'], 'public, max-age=0, must-revalidate');
    assert.match(res.headers.etag, /^(W\/)?"sha256-[0-9a-f]{32}"$/, 'strong, weak once compressed on the fly');
    await request(t.app).get('/assets/style.css').set('If-None-Match', res.headers.etag).expect(304);
    await request(t.app).get(assetHref('style.css')).set('If-None-Match', res.headers.etag).expect(304);
  });

  it('answers 404 to unknown files and to hashes of other contents', async () => {
    await request(t.app).get('/assets/style.00000000.css').expect(404);
    await request(t.app).get('/assets/nothing.js').expect(404);
    await request(t.app).get('/assets/..%2Fpackage.json').expect(404);
  });

  it('keeps /favicon.svg and /favicon.ico for browsers that ask unprompted', async () => {
    for (const p of ['/favicon.svg', '/favicon.ico']) {
      const res = await request(t.app).get(p).expect(200);
      assert.match(res.headers['content-type'], /^image\/svg\+xml/);
      assert.equal(res.headers['cache-control'], 'public, max-age=604800');
    }
  });
});
