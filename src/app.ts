// Wires the dataset, the query service and every HTTP surface into one express app; the route table, in order.
import express from 'express';
import compression from 'compression';
import pino, { Logger } from 'pino';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Config, packageRoot } from './config';
import { loadDataset } from './ingest/load';
import { LiveDataset } from './publish/live';
import { QueryService, QueryServiceOptions, startQueryProcesses } from './sparql/queryService';
import type { Snapshot } from './sparql/processPool';
import { QueryOutcomes } from './sparql/outcomes';
import { snapshotFile, sweepSnapshots, writeSnapshot } from './store/snapshot';
import type { QuadStore } from './store/quadStore';
import { presentAnswer } from './views/presentAnswer';
import { allPrefixes } from './rdf/prefixes';
import { cors, allow, requestLog, weakEtagWhenCompressed } from './http/middleware';
import { errorHandler, notFound } from './http/errors';
import { sparqlHandler } from './http/sparql';
import { documentHandler, thingHandler } from './http/resources';
import { homeHandler, sourceHandler } from './http/pages';
import { contextHandler } from './http/contextDocument';
import { datasetHandler, datasetThingHandler } from './http/datasetDocument';
import { dumpHandler } from './http/dumps';
import { frameHandler } from './http/frame';
import { robotsHandler, sitemapHandler } from './http/discovery';
import { namedQueryHandler, openApiHandler } from './http/api';
import { fragmentsHandler, genidHandler } from './http/fragments';
import { apiDocsHandler, SWAGGER_ASSETS, swaggerAssetHandler } from './http/apiDocs';
import { listNamedQueries } from './api/namedQueries';
import { validatorVerdicts, validators } from './forum/checks';
import { assetHrefs, editorAssets, EDITOR_ASSETS, faviconHandler, publicAssetHandler, readPublicAssets } from './http/assets';
import { securityHeaderBlock, securityHeaders } from './http/securityHeaders';
import { aheadOfExpress, expressErrors, leanPath } from './http/leanPath';
import { acceptedBodyCoding, wellFormedUrl } from './http/inputChecks';
import { healthHandler, readyHandler, whileLoading, wholeUnlessSummarised } from './http/health';
import { Metrics, ServedState } from './http/metrics';
import { Publication } from './publish/live';
import { buildDumpsInThread } from './publish/dumps';
import { buildStreamedDumps } from './publish/streamedDumps';
import { prepareStats } from './publish/stats';
import { publishedContext } from './publish/jsonldContext';
import { StoreClient } from './remote/storeClient';
import { loadFromStore, PATTERN_CACHE_BYTES, type StoreVersion } from './remote/storeDataset';
import { dataModified } from './publish/versionDates';
import { RemoteQueryService } from './remote/remoteQueryService';

export const SITE_NAME = 'forum-ld';

/**
 * The served dataset for a config: loader, validation, the query processes sized by the config (shared by every
 * version, so a reload never stops a query), the dumps (unless dumps: false); `outcomes` records how every query
 * ends (the app's Metrics listen to it), `log` hears of query processes starting and ending.
 */
export function openDataset(
  config: Config,
  overrides: { workers?: number; dumps?: boolean; outcomes?: QueryOutcomes; log?: Logger; storeCacheBytes?: number } = {},
): LiveDataset {
  // Every version is loaded against the configured base, so one set of options serves them all.
  const queryOptions: QueryServiceOptions = {
    workers: overrides.workers ?? config.workers,
    workerMemoryMb: config.workerMemoryMb,
    timeoutMs: config.queryTimeoutMs,
    maxConcurrent: config.maxConcurrentQueries,
    queueSize: config.queueSize,
    maxRows: config.maxResultRows,
    maxBytes: config.maxResultBytes,
    unionDefaultGraph: config.unionDefaultGraph,
    allowRemote: config.allowRemote,
    prefixes: allPrefixes(config.baseIri),
    snapshotDir: config.cacheDir,
    present: presentAnswer,
    outcomes: overrides.outcomes ?? new QueryOutcomes(),
  };
  if (config.store) return openStoreDataset(config, queryOptions, overrides);
  // The processes start now and build the engine while the data is parsed (at 1M quads, seconds saved).
  const pool =
    queryOptions.workers > 0
      ? startQueryProcesses(queryOptions, config.baseIri, {
          // One spare: a process ended by a timeout, the memory cap or a client that left is replaced at once.
          spare: 1,
          onProcessExit: (e) => overrides.log?.info({ queryPid: e.pid, reason: e.reason }, 'a query process ended'),
          onProcessReady: (e) => overrides.log?.info({ queryPid: e.pid, startMs: e.ms }, 'a query process is ready'),
        })
      : undefined;
  if (pool) void sweepSnapshots(config.cacheDir);
  // A first load has nothing in service: the query processes open the new store while it is being checked (at 1M
  // quads the checks take seconds). It is served only once they pass, by a service that takes the snapshot over.
  let served = false;
  let early: Snapshot | undefined;
  const whileChecking = async (store: QuadStore, version: string) => {
    if (!pool || served) return;
    const file = snapshotFile(config.cacheDir, version);
    await writeSnapshot(store, file);
    early = { version, file };
    await pool.warm(early);
  };
  return new LiveDataset(
    () =>
      loadDataset({
        paths: config.dataPaths,
        baseIri: config.baseIri,
        validators: config.validate ? validators() : [],
        queries: config.queriesPath,
        verdicts: validatorVerdicts(config.cacheDir),
        whileChecking,
      }),
    (ds) => {
      served = true;
      const written = early;
      early = undefined;
      // The snapshot the processes opened during the checks is this version's (written from the same store): not
      // written again (at 1M quads ~165 MB, ~0.2 s on the way to the first answer).
      if (written?.version === ds.info.version) return new QueryService(ds, queryOptions, pool, written);
      if (written) void fs.promises.rm(written.file, { force: true }).catch(() => undefined);
      return new QueryService(ds, queryOptions, pool);
    },
    overrides.dumps === false
      ? undefined
      : async (ds) => {
          await prepareStats(ds); // the counts the dataset description states, computed without stalling the server
          return buildDumpsInThread(ds, { root: config.cacheDir, prefixes: allPrefixes(ds.baseIri), jsonldContext: publishedContext(ds) });
        },
    (graceMs) => pool?.close(graceMs) ?? Promise.resolve(),
  );
}

/**
 * The served dataset over an external store: each version is served without a copy of it in this process. Documents
 * and pages are made over the triple patterns they read, fetched from the store and cached per version within a byte
 * bound; the home page, VoID/DCAT, the sitemap and the RDF service description likewise, from the summary the
 * publisher stored with the version (its statistics, facts and sitemap paths; a version without one is read whole
 * for them); fragments are bounded queries; the dumps are streamed from the store to disk. SPARQL and the
 * named-query API run in the store. No query processes: the store does the work.
 */
function openStoreDataset(
  config: Config,
  q: QueryServiceOptions,
  overrides: { dumps?: boolean; outcomes?: QueryOutcomes; storeCacheBytes?: number },
): LiveDataset {
  const client = storeClient(config);
  return new LiveDataset(
    async () => {
      const r = await loadFromStore(client, { baseIri: config.baseIri, cacheBytes: overrides.storeCacheBytes });
      if (!r.ok || !r.version) return r;
      // What every page states (Last-Modified, the JSON-LD context) is known before the version is served.
      await r.version.warm((ds) => {
        dataModified(ds);
        publishedContext(ds);
      });
      return { ...r, dataset: r.version.dataset, access: r.version };
    },
    (ds) =>
      new RemoteQueryService(ds, client, {
        timeoutMs: q.timeoutMs,
        maxConcurrent: q.maxConcurrent,
        queueSize: q.queueSize,
        maxRows: q.maxRows,
        maxBytes: q.maxBytes ?? 64 * 1024 * 1024,
        unionDefaultGraph: q.unionDefaultGraph,
        allowRemote: q.allowRemote,
        maxDepth: 64,
        prefixes: q.prefixes,
        present: q.present,
        outcomes: q.outcomes,
      }),
    overrides.dumps === false
      ? undefined
      : (shell, access) =>
          // Streamed from the store to disk on a thread of their own, never held here (src/publish/streamedDumps.ts).
          buildStreamedDumps(access as StoreVersion, client, overrides.storeCacheBytes ?? PATTERN_CACHE_BYTES, {
            root: config.cacheDir,
            prefixes: allPrefixes(shell.baseIri),
            jsonldContext: publishedContext(shell),
          }),
  );
}

/** The client of the configured external store (undefined without one). */
export function storeClient(config: Config): StoreClient {
  if (!config.store) throw new Error('no external store is configured');
  const { queryUrl, updateUrl, gspUrl, user, password } = config.store;
  return new StoreClient({ queryUrl, updateUrl, gspUrl, user, password });
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel });
}

/** What the metrics' gauges read: the dataset served and its query pool. */
function servedState(pub: Publication): ServedState {
  const { dataset, queries } = pub;
  const { maxConcurrent, queueSize } = queries.limits;
  return {
    dataset: { version: dataset.info.version, quads: dataset.size, loadedAt: dataset.info.loadedAt },
    queries: { slots: maxConcurrent, queueSize, ...queries.load },
  };
}

/**
 * `metrics`: listening to the QueryOutcomes openDataset was given, so query outcomes are counted; a fresh one otherwise.
 * `lean: false` leaves out the lean path (its test compares the two apps).
 */
export function createApp(
  config: Config,
  live: LiveDataset,
  log: Logger = createLogger(config),
  opts: { metrics?: Metrics; lean?: boolean } = {},
): express.Express {
  const app = express();
  const metrics = opts.metrics ?? new Metrics();
  metrics.observe(() => (live.loaded ? servedState(live.current) : undefined));
  // public/ is read once per app: pages link its files by content hash.
  const publicFiles = readPublicAssets(path.join(packageRoot(), 'public'));
  const site = { siteName: SITE_NAME, assets: assetHrefs(publicFiles) };
  app.disable('x-powered-by');
  // One address per thing: /ID/… or /Doc/… are not the canonical IRIs and answer 404, not a second 303.
  app.set('case sensitive routing', true);
  app.set('etag', false); // representations set their own strong ETags from the dataset version
  app.set('query parser', () => ({})); // handlers parse parameters strictly themselves
  // Plain GETs of /sparql?query= and /doc/… are answered before this table by the lean path (end of this function),
  // with the same headers, log line and metrics; everything else goes through it in order.

  const bookkeeping = [requestLog(log), metrics.requestCounter()];
  const security = securityHeaderBlock();
  app.use(...bookkeeping);
  app.use(securityHeaders(security));
  app.use(cors);
  app.use(wellFormedUrl);
  // Only clients that accept an encoding pay for the compression wrappers around every response.
  const compress = compression();
  app.use((req, res, next) => (req.headers['accept-encoding'] ? weakEtagWhenCompressed(req, res, () => compress(req, res, next)) : next()));

  app.all('/healthz', allow('GET'), healthHandler());
  app.all('/readyz', allow('GET'), readyHandler(live));
  if (config.metrics) app.all('/metrics', allow('GET'), metrics.handler());
  app.get(['/favicon.svg', '/favicon.ico'], faviconHandler(publicFiles));
  app.get('/assets/:file', publicAssetHandler(publicFiles));
  app.use(whileLoading(live));

  const about = {
    ...site,
    license: config.license,
    publisher: { name: config.publisherName, iri: config.publisherIri },
    contact: { email: config.contactEmail, url: config.contactUrl },
  };
  const datasetDescription = datasetHandler(live, about);
  // The dataset-level surfaces: a replica makes them from the summary published with the version; only a version
  // published without one is read whole for them, on their first request (docs/store.md).
  const summarised = wholeUnlessSummarised(live);
  app.get('/', summarised, homeHandler(live, { ...about, rdf: datasetDescription }));
  const sparqlOptions = {
    unionDefaultGraph: config.unionDefaultGraph,
    editorAssets: EDITOR_ASSETS,
    ...site,
    examples: () => listNamedQueries(live.current.dataset),
  };
  app.use('/sparql', acceptedBodyCoding, express.raw({ type: () => true, limit: config.maxBodyBytes }), sparqlHandler(live, sparqlOptions));
  app.use(EDITOR_ASSETS, allow('GET'), editorAssets());
  app.get('/robots.txt', robotsHandler(live));
  app.get(['/sitemap.xml', '/sitemap/:n.xml'], summarised, sitemapHandler(live));
  app.get(['/.well-known/void', '/doc/dataset', '/doc/dataset.:ext'], summarised, datasetDescription);
  // The dataset, its catalogue and (when none is configured) the deployment as publisher are described there.
  app.get(['/id/dataset', '/id/catalog', ...(config.publisherIri ? [] : ['/id/publisher'])], datasetThingHandler());
  app.all(
    '/fragments',
    allow('GET'),
    fragmentsHandler(live, {
      ...site,
      pageSize: config.fragmentPageSize,
      license: config.license,
      unionDefaultGraph: config.unionDefaultGraph,
    }),
  );
  app.get('/.well-known/genid/:id', genidHandler(live));
  app.get('/dumps/:name', dumpHandler(live));
  app.use('/frame', allow('GET'), frameHandler(live));
  app.use('/id', allow('GET'), thingHandler(live));
  app.use('/doc', allow('GET'), documentHandler(live, site, 'doc'));
  app.use('/def', allow('GET'), documentHandler(live, site, 'def'));
  app.use('/graph', allow('GET'), documentHandler(live, site, 'graph'));
  app.use('/np', allow('GET'), documentHandler(live, site, 'np'));
  app.get(['/context.jsonld', '/context/:version.jsonld'], contextHandler(live));
  app.get('/source/:name', sourceHandler(live, site));
  app.get('/api', apiDocsHandler(live, site));
  app.get('/api/openapi.json', openApiHandler(live, site));
  app.all('/api/:name', allow('GET'), namedQueryHandler(live));
  app.get(`${SWAGGER_ASSETS}/:file`, swaggerAssetHandler());

  app.use((req, _res, next) => next(notFound(`The page ${req.path}`)));
  const errors = errorHandler(log, site);
  app.use(errors);
  // Plain GETs of /sparql?query= and /doc/… are answered ahead of all this, as the routes above would (leanPath.ts).
  if (opts.lean !== false) {
    const fail = expressErrors(app, errors);
    aheadOfExpress(app, leanPath({ live, sparql: sparqlOptions, documents: site, bookkeeping, securityHeaders: security, fail }));
  }
  return app;
}
