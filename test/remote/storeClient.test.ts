// The store client's transport: a kept-alive connection the store closed is retried once on a new one, not reported; a cut answer fails.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { StoreClient, StoreError } from '../../src/remote/storeClient';
import { listenOnLoopback, Listening } from '../support/loopback';

/** A client of the fake store listening on `at`. */
const clientOf = (at: Listening) => new StoreClient({ queryUrl: `http://127.0.0.1:${at.port}/sparql` });

describe('remote/storeClient', () => {
  it('fails a read the store says it cut (X-SPARQL-MaxRows) instead of returning it short', async () => {
    let rows = 3;
    const store = await listenOnLoopback(
      http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/sparql-results+json', 'x-sparql-maxrows': '3' });
        const bindings = Array.from({ length: rows }, (_, i) => `{"s":{"type":"uri","value":"urn:s${i}"}}`);
        res.end(`{"head":{"vars":["s"]},"results":{"bindings":[${bindings.join(',')}]}}`);
      }),
    );
    try {
      await assert.rejects(
        clientOf(store).select('SELECT ?s { ?s ?p ?o }'),
        (e: unknown) => e instanceof StoreError && /cut its answer at 3 rows/.test(e.message),
      );
      rows = 2;
      assert.equal((await clientOf(store).select('SELECT ?s { ?s ?p ?o }')).results!.bindings.length, 2);
    } finally {
      await store.close();
    }
  });

  it('sends a request again once when the store closes the connection without answering, and reports a second close', async () => {
    let seen = 0;
    let closeEvery = 1;
    const server = http.createServer((req, res) => {
      seen++;
      if (seen % 2 === closeEvery % 2) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
      res.end('{"head":{},"boolean":true}');
    });
    const store = await listenOnLoopback(server);
    try {
      const client = clientOf(store);
      assert.equal((await client.select('ASK {}')).boolean, true);
      assert.equal(seen, 2);
      closeEvery = 0;
      seen = 0;
      const always = await listenOnLoopback(http.createServer((req) => req.socket.destroy()));
      try {
        await assert.rejects(
          clientOf(always).select('ASK {}'),
          (e: unknown) => e instanceof StoreError && /cannot be reached/.test(e.message),
        );
      } finally {
        await always.close();
      }
    } finally {
      await store.close();
    }
  });

  it('runs a request Virtuoso rolled back as deadlocked again, and reports any other 500 at once', async () => {
    let seen = 0;
    let deadlocks = 1;
    const server = http.createServer((_req, res) => {
      seen++;
      if (seen <= deadlocks) {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end(deadlocks ? '<xmp>SR172: Transaction deadlocked</xmp>' : 'broken');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
      res.end('{"head":{},"boolean":true}');
    });
    const store = await listenOnLoopback(server);
    try {
      const client = clientOf(store);
      await client.update('INSERT DATA { <urn:a> <urn:b> <urn:c> }');
      assert.equal(seen, 2);
      seen = 0;
      deadlocks = 0;
      const other = await listenOnLoopback(
        http.createServer((_req, res) => {
          seen++;
          res.writeHead(500);
          res.end('SQL error: something else');
        }),
      );
      try {
        await assert.rejects(
          clientOf(other).update('CLEAR ALL'),
          (e: unknown) => e instanceof StoreError && e.status === 500 && /something else/.test(e.message),
        );
        assert.equal(seen, 1);
      } finally {
        await other.close();
      }
    } finally {
      await store.close();
    }
  });
});
