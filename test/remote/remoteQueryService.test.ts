// The external store's answers passed on: whole when short, streamed when long or slow, within the caps and the timeout, and
// never silently cut by the store (fake stores for the timing and the edge cases; a real Virtuoso with a small ResultSetMaxRows).
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { Readable } from 'node:stream';
import { Parser as N3Parser } from 'n3';
import { RemoteQueryService, RemoteQueryOptions } from '../../src/remote/remoteQueryService';
import { StoreClient } from '../../src/remote/storeClient';
import { QueryError } from '../../src/sparql/queryError';
import type { Answer } from '../../src/sparql/queryService';
import type { Dataset } from '../../src/store/dataset';
import { listenOnLoopback, Listening } from '../support/loopback';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';

const dataset = { baseIri: 'http://ex.org/', graphNames: () => ['http://ex.org/g'] } as unknown as Dataset;
const options = (o: Partial<RemoteQueryOptions> = {}): RemoteQueryOptions => ({
  timeoutMs: 5000,
  maxConcurrent: 2,
  queueSize: 2,
  maxRows: 1000,
  maxBytes: 64 * 1024 * 1024,
  unionDefaultGraph: true,
  allowRemote: [],
  maxDepth: 64,
  ...o,
});
const JSON_TYPE = 'application/sparql-results+json';
const row = (i: number) =>
  `{"s":{"type":"uri","value":"http://ex.org/s${i}"},"n":{"type":"typed-literal","datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"${i}"}}`;
const triple = (i: number) => `<http://ex.org/s${i}> <http://ex.org/p> "${i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n`;

/** What the fake store does: its rows (or triples), sent `first` at once, the rest once `release` is called (or at once). */
interface Plan {
  rows: number;
  first: number;
  headers?: Record<string, string>;
  /** Resolved when the store has sent its last byte. */
  finished?: () => void;
}

describe('remote/remoteQueryService: answers passed on from the store', function () {
  this.timeout(30_000);
  let store: Listening;
  let plan: Plan;
  let release: () => void = () => undefined;
  let closed: Promise<void>;
  before(async () => {
    store = await listenOnLoopback(
      http.createServer(async (req, res) => {
        let form = '';
        for await (const c of req) form += c;
        // Not Virtuoso: its settings cannot be read (the client then takes it to cut nothing).
        if (form.includes('cfg_item_value')) {
          res.writeHead(400).end('unknown function');
          return;
        }
        closed = new Promise((r) => req.socket.once('close', () => r()));
        const triples = (req.headers.accept ?? '').includes('n-triples');
        res.writeHead(200, { 'content-type': triples ? 'application/n-triples' : JSON_TYPE, ...plan.headers });
        const item = (i: number) => (triples ? triple(i) : `${i ? ',' : ''}${row(i)}`);
        if (!triples) res.write('{"head":{"vars":["s","n"]},"results":{"bindings":[');
        for (let i = 0; i < plan.first; i++) res.write(item(i));
        const rest = () => {
          if (res.destroyed) return;
          for (let i = plan.first; i < plan.rows; i++) res.write(item(i));
          res.end(triples ? '' : ']}}');
          plan.finished?.();
        };
        if (plan.first >= plan.rows) rest();
        else release = rest;
      }),
    );
  });
  after(() => store.close());
  const service = (o: Partial<RemoteQueryOptions> = {}) =>
    new RemoteQueryService(dataset, new StoreClient({ queryUrl: `http://127.0.0.1:${store.port}/sparql` }), options(o));
  const select = (s: RemoteQueryService, text = 'SELECT * WHERE { ?s ?p ?n }') =>
    s.answer({ text, resultsType: JSON_TYPE, streamable: true });

  /** Reads a streamed body: its first chunk as soon as it comes, and the whole text at its end. */
  function reader(body: Readable): { first: Promise<string>; all: Promise<string> } {
    const chunks: string[] = [];
    let took: (c: string) => void;
    const first = new Promise<string>((r) => (took = r));
    body.on('data', (c) => {
      chunks.push(String(c));
      if (chunks.length === 1) took(String(c));
    });
    const all = new Promise<string>((resolve, reject) => {
      body.once('end', () => resolve(chunks.join('')));
      body.once('error', reject);
    });
    return { first, all };
  }

  it('gives a short answer whole, its count in the head, normalised', async () => {
    plan = { rows: 3, first: 3 };
    const a = await select(service());
    assert.ok(Buffer.isBuffer(a.body));
    assert.equal(a.streamed, undefined);
    assert.equal(a.count, 3);
    assert.equal(a.truncated, false);
    const parsed = JSON.parse(a.body.toString());
    assert.deepEqual(parsed.head, { vars: ['s', 'n'] });
    assert.deepEqual(parsed.results.bindings[2].n, { type: 'literal', value: '2', datatype: 'http://www.w3.org/2001/XMLSchema#integer' });
  });

  it('streams a slow answer: the first rows reach the client before the store has finished', async () => {
    let storeDone = false;
    plan = { rows: 40, first: 3, finished: () => (storeDone = true) };
    const a = await select(service());
    assert.ok(a.body instanceof Readable, 'the answer streams');
    const read = reader(a.body);
    const first = await read.first;
    assert.equal(storeDone, false, 'the store is still sending');
    assert.match(first, /"head":\{"vars":\["s","n"\]\}/);
    assert.match(first, /s2"/);
    release();
    const text = await read.all;
    const parsed = JSON.parse(text);
    assert.equal(parsed.results.bindings.length, 40);
    assert.deepEqual(a.streamed, { count: 40, truncated: false });
  });

  it('cuts a streamed answer at the row cap mid-stream: well-formed, marked cut, the store connection closed', async () => {
    plan = { rows: 500, first: 3 };
    const a = await select(service({ maxRows: 50 }));
    assert.ok(a.body instanceof Readable);
    const read = reader(a.body);
    await read.first;
    release();
    const parsed = JSON.parse(await read.all);
    assert.equal(parsed.results.bindings.length, 50);
    assert.deepEqual(a.streamed, { count: 50, truncated: true });
    await closed;
  });

  it('cuts a streamed answer at the byte cap mid-stream, at a row', async () => {
    plan = { rows: 500, first: 3 };
    const a = await select(service({ maxBytes: 8000 }));
    assert.ok(a.body instanceof Readable);
    const read = reader(a.body);
    await read.first;
    release();
    const text = await read.all;
    assert.ok(Buffer.byteLength(text) <= 8000, `${Buffer.byteLength(text)} bytes`);
    const parsed = JSON.parse(text);
    assert.equal(parsed.results.bindings.length, a.streamed!.count);
    assert.equal(a.streamed!.truncated, true);
    assert.ok(a.streamed!.count > 10 && a.streamed!.count < 500);
  });

  it('a short answer cut at the caps is whole and marked, as the embedded backend marks it', async () => {
    plan = { rows: 30, first: 30 };
    const a = await select(service({ maxRows: 10 }));
    assert.ok(Buffer.isBuffer(a.body));
    assert.equal(a.count, 10);
    assert.equal(a.truncated, true);
    assert.equal(JSON.parse(a.body.toString()).results.bindings.length, 10);
  });

  it('breaks a streamed answer at the timeout instead of ending it as if it were whole', async () => {
    plan = { rows: 40, first: 3 };
    const a = await select(service({ timeoutMs: 400 }));
    assert.ok(a.body instanceof Readable);
    await assert.rejects(reader(a.body).all, (e: Error) => e instanceof QueryError && e.kind === 'timeout');
    await closed;
  });

  it('frees the slot of a streamed answer its client stops reading, at the timeout', async () => {
    plan = { rows: 40, first: 3 };
    const s = service({ timeoutMs: 400, maxConcurrent: 1, queueSize: 0 });
    const a = await select(s);
    assert.ok(a.body instanceof Readable);
    assert.equal(s.load.running, 1);
    const ended = new Promise<Error | undefined>((r) => (a.body as Readable).once('error', r).once('close', () => r(undefined)));
    const e = await ended;
    assert.ok(e instanceof QueryError && e.kind === 'timeout', `ended by the timeout, not ${e}`);
    assert.equal(s.load.running, 0);
    await closed;
    plan = { rows: 2, first: 2 };
    assert.equal((await select(s)).count, 2);
  });

  it("refuses an answer the store says it cut below our row cap (Virtuoso's X-SPARQL-MaxRows), unless the query's LIMIT made it", async () => {
    plan = { rows: 20, first: 20, headers: { 'x-sparql-maxrows': '20' } };
    await assert.rejects(
      select(service()),
      (e: Error) =>
        e instanceof QueryError && e.kind === 'size' && /ResultSetMaxRows/.test(e.message) && /LIMIT of at most 20/.test(e.message),
    );
    const limited = await select(service(), 'SELECT * WHERE { ?s ?p ?n } LIMIT 20');
    assert.equal(limited.count, 20);
    assert.equal(limited.truncated, false);
    // Cut above our own cap: our cap comes first and says so.
    const ours = await select(service({ maxRows: 10 }));
    assert.equal(ours.count, 10);
    assert.equal(ours.truncated, true);
  });

  it('streams CONSTRUCT as triples, Turtle written as they arrive', async () => {
    let storeDone = false;
    plan = { rows: 40, first: 3, finished: () => (storeDone = true) };
    const a: Answer = await service().answer({ text: 'CONSTRUCT WHERE { ?s ?p ?o }', graphType: 'text/turtle', streamable: true });
    assert.ok(a.body instanceof Readable);
    const read = reader(a.body);
    await read.first;
    assert.equal(storeDone, false);
    release();
    const text = await read.all;
    assert.equal(new N3Parser({ format: 'Turtle' }).parse(text).length, 40);
    assert.deepEqual(a.streamed, { count: 40, truncated: false });
  });

  it('gives a caller that cannot take a streamed answer (the API, pages) the answer whole', async () => {
    plan = { rows: 40, first: 3 };
    setTimeout(() => release(), 600);
    const a = await service().answer({ text: 'SELECT * WHERE { ?s ?p ?n }', resultsType: JSON_TYPE });
    assert.ok(Buffer.isBuffer(a.body));
    assert.equal(a.count, 40);
  });
});

describe('remote/remoteQueryService over a Virtuoso that cuts answers at 50 rows (ResultSetMaxRows)', function () {
  this.timeout(180_000);
  let virtuoso: Virtuoso;
  let client: StoreClient;
  before(async function () {
    requireVirtuoso(this);
    virtuoso = await startVirtuoso({ resultSetMaxRows: 50 });
    client = new StoreClient({ queryUrl: virtuoso.sparqlUrl });
    const triples = Array.from({ length: 120 }, (_, i) => `<http://ex.org/s${i}> <http://ex.org/p> ${i} .`).join('\n');
    await client.update(`INSERT DATA { GRAPH <http://ex.org/g> { ${triples} } }`);
  });
  after(async () => {
    await virtuoso?.stop();
  });
  const service = (o: Partial<RemoteQueryOptions> = {}) =>
    new RemoteQueryService(dataset, client, options({ unionDefaultGraph: false, ...o }));
  const ask = (s: RemoteQueryService, text: string, type = JSON_TYPE) =>
    s.answer(type === JSON_TYPE ? { text, resultsType: type, streamable: true } : { text, graphType: type, streamable: true });
  const cut = (e: Error) => e instanceof QueryError && e.kind === 'size' && /ResultSetMaxRows/.test(e.message);

  it('refuses a SELECT the store cut, with or without ORDER BY; answers one within its limit or cut by our own cap', async () => {
    const s = service();
    await assert.rejects(ask(s, 'SELECT ?s WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o } }'), cut);
    await assert.rejects(ask(s, 'SELECT ?s WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o } } ORDER BY ?o'), cut);
    const within = await ask(s, 'SELECT ?s WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o } FILTER(?o < 30) }');
    assert.equal(within.count, 30);
    assert.equal(within.truncated, false);
    const limited = await ask(s, 'SELECT ?s WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o } } ORDER BY ?o LIMIT 50');
    assert.equal(limited.count, 50);
    const ours = await ask(service({ maxRows: 20 }), 'SELECT ?s WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o } }');
    assert.equal(ours.count, 20);
    assert.equal(ours.truncated, true);
  });

  it('refuses a CONSTRUCT the store cut (Virtuoso says nothing of it), answers a short one whole', async () => {
    const s = service();
    await assert.rejects(ask(s, 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o } }', 'application/n-triples'), cut);
    const short = await ask(s, 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o FILTER(?o < 10) } }', 'text/turtle');
    assert.ok(Buffer.isBuffer(short.body));
    assert.equal(new N3Parser().parse(short.body.toString()).length, 10);
  });
});
