// The W3C runner's endpoint: the product's own express app on a local port, serving one test's dataset at a time.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { buildConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { LiveDataset } from '../../src/publish/live';
import { Dataset } from '../../src/store/dataset';
import { QueryService } from '../../src/sparql/queryService';
import type { StoreClient } from '../../src/remote/storeClient';
import { publishToStore } from '../../src/remote/publishToStore';
import { RemoteQueryService } from '../../src/remote/remoteQueryService';

export interface EndpointAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * One app and one listening server for the whole suite; each test swaps its dataset in with a reload, as a
 * deployment does. Queries run in process (workers: 0) with SPARQL's own default graph, as the W3C tests assume.
 */
export class W3cEndpoint {
  private next?: Dataset;
  private readonly live: LiveDataset;
  private server?: Server;
  private url = '';

  /** `store`: each test's dataset is published into this external store, and the queries run there. */
  constructor(
    private readonly timeoutMs = 20_000,
    private store?: StoreClient,
  ) {
    let published = 0;
    this.live = new LiveDataset(
      async () => {
        const store = this.store;
        if (!store) return { ok: true as const, dataset: this.next!, problems: [] };
        // A version name of its own per test: the store keeps versions by name.
        const ds = new Dataset(this.next!.store, { ...this.next!.info, version: `w3c${++published}` });
        await publishToStore(store, ds, { files: [], contexts: {}, sources: {}, queries: [] }, { keep: 2 });
        return { ok: true as const, dataset: ds, problems: [] };
      },
      (ds) =>
        this.store
          ? new RemoteQueryService(ds, this.store, {
              timeoutMs: this.timeoutMs,
              maxConcurrent: 1,
              queueSize: 4,
              maxRows: Number.MAX_SAFE_INTEGER,
              maxBytes: 64 * 1024 * 1024,
              unionDefaultGraph: false,
              allowRemote: [],
              maxDepth: 64,
              cacheBytes: 0,
            })
          : new QueryService(ds, {
              workers: 0,
              timeoutMs: this.timeoutMs,
              maxConcurrent: 1,
              queueSize: 4,
              maxRows: Number.MAX_SAFE_INTEGER,
              unionDefaultGraph: false,
              allowRemote: [],
              cacheBytes: 0,
            }),
    );
  }

  async start(): Promise<void> {
    // The config only shapes the app (logging, body limit); the /sparql route reads base and graphs from the dataset.
    const config = buildConfig(
      { data: __dirname, base: 'http://w3c.invalid/', 'log-level': 'silent', validate: 'false', 'union-default-graph': 'false' },
      {},
    );
    const app = createApp(config, this.live, pino({ level: 'silent' }));
    this.server = app.listen(0, '127.0.0.1');
    await new Promise((resolve, reject) => {
      this.server!.once('listening', resolve);
      this.server!.once('error', reject);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sparql`;
  }

  /** Moves to another store (the runner restarts Virtuoso now and then: see report.ts). */
  useStore(store: StoreClient): void {
    this.store = store;
  }

  /** Puts a test's dataset in service (the previous one's query service is closed by the swap). */
  async serve(dataset: Dataset): Promise<void> {
    this.next = dataset;
    const r = await this.live.reload();
    if (!r.ok) throw new Error(`the test dataset did not load: ${JSON.stringify(r.problems)}`);
  }

  /** A SPARQL Protocol query: GET with the query in the URL, or a form POST when the URL would be long. */
  async query(text: string, accept: string): Promise<EndpointAnswer> {
    const encoded = new URLSearchParams({ query: text }).toString();
    const res =
      encoded.length < 6000
        ? await fetch(`${this.url}?${encoded}`, { headers: { accept } })
        : await fetch(this.url, {
            method: 'POST',
            headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
            body: encoded,
          });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    await this.live.current.queries.close().catch(() => undefined);
  }
}
