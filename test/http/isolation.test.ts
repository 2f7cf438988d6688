// Isolation under load, over real sockets and query processes: a query that would run for ever is stopped at its
// timeout with a clear 503, and meanwhile dereferencing and simple queries keep being answered; a full queue is 503
// with Retry-After; a query that needs more memory than a process may use ends that process alone. Latencies are printed for the record, never asserted (speed targets belong in bench/).
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import { LiveDataset } from '../../src/publish/live';
import { FIXTURES, BASE } from '../helpers';
import { cartesianFixture, PATHOLOGICAL } from '../support/endpointFixtures';

interface Running {
  origin: string;
  live: LiveDataset;
  close: () => Promise<void>;
}

async function serve(flags: Record<string, string>, workers: number): Promise<Running> {
  const config = buildConfig({ data: [path.join(FIXTURES, 'mini'), cartesianFixture()], base: BASE, 'log-level': 'silent', ...flags }, {});
  const live = openDataset(config, { workers });
  const r = await live.reload();
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const server: Server = createApp(config, live).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    live,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await live.close();
    },
  };
}

const sparql = (origin: string, query: string, init: RequestInit = {}) =>
  fetch(`${origin}/sparql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: query,
    ...init,
  });

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('http: isolation under load', function () {
  this.timeout(120_000);

  describe('a pathological query running to its timeout', () => {
    let s: Running;
    before(async () => {
      s = await serve({ timeout: '4000', 'max-concurrent': '2', queue: '4' }, 2);
    });
    after(() => s.close());

    it('does not stop dereferencing or simple queries, and ends alone with a clear 503', async () => {
      const queryMs: number[] = [];
      const pageMs: number[] = [];
      let rounds = 0;
      /** A simple query (a new one each time, so no cache) and a document, timed. */
      const round = async () => {
        rounds++;
        let t = Date.now();
        const q = await sparql(s.origin, `SELECT ?n WHERE { <${BASE}id/organization/acme> <https://schema.org/name> ?n } LIMIT ${rounds}`);
        assert.equal(q.status, 200);
        assert.equal(((await q.json()) as { results: { bindings: unknown[] } }).results.bindings.length, 1);
        queryMs.push(Date.now() - t);
        t = Date.now();
        const doc = await fetch(`${s.origin}/doc/organization/acme`, { headers: { Accept: 'text/turtle' } });
        assert.equal(doc.status, 200);
        assert.match(await doc.text(), /ACME/);
        pageMs.push(Date.now() - t);
      };
      for (let i = 0; i < 10; i++) await round();
      const idle = { query: median(queryMs), page: median(pageMs) };
      queryMs.length = 0;
      pageMs.length = 0;
      let finished = false;
      const started = Date.now();
      const slow = sparql(s.origin, PATHOLOGICAL).then(async (res) => {
        finished = true;
        return { res, text: await res.text(), ms: Date.now() - started };
      });
      await until(() => s.live.current.queries.load.running === 1);
      while (!finished && rounds < 500) await round();
      const answeredDuring = queryMs.length - (finished ? 1 : 0);
      assert.ok(answeredDuring >= 3, `simple queries and pages were answered while the pathological query ran (${answeredDuring})`);
      const { res, text, ms } = await slow;
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), null, 'retrying the same query cannot help');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(text, /The query did not finish within the limit of 4 s and was stopped; simplify it or add a LIMIT\./);
      console.log(
        `      figures: pathological query stopped after ${ms} ms; while it ran, ${queryMs.length} simple queries (median ${median(queryMs)} ms, max ${Math.max(...queryMs)} ms; idle median ${idle.query} ms) and ${pageMs.length} documents (median ${median(pageMs)} ms, max ${Math.max(...pageMs)} ms; idle median ${idle.page} ms)`,
      );
      const after = await sparql(s.origin, 'ASK { ?s ?p ?o }');
      assert.equal(after.status, 200, 'a fresh process replaced the ended one');
    });
  });

  describe('a query that needs more memory than a query process may use', () => {
    let s: Running;
    before(async () => {
      s = await serve({ timeout: '60000', 'max-concurrent': '2', 'worker-memory': '160' }, 2);
    });
    after(() => s.close());

    it('ends its process with a clear 503, and the server keeps answering', async () => {
      // ORDER BY over a cartesian product holds every row (3,000² × 2²) before the first one can be sent.
      const hungry = await sparql(s.origin, 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f');
      assert.equal(hungry.status, 503);
      assert.equal(hungry.headers.get('retry-after'), null, 'retrying the same query cannot help');
      assert.match(await hungry.text(), /The query needed more than the 160 MB of memory a query may use and was stopped/);
      const after = await sparql(s.origin, 'ASK { ?s ?p ?o }');
      assert.equal(after.status, 200, 'a fresh process replaced the ended one');
      assert.equal(((await after.json()) as { boolean: boolean }).boolean, true);
    });
  });

  describe('a full queue', () => {
    let s: Running;
    before(async () => {
      s = await serve({ timeout: '3000', 'max-concurrent': '1', queue: '1' }, 1);
    });
    after(() => s.close());

    it('answers 503 with Retry-After at once, and serves again when the load is gone', async () => {
      const running = sparql(s.origin, PATHOLOGICAL);
      await until(() => s.live.current.queries.load.running === 1);
      const queued = sparql(s.origin, `${PATHOLOGICAL} # another`);
      await until(() => s.live.current.queries.load.queued === 1);
      const refused = await sparql(s.origin, 'SELECT * WHERE { ?s ?p ?o } LIMIT 1', {
        headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/json' },
      });
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      const body = (await refused.json()) as { error: string; message: string };
      assert.match(body.message, /All 1 query slots are busy and 1 queries are already waiting; try again shortly\./);
      assert.equal((await running).status, 503);
      assert.equal((await queued).status, 503);
      const ok = await sparql(s.origin, 'SELECT * WHERE { ?s ?p ?o } LIMIT 1');
      assert.equal(ok.status, 200);
    });
  });
});
