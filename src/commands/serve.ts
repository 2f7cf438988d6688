// `forum-ld serve`: loads the dataset, serves it, reloads on SIGHUP (and on file changes with --watch).
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import { Config } from '../config';
import { createApp, createLogger, openDataset } from '../app';
import { formatProblem } from '../rdf/problem';
import { explainClientErrors } from '../http/clientError';
import { Metrics } from '../http/metrics';
import { QueryOutcomes } from '../sparql/outcomes';

export interface Serving { server: Server; close: () => Promise<void> }

export async function serveCommand(config: Config): Promise<Serving | undefined> {
  const log = createLogger(config);
  const outcomes = new QueryOutcomes();
  const metrics = new Metrics();
  metrics.listenTo(outcomes);
  const live = openDataset(config, { outcomes });
  // Listening before the data is loaded: /healthz answers at once and /readyz says 503 until the first version is in
  // service (every other route says the same), so an orchestrator sees a live process that is not ready yet.
  const app = createApp(config, live, log, { metrics });
  const server = explainClientErrors(app.listen(config.port, config.host));
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
  log.info({ port: config.port, base: config.baseIri, quads: dataset.size }, `serving ${dataset.size} quads at ${config.baseIri}`);
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
  const onHup = () => { void reload('SIGHUP'); };
  process.on('SIGHUP', onHup);
  const watchers: fs.FSWatcher[] = [];
  if (config.watch) {
    let timer: NodeJS.Timeout | undefined;
    for (const p of [...config.dataPaths, ...(config.queriesPath ? [config.queriesPath] : [])]) {
      watchers.push(fs.watch(p, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => { void reload('file change'); }, 300);
      }));
    }
  }
  return {
    server,
    close: async () => {
      process.off('SIGHUP', onHup);
      for (const w of watchers) w.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await live.close();
    },
  };
}
