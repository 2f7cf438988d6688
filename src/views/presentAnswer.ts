// Answers in the forms the engine does not write itself: the HTML results page for browsers, plain JSON rows for the API.
import type { QueryOutput } from '../sparql/comunica/engine';
import type { Presenter } from '../sparql/queryTask';
import { allPrefixes } from '../rdf/prefixes';
import { PLAIN_ROWS_TYPE, plainRows } from '../rdf/plainRows';
import { resultsModel } from './resultsModel';
import { resultsPage } from './resultsPage';

export const HTML_TYPE = 'text/html';

/** Runs wherever the query runs (a query process), so a page of a thousand rows is never built on the server's thread. */
export const presentAnswer: Presenter = {
  types: [HTML_TYPE, PLAIN_ROWS_TYPE],
  present(out: QueryOutput, mediaType: string, ctx: { text: string; base: string; siteName?: string }): string {
    if (mediaType === PLAIN_ROWS_TYPE) return plainRows(out.body);
    return resultsPage(resultsModel(out, { text: ctx.text, base: ctx.base, prefixes: allPrefixes(ctx.base), siteName: ctx.siteName ?? '' }));
  },
};
