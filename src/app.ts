// Wires the dataset, the query service and every HTTP surface into one express app; the route table, in order.
import express from 'express';
import compression from 'compression';
import pino, { Logger } from 'pino';
import { Config } from './config';
import { loadDataset } from './store/load';
import { LiveDataset } from './store/live';
import { QueryService } from './store/queryService';
import { allPrefixes } from './rdf/prefixes';
import { cors, allow, requestLog } from './http/middleware';
import { errorHandler, notFound } from './http/errors';
import { sparqlHandler } from './http/sparql';
import { documentHandler, thingHandler } from './http/resources';
import { homeHandler, sourceHandler } from './http/pages';
import { contextHandler } from './http/context';
import { validators } from './store/validators';

export const SITE_NAME = 'forum-ld';

/** The served dataset for a config: loader, validation and the worker pool sized by the config. */
export function openDataset(config: Config, overrides: { workers?: number } = {}): LiveDataset {
  return new LiveDataset(
    () => loadDataset({ paths: config.dataPaths, baseIri: config.baseIri, validators: config.validate ? validators() : [] }),
    (ds) => new QueryService(ds, {
      workers: overrides.workers ?? config.workers, timeoutMs: config.queryTimeoutMs, maxConcurrent: config.maxConcurrentQueries,
      queueSize: config.queueSize, maxRows: config.maxResultRows, unionDefaultGraph: config.unionDefaultGraph,
      allowRemote: config.allowRemote, prefixes: allPrefixes(ds.baseIri),
    }),
  );
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel });
}

export function createApp(config: Config, live: LiveDataset, log: Logger = createLogger(config)): express.Express {
  const app = express();
  const site = { siteName: SITE_NAME };
  app.disable('x-powered-by');
  app.set('etag', false); // representations set their own strong ETags from the dataset version
  app.set('query parser', () => ({})); // handlers parse parameters strictly themselves

  app.use(requestLog(log));
  app.use(cors);
  // Only clients that accept an encoding pay for the compression wrapper around every write.
  const compress = compression();
  app.use((req, res, next) => (req.headers['accept-encoding'] ? compress(req, res, next) : next()));

  app.get('/', homeHandler(live, site));
  app.use('/sparql', express.raw({ type: () => true, limit: config.maxBodyBytes }),
    sparqlHandler(live, { unionDefaultGraph: config.unionDefaultGraph, ...site }));
  app.use('/id', allow('GET'), thingHandler(live));
  app.use('/doc', allow('GET'), documentHandler(live, site, 'doc'));
  app.use('/def', allow('GET'), documentHandler(live, site, 'def'));
  app.get('/context.jsonld', contextHandler(live));
  app.get('/source/:name', sourceHandler(live));

  app.use((req, _res, next) => next(notFound(`The page ${req.path}`)));
  app.use(errorHandler(log));
  return app;
}
