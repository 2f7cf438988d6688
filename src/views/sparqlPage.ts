// The SPARQL query page: a plain form that works without JavaScript.
import { html } from './html';
import { layout } from './layout';

export interface SparqlPageModel {
  siteName: string;
  endpoint: string;
  prefixes: Record<string, string>;
  examples: Array<{ name: string; query: string }>;
}

export function sparqlPage(m: SparqlPageModel): string {
  const prologue = Object.entries(m.prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join('\n');
  const initial = m.examples[0]?.query ?? `${prologue}\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 25`;
  return layout({ title: 'SPARQL endpoint', siteName: m.siteName }, html`
<h1>SPARQL endpoint</h1>
<p>Send SPARQL 1.1 queries to <code>${m.endpoint}</code> (GET <code>?query=</code>, or POST). Results come as JSON, XML, CSV or TSV; graphs as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads.</p>
<form method="get" action="${m.endpoint}">
<textarea name="query" rows="16" style="width:100%;font-family:ui-monospace,monospace">${initial}</textarea>
<p><button type="submit">Run query</button></p>
</form>
${m.examples.length ? html`<h2>Example queries</h2><ul>${m.examples.map((e) => html`<li><a href="${m.endpoint}?query=${encodeURIComponent(e.query)}">${e.name}</a></li>`)}</ul>` : ''}`);
}
