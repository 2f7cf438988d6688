// The SPARQL 1.1 Protocol query operation: GET, POST form, POST sparql-query; read-only; results negotiated.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { FORMATS, RDF_FORMATS, RESULT_FORMATS, Format } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { serializeQuads } from '../rdf/serialize';
import { allPrefixes } from '../rdf/prefixes';
import { LiveDataset } from '../store/live';
import { QueryError } from '../store/queryService';
import { badRequest, HttpError, methodNotAllowed, notAcceptable, timedOut, serviceUnavailable, unsupportedMediaType } from './errors';
import { decodeBody, onlyKnown, Params, parseParams, single } from './params';
import { represent } from './represent';
import { serviceDescription } from './serviceDescription';
import { sparqlPage } from '../views/sparqlPage';

const KNOWN = ['query', 'default-graph-uri', 'named-graph-uri'];
const HTML = FORMATS.find((f) => f.name === 'html')!;
const QUERY_TYPES = ['application/sparql-query', 'application/x-www-form-urlencoded'];

export interface SparqlOptions { unionDefaultGraph: boolean; siteName: string; examples?: () => Array<{ name: string; query: string }> }

export function sparqlHandler(live: LiveDataset, opts: SparqlOptions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') throw methodNotAllowed(req.method, ['GET', 'POST', 'HEAD', 'OPTIONS']);
      const urlParams = parseParams(req.originalUrl.split('?')[1] ?? '');
      let params: Params = urlParams;
      let queryText: string | undefined;
      if (req.method === 'POST') {
        const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (type === 'application/sparql-update' || (type === 'application/x-www-form-urlencoded' && /(^|&)update=/.test(body.toString('latin1')))) {
          throw new HttpError(403, 'This endpoint is read-only: SPARQL Update is not accepted.', {}, 'Read-only endpoint');
        }
        if (type === 'application/x-www-form-urlencoded') {
          const form = parseParams(decodeBody(body, req.get('content-type')));
          for (const k of urlParams.keys()) if (form.has(k)) throw badRequest(`The parameter "${k}" is given both in the URL and in the body.`);
          params = new Map([...urlParams, ...form]);
          queryText = single(params, 'query');
        } else if (type === 'application/sparql-query') {
          if (urlParams.has('query')) throw badRequest('With Content-Type application/sparql-query the query goes in the body, not in the "query" parameter.');
          queryText = decodeBody(body, req.get('content-type'));
        } else {
          throw unsupportedMediaType(type || '(none)', QUERY_TYPES);
        }
        if (queryText === undefined) throw badRequest('The request has no "query".');
      } else {
        if (urlParams.has('update')) throw new HttpError(403, 'This endpoint is read-only: SPARQL Update is not accepted.', {}, 'Read-only endpoint');
        queryText = single(params, 'query');
      }
      onlyKnown(params, KNOWN);
      if (queryText === undefined) {
        if (params.size) throw badRequest('The request has no "query" parameter.');
        return describeService(req, res, live, opts);
      }
      if (!queryText.trim()) throw badRequest('The "query" parameter is empty.');
      await answer(req, res, live, queryText, params);
    } catch (e) {
      next(e);
    }
  };
}

async function answer(req: Request, res: Response, live: LiveDataset, text: string, params: Params): Promise<void> {
  const { queries, dataset } = live.current;
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 12);
  res.locals.queryHash = hash;
  res.locals.queryText = text;
  let analyzed;
  try {
    analyzed = queries.analyze(text, { defaultGraphUris: params.get('default-graph-uri'), namedGraphUris: params.get('named-graph-uri') });
  } catch (e) {
    throw toHttp(e);
  }
  const offered = analyzed.form === 'SELECT' || analyzed.form === 'ASK' ? RESULT_FORMATS : RDF_FORMATS;
  const format = negotiate(req.get('accept'), offered);
  if (!format) throw notAcceptable(offered.map((f) => f.mediaType));
  let out;
  try {
    out = await queries.execute(analyzed, format.mediaType);
  } catch (e) {
    throw toHttp(e);
  }
  res.locals.resultCount = out.count;
  res.setHeader('X-Result-Count', String(out.count));
  if (out.truncated) res.setHeader('X-Result-Truncated', `true; limit=${out.count}`);
  represent(req, res, {
    body: out.body, format, etagSeed: `${dataset.info.version} ${format.mediaType} ${analyzed.text}`, lastModified: dataset.info.loadedAt,
    maxAge: req.method === 'POST' ? 0 : 60,
  });
}

function toHttp(e: unknown): Error {
  if (!(e instanceof QueryError)) return e as Error;
  switch (e.kind) {
    case 'syntax': return badRequest(`Malformed query${e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : ''}: ${e.message}`);
    case 'update': return new HttpError(403, e.message, {}, 'Read-only endpoint');
    case 'remote': return new HttpError(403, e.message, {}, 'Network access refused');
    case 'timeout': return timedOut(e.message);
    case 'busy': return serviceUnavailable(e.message, 2);
    default: return badRequest(`The query could not be evaluated: ${e.message}`);
  }
}

/** GET /sparql without a query: the editor for browsers, otherwise the service description. */
async function describeService(req: Request, res: Response, live: LiveDataset, opts: SparqlOptions): Promise<void> {
  const { dataset } = live.current;
  const offered: Format[] = [...RDF_FORMATS, HTML];
  const format = negotiate(req.get('accept'), offered);
  if (!format) throw notAcceptable(offered.map((f) => f.mediaType));
  const endpoint = `${dataset.baseIri}sparql`;
  const body = format.name === 'html'
    ? sparqlPage({ siteName: opts.siteName, endpoint: '/sparql', prefixes: allPrefixes(dataset.baseIri), examples: opts.examples?.() ?? [] })
    : await serializeQuads(serviceDescription(dataset, endpoint, opts), format, { prefixes: { sd: 'http://www.w3.org/ns/sparql-service-description#', void: 'http://rdfs.org/ns/void#', formats: 'http://www.w3.org/ns/formats/' } });
  represent(req, res, { body, format, etagSeed: `${dataset.info.version} sd ${format.name}`, lastModified: dataset.info.loadedAt });
}
