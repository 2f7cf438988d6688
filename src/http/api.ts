// The named-query REST API: GET /api/{name} runs a query from queries/ with bound parameters; /api/openapi.json describes it.
import type { NextFunction, Request, Response } from 'express';
import { Format, RDF_FORMATS, RESULT_FORMATS } from '../rdf/formats';
import { negotiate } from '../rdf/negotiate';
import { plainTerm, PlainTerm } from '../sparql/plainTerm';
import { LiveDataset } from '../publish/live';
import { withBase } from '../ingest/load';
import { NamedQuery, pagedText } from '../api/namedQueries';
import { bindRequest, Page, ParameterError } from '../api/queryParameters';
import { QueryError } from '../sparql/queryError';
import { PLAIN_ROWS_TYPE } from '../rdf/plainRows';
import { badRequest, HttpError, notAcceptable } from './errors';
import { hangUp, limitError } from './sparql';
import { openApiDocument } from '../api/openapi';
import { Params, parseParams } from './params';
import { represent } from './represent';
import { lastModified } from '../publish/versionDates';

/** Plain JSON rows: the friendliest answer, so it comes first and is what `*∕*` gets. */
const PLAIN_JSON: Format = { name: 'rows', mediaType: PLAIN_ROWS_TYPE, extensions: [], kind: 'results', label: 'JSON rows' };
const TABLE_FORMATS: readonly Format[] = [PLAIN_JSON, ...RESULT_FORMATS];
const JSONLD = RDF_FORMATS.find((f) => f.name === 'jsonld')!;
const GRAPH_FORMATS: readonly Format[] = [{ ...JSONLD, aliases: ['application/json'] }, ...RDF_FORMATS.filter((f) => f !== JSONLD)];
export const OPENAPI_PATH = '/api/openapi.json';

export function namedQueryHandler(live: LiveDataset) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { dataset, queries } = live.current;
      const name = String(req.params.name);
      const query = dataset.info.namedQueries?.find((q) => q.name === name);
      if (!query) throw new HttpError(404, `There is no named query "${name}"; the list is at /api and ${OPENAPI_PATH}.`, {}, 'Not found');
      const params = parseParams(req.originalUrl.split('?')[1] ?? '');
      let bound;
      try {
        bound = bindRequest(query, params, dataset.baseIri);
      } catch (e) {
        if (e instanceof ParameterError) throw badRequest(e.message);
        throw e;
      }
      const table = query.form === 'SELECT' || query.form === 'ASK';
      const offered = table ? TABLE_FORMATS : GRAPH_FORMATS;
      const format = negotiate(req.get('accept'), offered);
      if (!format) throw notAcceptable(offered.map((f) => f.mediaType));
      const context = dataset.info.contexts.get('context.jsonld');
      const bindings: Record<string, PlainTerm> = {};
      for (const [k, t] of Object.entries(bound.bindings)) bindings[k] = plainTerm(t);
      let out;
      try {
        // Plain rows too are made where the query runs, so no answer is parsed on the server's thread.
        out = await queries.answer(
          {
            text: pagedText(query, bound.page),
            [table ? 'resultsType' : 'graphType']: format.mediaType,
            bindings,
            ...(bound.page ? { maxRows: bound.page.limit } : {}),
            ...(format.name === 'jsonld' && context
              ? { jsonldContext: { object: withBase(context, dataset.baseIri), url: `${dataset.baseIri}context.jsonld` } }
              : {}),
          },
          hangUp(res),
        );
      } catch (e) {
        throw toHttp(e);
      }
      res.locals.resultCount = out.count;
      res.setHeader('X-Result-Count', String(out.count));
      if (out.truncated && !bound.page) res.setHeader('X-Result-Truncated', `true; limit=${out.count}`);
      const links: Array<{ href: string; rel: string; type?: string }> = [
        { href: OPENAPI_PATH, rel: 'describedby', type: 'application/vnd.oai.openapi+json' },
      ];
      if (bound.page) links.unshift(...pageLinks(query, params, bound.page, out.truncated));
      represent(req, res, {
        body: out.body,
        bytes: out.bytes,
        format,
        etagSeed: `${dataset.info.version} api ${format.mediaType} ${req.originalUrl}`,
        lastModified: lastModified(dataset),
        maxAge: 60,
        links,
      });
    } catch (e) {
      next(e);
    }
  };
}

/** GET /api/openapi.json */
export function openApiHandler(live: LiveDataset, opts: { siteName: string }) {
  return (req: Request, res: Response) => {
    const { dataset } = live.current;
    const doc = openApiDocument(dataset.info.namedQueries ?? [], {
      baseIri: dataset.baseIri,
      siteName: opts.siteName,
      version: dataset.info.version.slice(0, 12),
    });
    represent(req, res, {
      body: `${JSON.stringify(doc, null, 2)}\n`,
      format: { mediaType: 'application/json' },
      etagSeed: `${dataset.info.version} openapi`,
      lastModified: lastModified(dataset),
      vary: 'Accept-Encoding',
    });
  };
}

/** rel="next" when the page came back full with one more waiting, rel="prev" after the first page; other parameters kept. */
function pageLinks(query: NamedQuery, params: Params, page: Page, more: boolean): Array<{ href: string; rel: string }> {
  const href = (offset: number) => {
    const parts: string[] = [];
    for (const [k, values] of params)
      if (k !== 'limit' && k !== 'offset') for (const v of values) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    parts.push(`limit=${page.limit}`, `offset=${offset}`);
    return `/api/${query.name}?${parts.join('&')}`;
  };
  const links: Array<{ href: string; rel: string }> = [];
  if (more) links.push({ href: href(page.offset + page.limit), rel: 'next' });
  if (page.offset > 0) links.push({ href: href(Math.max(0, page.offset - page.limit)), rel: 'prev' });
  return links;
}

/** Named queries are checked when loaded, so what can still fail here is time, load, or the server itself. */
function toHttp(e: unknown): Error {
  if (!(e instanceof QueryError)) return e as Error;
  // A value the backend cannot take (the external store and U+0000) is said so, not hidden in a 500.
  if (e.kind === 'unsupported') return new HttpError(501, e.message);
  return limitError(e) ?? e;
}
