// Answers in the forms the engine does not write itself: the HTML results page for browsers, plain JSON rows for the API.
import { allPrefixes } from '../rdf/prefixes';
import { PLAIN_ROWS_TYPE, plainRows } from '../rdf/plainRows';
import { resultsModel } from './resultsModel';
import { resultsPage } from './resultsPage';
import type { SiteChrome } from './model';

export const HTML_TYPE = 'text/html';

/** An answer as the engine wrote it: SPARQL JSON results (SELECT, ASK) or N-Triples (graphs). */
interface EngineAnswer {
  form: string;
  body: string;
  count: number;
  truncated: boolean;
}

/**
 * The sparql layer's Presenter (it runs wherever the query runs, so a page of a thousand rows is never built on the
 * server's thread); plain shapes here, since views import only views and rdf.
 */
export const presentAnswer = {
  types: [HTML_TYPE, PLAIN_ROWS_TYPE] as readonly string[],
  present(out: EngineAnswer, mediaType: string, ctx: { text: string; base: string; page?: SiteChrome }): string {
    if (mediaType === PLAIN_ROWS_TYPE) return plainRows(out.body);
    const page = ctx.page ?? { siteName: '', assets: {} };
    return resultsPage(
      resultsModel(out, { text: ctx.text, base: ctx.base, prefixes: allPrefixes(ctx.base), siteName: page.siteName, assets: page.assets }),
    );
  },
};
