// `forum-ld serve`: loads the dataset, serves it, reloads on SIGHUP (and on file changes with --watch).
import * as fs from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
import { Config } from '../config';
import { createApp, createLogger, openDataset, storeClient } from '../app';
import { watchPointer } from '../remote/pointerWatch';
import { formatProblem } from '../rdf/problem';
import { explainClientErrors } from '../http/clientError';
import { Metrics } from '../http/metrics';
import { QueryOutcomes } from '../sparql/outcomes';

export interface Serving {
  server: Server;
  /**
   * Stops accepting connections, lets in-flight requests finish for up to --shutdown-grace, then closes every
   * connection (idle, half-open, or still sending) and ends the query processes. Never throws.
   */
  close: () => Promise<void>;
}

export async function serveCommand(config: Config): Promise<Serving | undefined> {
  const log = createLogger(config);
  const outcomes = new QueryOutcomes();
  const metrics = new Metrics();
  metrics.listenTo(outcomes);
  const live = openDataset(config, { outcomes, log });
  // Listening before the data is loaded: /healthz answers at once and /readyz says 503 until the first version is in
  // service (every other route says the same), so an orchestrator sees a live process that is not ready yet.
  const app = createApp(config, live, log, { metrics });
  const server = explainClientErrors(app.listen(config.port, config.host));
  // Requests being answered: what a shutdown waits for (a connection that never finished its request is not one).
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  server.on('request', (_req, res: ServerResponse) => {
    // While stopping, each answer closes its connection: clients come back to a closed port, not a closing server.
    if (stopping) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  try {
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  } catch (e) {
    await live.close();
    throw e;
  }
  const first = await live.reload();
  for (const p of first.problems) log[p.severity === 'violation' ? 'error' : 'warn'](formatProblem(p));
  if (!first.ok) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await live.close();
    log.error('the dataset is invalid: nothing is served');
    return undefined;
  }
  const { dataset } = live.current;
  log.info(
    {
      port: config.port,
      base: config.baseIri,
      quads: dataset.size,
      version: dataset.info.version,
      store: config.store ? storeClient(config).where : 'embedded',
    },
    `serving ${dataset.size} quads at ${config.baseIri}`,
  );
  void live.settled().then((problems) => {
    for (const p of problems) log.warn(formatProblem(p));
    if (live.current.dumps) log.info({ dir: live.current.dumps.dir }, 'the dumps are written');
  });

  const reload = async (why: string) => {
    const r = await live.reload();
    for (const p of r.problems) log[p.severity === 'violation' ? 'error' : 'warn'](formatProblem(p));
    if (r.ok) log.info({ why, quads: live.current.dataset.size }, 'reloaded the dataset');
    else log.error({ why }, 'the new data is invalid: still serving the previous version');
  };
  const onHup = () => {
    void reload('SIGHUP').catch((e: Error) => log.error({ err: e }, 'the reload failed: still serving the previous version'));
  };
  process.on('SIGHUP', onHup);
  // Over an external store the store's pointer says which version to serve: a publish reaches every replica this way.
  const unwatch = config.store
    ? watchPointer(
        storeClient(config),
        config.store.pollMs,
        () => (live.loaded ? live.current.dataset.info.version : undefined),
        (version) => reload(`the store now serves version ${version}`),
        (e) => log.warn({ err: e.message }, 'the store could not be asked for its version'),
      )
    : () => undefined;
  const watchers: fs.FSWatcher[] = [];
  if (config.watch) {
    let timer: NodeJS.Timeout | undefined;
    for (const p of [...config.dataPaths, ...(config.queriesPath ? [config.queriesPath] : [])]) {
      watchers.push(
        fs.watch(p, { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            void reload('file change');
          }, 300);
        }),
      );
    }
  }
  let closing: Promise<void> | undefined;
  return {
    server,
    close: () =>
      (closing ??= (async () => {
        const deadline = Date.now() + config.shutdownGraceMs;
        stopping = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        process.off('SIGHUP', onHup);
        unwatch();
        for (const w of watchers) w.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections are closed as soon as they are idle, now and as their last response ends.
        server.closeIdleConnections();
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const drained = async (until: number) => {
          while (inFlight.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        };
        await drained(deadline);
        if (inFlight.size) log.warn({ requests: inFlight.size }, 'stopping the queries still running at the shutdown deadline');
        // Queries still running are stopped: their clients get a 503 saying the server is shutting down.
        await live.close(0).catch((e: Error) => log.error({ err: e }, 'closing the query processes failed'));
        await drained(Date.now() + 500);
        clearInterval(idle);
        // Half-open connections (a request never finished), answers still being sent, anything left.
        server.closeAllConnections();
        await closed;
      })()),
  };
}
