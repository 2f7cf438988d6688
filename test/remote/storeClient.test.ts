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
});
