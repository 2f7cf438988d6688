// The query service: answers off the main thread, stops a query at its timeout without touching the others,
// refuses work beyond its slots and queue, caps rows, shares identical work, and reports failures as kinds.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Parser as N3Parser } from 'n3';
import { loadDataset } from '../../src/ingest/load';
import { Dataset } from '../../src/store/dataset';
import { answerText, QueryService, QueryServiceOptions, startQueryProcesses } from '../../src/sparql/queryService';
import { QueryError } from '../../src/sparql/queryError';
import { BASE, FIXTURES, queryServiceOptions } from '../helpers';
import { cartesianFixture, PATHOLOGICAL } from '../support/endpointFixtures';

const JSON_RESULTS = 'application/sparql-results+json';

async function dataset(paths: string[]): Promise<Dataset> {
  const r = await loadDataset({ paths, baseIri: BASE });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.dataset;
}

function service(ds: Dataset, opts: Partial<QueryServiceOptions> = {}): QueryService {
  return new QueryService(ds, queryServiceOptions(opts));
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

async function failure(p: Promise<unknown>): Promise<QueryError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof QueryError, `a QueryError, not ${e}`);
    return e;
  }
  assert.fail('the query succeeded');
}

describe('store/queryService', function () {
  this.timeout(60_000);
  let mini: Dataset;
  before(async () => {
    mini = await dataset([path.join(FIXTURES, 'mini')]);
  });

  describe('in process', () => {
    let s: QueryService;
    beforeEach(() => {
      s = service(mini);
    });
    afterEach(() => s.close());

    it('answers a SELECT in the requested results format, with its form and count', async () => {
      const out = await s.answer({
        text: 'SELECT ?n WHERE { <http://example.org/id/organization/acme> <https://schema.org/name> ?n }',
        resultsType: JSON_RESULTS,
        graphType: 'text/turtle',
      });
      assert.equal(out.form, 'SELECT');
      assert.equal(out.mediaType, JSON_RESULTS);
      assert.equal(out.count, 1);
      assert.equal(JSON.parse(await answerText(out)).results.bindings[0].n.value, 'ACME');
    });

    it('answers a CONSTRUCT in the requested RDF format', async () => {
      const out = await s.answer({
        text: 'CONSTRUCT WHERE { <http://example.org/id/organization/acme> ?p ?o }',
        resultsType: JSON_RESULTS,
        graphType: 'application/n-triples',
      });
      assert.equal(out.form, 'CONSTRUCT');
      const triples = new N3Parser({ format: 'N-Triples' }).parse(await answerText(out));
      assert.equal(triples.length, out.count);
      assert.ok(triples.some((t) => t.object.value === 'ACME'));
    });

    it('tells DESCRIBE from CONSTRUCT by the parsed query, not the text', async () => {
      const out = await s.answer({
        text: '# DESCRIBE in a comment\nPREFIX x: <urn:x:>\nBASE <http://example.org/>\nDESCRIBE <id/organization/acme>',
        graphType: 'text/turtle',
      });
      assert.equal(out.form, 'DESCRIBE');
    });

    it('says which form had no acceptable format', async () => {
      const e = await failure(s.answer({ text: 'ASK { ?s ?p ?o }', graphType: 'text/turtle' }));
      assert.equal(e.kind, 'unacceptable');
      assert.equal(e.form, 'ASK');
    });

    it('reports syntax errors with the position, updates and remote access as their kinds', async () => {
      const syntax = await failure(s.answer({ text: 'SELECT * WHERE {\n ?s ?p }', resultsType: JSON_RESULTS }));
      assert.equal(syntax.kind, 'syntax');
      assert.equal(syntax.line, 2);
      assert.equal((await failure(s.answer({ text: 'CLEAR ALL', resultsType: JSON_RESULTS }))).kind, 'update');
      assert.equal(
        (
          await failure(
            s.answer({ text: 'SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }', resultsType: JSON_RESULTS }),
          )
        ).kind,
        'remote',
      );
    });

    it('cuts results at the row limit and says so', async () => {
      const capped = service(mini, { maxRows: 3 });
      try {
        const out = await capped.answer({ text: 'SELECT * WHERE { ?s ?p ?o }', resultsType: JSON_RESULTS });
        assert.equal(out.count, 3);
        assert.equal(out.truncated, true);
        assert.equal(JSON.parse(await answerText(out)).results.bindings.length, 3);
        const graph = await capped.answer({ text: 'CONSTRUCT WHERE { ?s ?p ?o }', graphType: 'application/n-triples' });
        assert.equal(graph.truncated, true);
        assert.equal(new N3Parser({ format: 'N-Triples' }).parse(await answerText(graph)).length, 3);
        const small = await capped.answer({ text: 'SELECT * WHERE { ?s ?p ?o } LIMIT 2', resultsType: JSON_RESULTS });
        assert.equal(small.truncated, false);
        const lower = await capped.answer({ text: 'SELECT * WHERE { ?s ?p ?o }', resultsType: JSON_RESULTS, maxRows: 1 });
        assert.deepEqual([lower.count, lower.truncated], [1, true]);
      } finally {
        await capped.close();
      }
    });

    it('serves a repeated query from the cache, and runs identical concurrent queries once', async () => {
      const ask = { text: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', resultsType: JSON_RESULTS };
      const a = s.answer(ask);
      const b = s.answer(ask);
      assert.equal(s.load.running, 1, 'the second request joined the first');
      const [ra, rb] = await Promise.all([a, b]);
      assert.equal(await answerText(ra), await answerText(rb));
      const again = await s.answer(ask);
      assert.equal(again.cached, true);
      assert.equal(await answerText(again), await answerText(ra));
    });
  });

  describe('answer size', () => {
    it('cuts an answer at a row before it passes the byte cap, in every format, and says so', async () => {
      const big = await dataset([cartesianFixture()]);
      const capped = service(big, { maxBytes: 16 * 1024 });
      try {
        for (const [key, type] of [
          ['resultsType', JSON_RESULTS],
          ['resultsType', 'text/csv'],
          ['resultsType', 'application/sparql-results+xml'],
          ['graphType', 'text/turtle'],
          ['graphType', 'application/ld+json'],
        ]) {
          const text = key === 'resultsType' ? 'SELECT * WHERE { ?s ?p ?o }' : 'CONSTRUCT WHERE { ?s ?p ?o }';
          const out = await capped.answer({ text, [key]: type });
          assert.equal(out.truncated, true, type);
          assert.ok(out.bytes <= 16 * 1024 && out.bytes > 4 * 1024, `${type}: ${out.bytes} bytes, within the cap and not far below`);
          assert.equal((await answerText(out)).length, out.bytes, 'ASCII here: as many characters as bytes');
        }
        assert.equal(
          JSON.parse(await answerText(await capped.answer({ text: 'SELECT * WHERE { ?s ?p ?o }', resultsType: JSON_RESULTS }))).results
            .bindings.length > 10,
          true,
          'still well-formed',
        );
      } finally {
        await capped.close();
      }
    });
  });

  describe('in query processes', () => {
    let big: Dataset;
    before(async () => {
      big = await dataset([cartesianFixture()]);
    });

    it('stops a query at its timeout by ending its process, and keeps answering others', async () => {
      const s = service(big, { workers: 2, maxConcurrent: 2, timeoutMs: 1500 });
      try {
        await s.ready();
        const slow = failure(s.answer({ text: PATHOLOGICAL, resultsType: JSON_RESULTS }));
        const quick = await s.answer({ text: 'SELECT * WHERE { ?s ?p ?o } LIMIT 3', resultsType: JSON_RESULTS });
        assert.equal(quick.count, 3, 'answered while the slow query runs');
        const e = await slow;
        assert.equal(e.kind, 'timeout');
        assert.match(e.message, /did not finish within the limit of 1\.5 s and was stopped/);
        for (let i = 0; i < 3; i++) {
          const out = await s.answer({ text: `SELECT * WHERE { ?s ?p ?o } LIMIT ${i + 1}`, resultsType: JSON_RESULTS });
          assert.equal(out.count, i + 1, 'a fresh process replaced the stopped one');
        }
      } finally {
        await s.close();
      }
    });

    it('refuses a query as busy when every slot is taken and the queue is full', async () => {
      const s = service(big, { workers: 1, maxConcurrent: 1, queueSize: 1, timeoutMs: 1500 });
      try {
        await s.ready();
        const running = failure(s.answer({ text: PATHOLOGICAL, resultsType: JSON_RESULTS }));
        await until(() => s.load.running === 1);
        const queued = s.answer({ text: 'SELECT * WHERE { ?s ?p ?o } LIMIT 1', resultsType: JSON_RESULTS });
        await until(() => s.load.queued === 1);
        const refused = await failure(s.answer({ text: 'ASK { ?s ?p ?o }', resultsType: JSON_RESULTS }));
        assert.equal(refused.kind, 'busy');
        assert.match(refused.message, /1 query slots are busy and 1 queries are already waiting/);
        assert.equal((await running).kind, 'timeout');
        assert.equal((await queued).count, 1, 'the queued query ran once the slot was free');
      } finally {
        await s.close();
      }
    });

    it('stops a query whose client left within a second, streams large answers, and counts how queries end', async () => {
      const s = service(big, { workers: 2, maxConcurrent: 2, timeoutMs: 20_000, maxRows: 20_000 });
      try {
        await s.ready();
        const stop = new AbortController();
        const left = failure(s.answer({ text: PATHOLOGICAL, resultsType: JSON_RESULTS }, stop.signal));
        await until(() => s.load.running === 1);
        await new Promise((r) => setTimeout(r, 300));
        const t = Date.now();
        stop.abort();
        assert.equal((await left).kind, 'cancelled');
        await until(() => s.load.running === 0);
        assert.ok(Date.now() - t < 1000, `the slot was free ${Date.now() - t} ms after the client left`);
        // Over 1 MiB: streamed from its process, never held whole by the server.
        const large = await s.answer({
          text: 'SELECT * WHERE { ?s ?p ?o . ?t <https://schema.org/position> ?n } LIMIT 12000',
          resultsType: JSON_RESULTS,
        });
        assert.ok(large.body instanceof Readable, `a stream, not ${large.body.constructor.name} (${large.bytes} bytes)`);
        assert.ok(large.bytes > 1 << 20);
        const text = await answerText(large);
        assert.equal(Buffer.byteLength(text), large.bytes);
        assert.equal(JSON.parse(text).results.bindings.length, 12000);
        const small = await s.answer({ text: 'ASK { ?s ?p ?o }', resultsType: JSON_RESULTS });
        assert.ok(Buffer.isBuffer(small.body), 'a small answer comes whole');
        assert.deepEqual([s.outcomes.counts.cancelled, s.outcomes.counts.ok], [1, 2]);
      } finally {
        await s.close();
      }
    });

    it('closes at once and without an error whatever the timeout, answering the running query that the server is closing', async () => {
      const s = service(big, { workers: 1, maxConcurrent: 1, timeoutMs: 3_600_000 });
      await s.ready();
      const running = failure(s.answer({ text: PATHOLOGICAL, resultsType: JSON_RESULTS }));
      await until(() => s.load.running === 1);
      const t = Date.now();
      await s.close();
      assert.ok(Date.now() - t < 2000, `closed in ${Date.now() - t} ms`);
      const e = await running;
      assert.equal(e.kind, 'closing');
      assert.equal((await failure(s.answer({ text: 'ASK {}', resultsType: JSON_RESULTS }))).kind, 'closing');
    });

    it('lets running and queued queries finish during the grace of a close, then ends the processes', async () => {
      const opts = queryServiceOptions({ workers: 1, maxConcurrent: 1, timeoutMs: 60_000 });
      const pool = startQueryProcesses(opts, BASE);
      const s = new QueryService(big, opts, pool);
      try {
        await s.ready();
        const work = (n: number) =>
          `SELECT (COUNT(*) AS ?n) WHERE { { ?a <https://schema.org/position> ?b FILTER(?b < ${n}) } { ?c <https://schema.org/position> ?d FILTER(?d < 300) } }`;
        const running = s.answer({ text: work(200), resultsType: JSON_RESULTS });
        await until(() => s.load.running === 1);
        const queued = s.answer({ text: work(100), resultsType: JSON_RESULTS });
        await until(() => s.load.queued === 1);
        const closed = pool.close(60_000);
        assert.equal((await running).count, 1);
        assert.equal((await queued).count, 1, 'the queued query ran during the grace');
        await closed;
        assert.equal(pool.pids.length, 0, 'every process ended');
      } finally {
        await pool.close();
        await s.close();
      }
    });

    it('reports analysis problems from the query process with their kind and position', async () => {
      const s = service(mini, { workers: 1, maxConcurrent: 1 });
      try {
        const e = await failure(s.answer({ text: 'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }', resultsType: JSON_RESULTS }));
        assert.deepEqual([e.kind, e.line, e.column], ['syntax', 3, 15]);
        assert.equal(
          (await failure(s.answer({ text: 'SELECT * FROM <http://example.com/x> WHERE { ?s ?p ?o }', resultsType: JSON_RESULTS }))).kind,
          'remote',
        );
      } finally {
        await s.close();
      }
    });
  });
});
