// The store client's transport: a kept-alive connection the store closed is retried once on a new one, not reported.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StoreClient, StoreError } from '../../src/remote/storeClient';

describe('remote/storeClient', () => {
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
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const client = new StoreClient({ queryUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql` });
      assert.equal((await client.select('ASK {}')).boolean, true);
      assert.equal(seen, 2);
      closeEvery = 0;
      seen = 0;
      const always = http.createServer((req) => req.socket.destroy());
      await new Promise<void>((r) => always.listen(0, '127.0.0.1', () => r()));
      try {
        const broken = new StoreClient({ queryUrl: `http://127.0.0.1:${(always.address() as AddressInfo).port}/sparql` });
        await assert.rejects(broken.select('ASK {}'), (e: unknown) => e instanceof StoreError && /cannot be reached/.test(e.message));
      } finally {
        always.close();
      }
    } finally {
      server.closeAllConnections();
      server.close();
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
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const client = new StoreClient({ queryUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql` });
      await client.update('INSERT DATA { <urn:a> <urn:b> <urn:c> }');
      assert.equal(seen, 2);
      seen = 0;
      deadlocks = 0;
      const other = http.createServer((_req, res) => {
        seen++;
        res.writeHead(500);
        res.end('SQL error: something else');
      });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
      try {
        const c2 = new StoreClient({ queryUrl: `http://127.0.0.1:${(other.address() as AddressInfo).port}/sparql` });
        await assert.rejects(
          c2.update('CLEAR ALL'),
          (e: unknown) => e instanceof StoreError && e.status === 500 && /something else/.test(e.message),
        );
        assert.equal(seen, 1);
      } finally {
        other.closeAllConnections();
        other.close();
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
