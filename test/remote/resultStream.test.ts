// The store's SELECT answers read as they arrive: cut at the caps before the store has finished, normalised row by row.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readResultStream } from '../../src/remote/resultStream';

const row = (i: number) =>
  JSON.stringify({
    s: { type: 'uri', value: `http://example.org/s${i}` },
    n: { type: 'typed-literal', value: String(i), datatype: 'http://www.w3.org/2001/XMLSchema#integer' },
    b: { type: 'bnode', value: `nodeID://b${i}` },
    t: { type: 'typed-literal', value: '1', datatype: 'http://www.w3.org/2001/XMLSchema#boolean' },
  });

describe('remote/resultStream', () => {
  let server: http.Server;
  let url: string;
  /** What the fake store does with a request: the rows it sends, and whether it then ends the answer or holds it open. */
  let plan: { rows: number; end: boolean };
  let closed: Promise<void>;
  before(async () => {
    server = http.createServer((req, res) => {
      closed = new Promise((r) => req.socket.once('close', () => r()));
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
      res.write('{"head":{"vars":["s","n","b","t"]},"results":{"bindings":[');
      for (let i = 0; i < plan.rows; i++) res.write(`${i ? ',' : ''}${row(i)}`);
      if (plan.end) res.end(']}}');
      // else: the store is still computing; the connection stays open until the reader closes it.
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('answers at the row cap before the store has finished, and closes the connection', async () => {
    plan = { rows: 50, end: false };
    const res = await fetch(url);
    const r = await readResultStream(res.body, { maxRows: 10, maxBytes: 1e6 });
    assert.equal(r.truncated, true);
    assert.equal(r.results.results!.bindings.length, 10);
    assert.deepEqual(r.results.head.vars, ['s', 'n', 'b', 't']);
    await closed;
  });

  it('normalises each row as the whole-answer reader does', async () => {
    plan = { rows: 3, end: true };
    const r = await readResultStream((await fetch(url)).body, { maxRows: 10, maxBytes: 1e6 });
    assert.equal(r.truncated, false);
    assert.deepEqual(r.results.results!.bindings[2], {
      s: { type: 'uri', value: 'http://example.org/s2' },
      n: { type: 'literal', value: '2', datatype: 'http://www.w3.org/2001/XMLSchema#integer' },
      b: { type: 'bnode', value: 'b2' },
      t: { type: 'literal', value: 'true', datatype: 'http://www.w3.org/2001/XMLSchema#boolean' },
    });
  });

  it('stops at the byte cap with the rows read whole so far', async () => {
    plan = { rows: 2000, end: false };
    const r = await readResultStream((await fetch(url)).body, { maxRows: 1e6, maxBytes: 20_000 });
    assert.equal(r.truncated, true);
    const n = r.results.results!.bindings.length;
    assert.ok(n > 10 && n < 2000, `${n} rows`);
    await closed;
  });

  it('keeps the rows within the byte cap when one chunk of the answer is larger than the cap', async () => {
    const body = [
      '{"head":{"vars":["s","n","b","t"]},"results":{"bindings":[',
      Array.from({ length: 2000 }, (_, i) => row(i)).join(','),
      ']}}',
    ].join('');
    const one = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(body));
        c.close();
      },
    });
    const r = await readResultStream(one, { maxRows: 1e6, maxBytes: 20_000 });
    assert.equal(r.truncated, true);
    const n = r.results.results!.bindings.length;
    assert.ok(n > 10 && n < 2000, `${n} rows`);
  });

  it('gives up when the signal fires (the timeout, a client hanging up), and closes the connection', async () => {
    plan = { rows: 2, end: false };
    const res = await fetch(url);
    await assert.rejects(
      readResultStream(res.body, { maxRows: 10, maxBytes: 1e6, signal: AbortSignal.timeout(100) }),
      /TimeoutError|timed out|aborted/i,
    );
    await closed;
  });
});
