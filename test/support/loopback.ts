// Ports on 127.0.0.1 for the tests: a free one, whether one is open, and an app listening on one until closed.
import type * as http from 'node:http';
import * as net from 'node:net';

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/** Whether something accepts connections on the port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A server of the tests on a loopback port; `close` drops its open connections and waits for it to stop. */
export interface Listening {
  server: http.Server;
  port: number;
  close: () => Promise<void>;
}

/** Starts `app` (an express app or any request listener with `listen`) on a free loopback port. */
export async function listenOnLoopback(app: { listen(port: number, host: string): http.Server }): Promise<Listening> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    server,
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
