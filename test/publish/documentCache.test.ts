// The document cache of a version is bounded by bytes sized to the data (store/cacheBudget.ts), oldest dropped first.
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { cachedDocument, documentCacheUse } from '../../src/publish/documentCache';
import { CACHE_MAX_BYTES, CACHE_MIN_BYTES, cacheBytesFor } from '../../src/store/cacheBudget';
import { Dataset } from '../../src/store/dataset';

const { quad, namedNode, literal } = DataFactory;

describe('publish/documentCache', () => {
  it('sizes each cache to the data: 24 B a quad, at least 16 MiB, at most 64 MiB', () => {
    assert.equal(cacheBytesFor(5_000), CACHE_MIN_BYTES);
    assert.equal(cacheBytesFor(1_000_000), 24_000_000);
    assert.equal(cacheBytesFor(10_000_000), CACHE_MAX_BYTES);
  });

  it('renders each document once, keeps within its bound, and renders a dropped one again', async () => {
    const ds = new Dataset([quad(namedNode('http://x/a'), namedNode('http://x/p'), literal('a'))], {
      baseIri: 'http://x/',
      files: [],
      contexts: new Map(),
      sources: new Map(),
      version: 'v',
      loadedAt: new Date(0),
    });
    const { limit } = documentCacheUse(ds);
    assert.equal(limit, CACHE_MIN_BYTES);
    const size = Math.floor(limit / 20);
    const renders = new Map<string, number>();
    const render = (key: string) => async () => {
      renders.set(key, (renders.get(key) ?? 0) + 1);
      return key.slice(-1).repeat(size);
    };
    for (let i = 0; i < 40; i++) {
      const key = `/doc/${i} ttl`;
      assert.equal((await cachedDocument(ds, key, render(key)))?.length, size);
      assert.equal((await cachedDocument(ds, key, render(key)))?.length, size, 'a second request');
      assert.equal(renders.get(key), 1, 'rendered once while kept');
      assert.ok(documentCacheUse(ds).bytes <= limit, `${documentCacheUse(ds).bytes} bytes held`);
    }
    await cachedDocument(ds, '/doc/0 ttl', render('/doc/0 ttl'));
    assert.equal(renders.get('/doc/0 ttl'), 2, 'the oldest was dropped and is rendered again');
    assert.equal(await cachedDocument(ds, '/doc/none ttl', async () => undefined), undefined);
  });
});
