// The HTML answer to a query from a browser without the editor: the query box again, and the results as a table.
import { html } from './html';
import { layout } from './layout';
import { AssetHrefs, TermView } from './model';
import { term } from './terms';
import { queryForm } from './sparqlPage';

export interface ResultsModel {
  siteName: string;
  assets: AssetHrefs;
  query: string;
  form: string;
  columns: string[];
  rows: Array<Array<TermView | undefined>>;
  /** ASK answers. */
  boolean?: boolean;
  count: number;
  truncated: boolean;
}

export function resultsPage(m: ResultsModel): string {
  const summary =
    m.boolean !== undefined
      ? html`<p class="answer">Answer: <strong>${m.boolean ? 'true' : 'false'}</strong></p>`
      : html`<p class="muted">${m.count} ${m.form === 'SELECT' ? 'solution' : 'triple'}${m.count === 1 ? '' : 's'}${m.truncated ? html` shown; <strong>the result was cut off here</strong>. Ask for a machine format (JSON, CSV, Turtle…) for more, or add a LIMIT` : ''}.</p>`;
  return layout(
    { title: 'Query results', siteName: m.siteName, assets: m.assets },
    html`
<h1>Query results</h1>
${queryForm('/sparql', m.query)}
${summary}
${
  m.boolean === undefined
    ? html`<table class="results">
<thead><tr>${m.columns.map((c) => html`<th>${m.form === 'SELECT' ? `?${c}` : c}</th>`)}</tr></thead>
<tbody>${m.rows.map(
        (r) => html`
<tr>${r.map((t) => html`<td>${t ? term(t) : ''}</td>`)}</tr>`,
      )}
</tbody></table>`
    : ''
}`,
  );
}
