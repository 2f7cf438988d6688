// The SPARQL editor page: YASGUI served from this server (started by public/sparql-editor.js), over a plain form that works without JavaScript.
import { html, Html, scriptJson } from './html';
import { layout } from './layout';
import { AssetHrefs, assetHref } from './model';

export interface SparqlPageModel {
  siteName: string;
  /** The site's files (public/): the stylesheet, and the script that starts the editor. */
  siteAssets: AssetHrefs;
  endpoint: string;
  /** The page's own address. */
  canonical?: string;
  prefixes: Record<string, string>;
  examples: Array<{ name: string; query: string; summary?: string }>;
  /** URL path of the YASGUI build; without it only the form is offered. */
  assets?: string;
}

/** The textarea form: the whole editor without JavaScript, and the query box of the HTML results page. */
export function queryForm(endpoint: string, query: string): Html {
  return html`<form id="sparql-form" method="get" action="${endpoint}">
<label for="sparql-query">Query</label>
<textarea id="sparql-query" name="query" rows="16" spellcheck="false">${query}</textarea>
<p><button type="submit">Run query</button></p>
</form>`;
}

export function sparqlPage(m: SparqlPageModel): string {
  const prologue = Object.entries(m.prefixes)
    .map(([p, ns]) => `PREFIX ${p}: <${ns}>`)
    .join('\n');
  const initial = `${prologue}\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 25\n`;
  const examples = m.examples.map((e) => ({ name: e.name, summary: e.summary ?? e.name, query: e.query }));
  const head = m.assets
    ? html`<link rel="stylesheet" href="${m.assets}/yasgui.min.css">
<link rel="stylesheet" href="${assetHref(m.siteAssets, 'sparql-editor.css')}">`
    : undefined;
  return layout(
    { title: 'SPARQL endpoint', siteName: m.siteName, assets: m.siteAssets, head, canonical: m.canonical },
    html`
<h1>SPARQL endpoint</h1>
<p>Send SPARQL 1.1 queries to <code>${m.endpoint}</code> (GET <code>?query=</code>, or POST). Results come as JSON, XML, CSV or TSV;
graphs as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads. Without a query and without asking for HTML, this address answers with its
<a href="${m.endpoint}" type="text/turtle">service description</a>. The endpoint is read-only.</p>
<div id="yasgui"></div>
${queryForm(m.endpoint, initial)}
${
  examples.length
    ? html`<h2>Example queries</h2>
<ul id="examples">${examples.map((e, i) => html`<li><a href="${m.endpoint}?query=${encodeURIComponent(e.query)}" data-example="${i}">${e.summary}</a> <span class="muted">(${e.name})</span></li>`)}</ul>`
    : ''
}
<h2>Prefixes</h2>
<p class="muted">Declared in the starting query and completed after <code>PREFIX</code> in the editor.</p>
<table>${Object.entries(m.prefixes).map(([p, ns]) => html`<tr><th>${p}:</th><td class="iri">${ns}</td></tr>`)}</table>
${
  m.assets
    ? html`<script type="application/json" id="sparql-editor-config">${scriptJson({ endpoint: m.endpoint, prefixes: m.prefixes, initial, examples })}</script>
<script src="${m.assets}/yasgui.min.js"></script>
<script src="${assetHref(m.siteAssets, 'sparql-editor.js')}"></script>`
    : ''
}`,
  );
}
