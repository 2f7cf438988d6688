// The system under test: the real app (config, loader, query service, HTTP handler) over a generated dataset.
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import type { LiveDataset } from '../../src/publish/live';

export interface Response {
  status: number;
  type: string;
  body: string;
}

export class Endpoint {
  private constructor(
    private readonly server: http.Server,
    private readonly live: LiveDataset,
    private readonly dir: string,
  ) {}

  /** Writes the N-Quads to a fresh folder and serves it as `forum-ld serve --data folder` would, queries in process. */
  static async open(nquads: string): Promise<Endpoint> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-differential-'));
    fs.writeFileSync(path.join(dir, 'data.nq'), nquads);
    // Checks off: generated data follows no shapes. The union default graph is the endpoint's default, stated anyway.
    const config = buildConfig(
      { data: dir, base: 'http://example.org/', 'log-level': 'silent', validate: 'false', 'union-default-graph': 'true', timeout: '20000' },
      {},
    );
    const live = openDataset(config, { workers: 0, dumps: false });
    const loaded = await live.reload();
    if (!loaded.ok) throw new Error(`generated data did not load: ${JSON.stringify(loaded.problems)}`);
    // One listening server per dataset: supertest given a bare app would start and stop a server per request.
    const server = createApp(config, live).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return new Endpoint(server, live, dir);
  }

  /** POSTs the query as a form, as most clients do, asking for one media type. */
  async query(text: string, mediaType: string): Promise<Response> {
    const res = await request(this.server)
      .post('/sparql')
      .type('form')
      .send({ query: text })
      .set('Accept', mediaType)
      .buffer(true)
      .parse((r, done) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => {
          body += c;
        });
        r.on('end', () => done(null, body));
      });
    return { status: res.status, type: String(res.headers['content-type'] ?? ''), body: res.body as string };
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    await this.live.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
