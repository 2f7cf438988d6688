// Prometheus metrics (prom-client): requests by route and status with latency, queries by outcome, the pool, memory, the dataset.
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OutcomeEvent, QueryOutcomes } from '../sparql/outcomes';
import type { BookkeptRequest, BookkeptResponse } from './middleware';

/** What the gauges read at each scrape; undefined before the first dataset is loaded. */
export interface ServedState {
  dataset: { version: string; quads: number; loadedAt: Date };
  queries: { slots: number; running: number; queued: number; queueSize: number };
}

/** Route families, so the label's values stay few whatever paths clients invent (those count as "other"). */
const FAMILIES: Record<string, string> = {
  '': '/',
  sparql: '/sparql',
  id: '/id',
  doc: '/doc',
  def: '/def',
  graph: '/graph',
  np: '/np',
  frame: '/frame',
  api: '/api',
  assets: '/assets',
  dumps: '/dumps',
  source: '/source',
  context: '/context',
  'context.jsonld': '/context',
  sitemap: '/sitemap',
  'sitemap.xml': '/sitemap',
  '.well-known': '/.well-known/void',
  'robots.txt': '/robots.txt',
  'favicon.svg': '/favicon',
  'favicon.ico': '/favicon',
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  fragments: '/fragments',
};
const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

export function routeOf(path: string): string {
  return FAMILIES[path.split('/')[1] ?? ''] ?? 'other';
}

/** One registry per app (tests build many apps in one process); it hears how queries end from a QueryOutcomes. */
export class Metrics {
  readonly registry = new Registry();
  private state: () => ServedState | undefined = () => undefined;
  private readonly requests = new Counter({
    name: 'forum_ld_http_requests_total',
    help: 'HTTP requests answered, by route family, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'forum_ld_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by route family.',
    labelNames: ['route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly queries = new Counter({
    name: 'forum_ld_queries_total',
    help: 'Queries asked of the query service (endpoint and named-query API), by outcome.',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly cacheHits = new Counter({
    name: 'forum_ld_query_cache_hits_total',
    help: 'Queries answered from the result cache without running.',
    registers: [this.registry],
  });
  private readonly queryTime = new Histogram({
    name: 'forum_ld_query_duration_seconds',
    help: 'Time a query took in the query service, waiting for a slot included, by outcome.',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  constructor() {
    const reg = [this.registry];
    const self = this;
    const gauge = (name: string, help: string, read: (s: ServedState) => number) =>
      new Gauge({
        name,
        help,
        registers: reg,
        collect() {
          const s = self.state();
          this.set(s ? read(s) : 0);
        },
      });
    gauge('forum_ld_query_slots', 'Queries that may run at once (the pool size).', (s) => s.queries.slots);
    gauge('forum_ld_queries_running', 'Queries running now.', (s) => s.queries.running);
    gauge('forum_ld_queries_queued', 'Queries waiting for a slot now.', (s) => s.queries.queued);
    gauge('forum_ld_query_queue_size', 'Queries that may wait before new ones are refused as busy.', (s) => s.queries.queueSize);
    gauge('forum_ld_dataset_quads', 'Quads in the dataset being served.', (s) => s.dataset.quads);
    gauge(
      'forum_ld_dataset_loaded_timestamp_seconds',
      'When the dataset being served was loaded (Unix time).',
      (s) => s.dataset.loadedAt.getTime() / 1000,
    );
    gauge('forum_ld_ready', '1 once a dataset is served, 0 while the first one loads.', () => 1);
    new Gauge({
      name: 'forum_ld_dataset_info',
      help: 'The version (content digest) of the dataset being served, as a label; the value is 1.',
      labelNames: ['version'],
      registers: reg,
      collect() {
        this.reset(); // only the version served now
        const s = self.state();
        if (s) this.set({ version: s.dataset.version }, 1);
      },
    });
  }

  private withDefaults = false;

  /**
   * Process memory, CPU, event-loop delay, heap spaces: prom-client's standard set, started at the first scrape. Each
   * start leaves an event-loop monitor and a GC observer running, which an app that is never scraped (most of the
   * tests' apps) should not pay for.
   */
  private startDefaults(): void {
    if (this.withDefaults) return;
    this.withDefaults = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the gauges read the served dataset and the query pool; set once by the app. */
  observe(state: () => ServedState | undefined): void {
    this.state = state;
  }

  /** Counts every query `outcomes` records from now on; returns what stops it. */
  listenTo(outcomes: QueryOutcomes): () => void {
    return outcomes.on((e) => this.queryOutcome(e));
  }

  /** One query's end: its outcome, its time, and whether the cache answered it. */
  queryOutcome(e: OutcomeEvent): void {
    this.queries.inc({ outcome: e.outcome });
    if (e.cached) this.cacheHits.inc();
    this.queryTime.observe({ outcome: e.outcome }, e.ms / 1000);
  }

  /** Counts every request and its duration when the response ends (or the client hangs up). */
  requestCounter() {
    return (req: BookkeptRequest, res: BookkeptResponse, next: () => void) => {
      const start = process.hrtime.bigint();
      let counted = false;
      const count = () => {
        if (counted) return;
        counted = true;
        // originalUrl: by now mounted routers have rewritten req.url.
        const route = routeOf(req.originalUrl.split('?')[0]);
        this.requests.inc({ route, method: METHODS.has(req.method) ? req.method : 'other', status: String(res.statusCode) });
        this.latency.observe({ route }, Number(process.hrtime.bigint() - start) / 1e9);
      };
      res.on('finish', count);
      res.on('close', count);
      next();
    };
  }

  /** GET /metrics: the Prometheus text format. */
  handler() {
    return async (_req: Request, res: Response, next: NextFunction) => {
      try {
        this.startDefaults();
        const text = await this.registry.metrics();
        res.setHeader('Content-Type', this.registry.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.send(text);
      } catch (e) {
        next(e);
      }
    };
  }
}
