// /healthz, /readyz (503 while the first version loads) and /metrics, scraped and parsed as the Prometheus text format.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import request from 'supertest';
import pino from 'pino';
import { buildConfig, Config } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import { LiveDataset } from '../../src/publish/live';
import { Metrics, routeOf } from '../../src/http/metrics';
import { QueryError } from '../../src/sparql/queryError';
import { outcomeOf, QUERY_OUTCOMES, QueryOutcomes } from '../../src/sparql/outcomes';
import { FIXTURES, BASE } from '../helpers';
import { parsePrometheus, sampleValue } from '../support/prometheus';

const silent = pino({ level: 'silent' });

describe('http/metrics and health probes', () => {
  let config: Config;
  let metrics: Metrics;
  let live: LiveDataset;
  let app: ReturnType<typeof createApp>;

  before(() => {
    config = buildConfig({ data: path.join(FIXTURES, 'mini'), base: BASE, 'log-level': 'silent' }, {});
    const outcomes = new QueryOutcomes();
    metrics = new Metrics();
    metrics.listenTo(outcomes);
    live = openDataset(config, { workers: 0, outcomes, dumps: false });
    app = createApp(config, live, silent, { metrics });
  });
  after(() => live.close());

  const scrape = async () => {
    const res = await request(app).get('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    assert.equal(res.headers['cache-control'], 'no-store');
    return parsePrometheus(res.text);
  };

  it('is alive at once, and not ready (503, every route too) until the first version is in service', async () => {
    const alive = await request(app).get('/healthz');
    assert.equal(alive.status, 200);
    assert.deepEqual(alive.body, { status: 'alive' });
    const notYet = await request(app).get('/readyz');
    assert.equal(notYet.status, 503);
    assert.equal(notYet.headers['retry-after'], '5');
    assert.deepEqual(notYet.body, { status: 'loading' });
    const page = await request(app).get('/doc/organization/acme').set('Accept', 'text/turtle');
    assert.equal(page.status, 503);
    assert.match(page.text, /still loading/);
    assert.equal(sampleValue(await scrape(), 'forum_ld_ready'), 0);

    const r = await live.reload();
    assert.ok(r.ok);
    const ready = await request(app).get('/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.headers['cache-control'], 'no-store');
    const ds = live.current.dataset;
    assert.deepEqual(ready.body, { status: 'ready', version: ds.info.version, quads: ds.size, loadedAt: ds.info.loadedAt.toISOString() });
    assert.equal((await request(app).head('/healthz')).status, 200);
    assert.equal((await request(app).post('/readyz')).status, 405);
  });

  it('serves requests by route and status, latency, queries by outcome, the pool, memory and the dataset', async () => {
    await request(app).get('/doc/organization/acme').set('Accept', 'text/turtle').expect(200);
    await request(app).get('/doc/organization/nobody').set('Accept', 'text/turtle').expect(404);
    await request(app).get('/no/such/family/42').expect(404);
    await request(app).get('/sparql').query({ query: 'ASK { ?s ?p ?o }' }).expect(200);
    await request(app).get('/sparql').query({ query: 'ASK { ?s ?p ?o }' }).expect(200); // from the cache
    await request(app).get('/sparql').query({ query: 'SELECT * WHERE {' }).expect(400);
    const m = await scrape();

    for (const f of m.values()) {
      assert.ok(f.help && f.type, `${f.name} has # HELP and # TYPE`);
    }
    assert.equal(m.get('forum_ld_http_requests_total')?.type, 'counter');
    assert.equal(
      sampleValue(m, 'forum_ld_http_requests_total', { route: '/doc', method: 'GET', status: '200' }, 'forum_ld_http_requests_total'),
      1,
    );
    assert.equal(sampleValue(m, 'forum_ld_http_requests_total', { route: '/doc', method: 'GET', status: '404' }), 1);
    assert.equal(sampleValue(m, 'forum_ld_http_requests_total', { route: 'other', status: '404' }), 1);
    assert.equal(sampleValue(m, 'forum_ld_http_requests_total', { route: '/sparql', status: '400' }), 1);
    // Only families appear as routes, never the paths clients send.
    for (const s of m.get('forum_ld_http_requests_total')!.samples) assert.match(s.labels.route, /^(\/[a-z.\-/]*|other)$/);

    const latency = m.get('forum_ld_http_request_duration_seconds')!;
    assert.equal(latency.type, 'histogram');
    const buckets = latency.samples.filter((s) => s.name.endsWith('_bucket') && s.labels.route === '/doc');
    assert.ok(buckets.length > 5);
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value, 'cumulative buckets');
    assert.equal(buckets.at(-1)!.labels.le, '+Inf');
    assert.equal(
      buckets.at(-1)!.value,
      sampleValue(m, 'forum_ld_http_request_duration_seconds', { route: '/doc' }, 'forum_ld_http_request_duration_seconds_count'),
    );
    assert.equal(buckets.at(-1)!.value, 3, 'the 503 while loading, the 200 and the 404');

    assert.equal(sampleValue(m, 'forum_ld_queries_total', { outcome: 'ok' }), 2);
    assert.equal(sampleValue(m, 'forum_ld_queries_total', { outcome: 'invalid' }), 1);
    assert.equal(sampleValue(m, 'forum_ld_query_cache_hits_total'), 1);
    assert.equal(sampleValue(m, 'forum_ld_query_duration_seconds', { outcome: 'ok' }, 'forum_ld_query_duration_seconds_count'), 2);

    assert.equal(sampleValue(m, 'forum_ld_query_slots'), config.maxConcurrentQueries);
    assert.equal(sampleValue(m, 'forum_ld_query_queue_size'), config.queueSize);
    assert.equal(sampleValue(m, 'forum_ld_queries_running'), 0);
    assert.equal(sampleValue(m, 'forum_ld_queries_queued'), 0);

    const ds = live.current.dataset;
    assert.equal(sampleValue(m, 'forum_ld_dataset_info', { version: ds.info.version }), 1);
    assert.equal(m.get('forum_ld_dataset_info')!.samples.length, 1, 'only the version served now');
    assert.equal(sampleValue(m, 'forum_ld_dataset_quads'), ds.size);
    assert.equal(sampleValue(m, 'forum_ld_dataset_loaded_timestamp_seconds'), ds.info.loadedAt.getTime() / 1000);
    assert.equal(sampleValue(m, 'forum_ld_ready'), 1);
    assert.ok(sampleValue(m, 'process_resident_memory_bytes')! > 0, 'process memory');
    assert.ok(sampleValue(m, 'nodejs_heap_size_used_bytes')! > 0, 'heap');
  });

  it('counts each outcome recorded through QueryOutcomes (invalid, timeout, memory, busy, cancelled, failed)', async () => {
    const own = new Metrics();
    const outcomes = new QueryOutcomes();
    own.listenTo(outcomes);
    const errors = ['timeout', 'memory', 'busy', 'syntax', 'update', 'execution'].map((k) => new QueryError(k as never, k)) as Error[];
    errors.push(new Error('not a query error'));
    // What a query service records as each query ends (it records them itself: see queryService.test.ts).
    for (const e of errors) outcomes.record({ outcome: outcomeOf(e), ms: 1, cached: false });
    outcomes.record({ outcome: 'ok', ms: 1, cached: true });
    outcomes.record({ outcome: 'cancelled', ms: 500, cached: false });
    const m = parsePrometheus(await own.registry.metrics());
    const counts = Object.fromEntries(QUERY_OUTCOMES.map((o) => [o, sampleValue(m, 'forum_ld_queries_total', { outcome: o }) ?? 0]));
    const expected = { ok: 1, invalid: 3, timeout: 1, memory: 1, size: 0, busy: 1, cancelled: 1, failed: 1 };
    assert.deepEqual(counts, expected);
    assert.deepEqual(outcomes.counts, expected);
    assert.equal(sampleValue(m, 'forum_ld_query_duration_seconds', { outcome: 'cancelled' }, 'forum_ld_query_duration_seconds_sum'), 0.5);
    assert.equal(sampleValue(m, 'forum_ld_query_cache_hits_total'), 1);
    // Before any dataset is observed the gauges read 0 rather than failing the scrape.
    assert.equal(sampleValue(m, 'forum_ld_ready'), 0);
    assert.equal(m.get('forum_ld_dataset_info')!.samples.length, 0);
  });

  it('puts every route of the app in a family of its own, so the route label never takes a raw path', () => {
    const paths: string[] = [];
    for (const layer of (
      app as unknown as { router: { stack: Array<{ rawPath?: string | string[]; route?: { path: string | string[] } }> } }
    ).router.stack) {
      const p = layer.route?.path ?? layer.rawPath;
      if (p !== undefined) paths.push(...([] as string[]).concat(p));
    }
    assert.ok(paths.length > 20, `${paths.length} routes`);
    assert.deepEqual(
      paths.filter((p) => routeOf(p) === 'other'),
      [],
    );
  });

  it('has no /metrics with --metrics false', async () => {
    const off = buildConfig({ data: path.join(FIXTURES, 'mini'), base: BASE, 'log-level': 'silent', metrics: 'false' }, {});
    assert.equal(off.metrics, false);
    const offApp = createApp(off, live, silent);
    assert.equal((await request(offApp).get('/metrics')).status, 404);
    assert.equal((await request(offApp).get('/healthz')).status, 200);
  });
});
