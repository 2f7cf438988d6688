// The SPARQL editor page: YASGUI served from this server, over a plain form that works without JavaScript.
import { html, Html, raw, scriptJson } from './html';
import { layout } from './layout';

export interface SparqlPageModel {
  siteName: string;
  endpoint: string;
  prefixes: Record<string, string>;
  examples: Array<{ name: string; query: string; summary?: string }>;
  /** URL path of the YASGUI build; without it only the form is offered. */
  assets?: string;
}

/** The textarea form: the whole editor without JavaScript, and the query box of the HTML results page. */
export function queryForm(endpoint: string, query: string): Html {
  return html`<form id="sparql-form" method="get" action="${endpoint}">
<label for="sparql-query">Query</label>
<textarea id="sparql-query" name="query" rows="16" spellcheck="false" style="width:100%;font-family:ui-monospace,monospace">${query}</textarea>
<p><button type="submit">Run query</button></p>
</form>`;
}

export function sparqlPage(m: SparqlPageModel): string {
  const prologue = Object.entries(m.prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join('\n');
  const initial = `${prologue}\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 25\n`;
  const examples = m.examples.map((e) => ({ name: e.name, summary: e.summary ?? e.name, query: e.query }));
  // data: icon: the site has no favicon, and the browser would otherwise ask for one and log a 404.
  const head = m.assets ? html`<link rel="icon" href="data:,">
<link rel="stylesheet" href="${m.assets}/yasgui.min.css">
<style>#yasgui .yasqe .CodeMirror{font-size:.9rem}.js-editor #sparql-form{display:none}main{max-width:80rem}</style>` : undefined;
  return layout({ title: 'SPARQL endpoint', siteName: m.siteName, head }, html`
<h1>SPARQL endpoint</h1>
<p>Send SPARQL 1.1 queries to <code>${m.endpoint}</code> (GET <code>?query=</code>, or POST). Results come as JSON, XML, CSV or TSV;
graphs as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads. Without a query and without asking for HTML, this address answers with its
<a href="${m.endpoint}" type="text/turtle">service description</a>. The endpoint is read-only.</p>
<div id="yasgui"></div>
${queryForm(m.endpoint, initial)}
${examples.length ? html`<h2>Example queries</h2>
<ul id="examples">${examples.map((e, i) => html`<li><a href="${m.endpoint}?query=${encodeURIComponent(e.query)}" data-example="${i}">${e.summary}</a> <span class="muted">(${e.name})</span></li>`)}</ul>` : ''}
<h2>Prefixes</h2>
<p class="muted">Declared in the starting query and completed after <code>PREFIX</code> in the editor.</p>
<table>${Object.entries(m.prefixes).map(([p, ns]) => html`<tr><th>${p}:</th><td class="iri">${ns}</td></tr>`)}</table>
${m.assets ? html`<script type="application/json" id="sparql-editor-config">${scriptJson({ endpoint: m.endpoint, prefixes: m.prefixes, initial, examples })}</script>
<script src="${m.assets}/yasgui.min.js"></script>
<script>${raw(EDITOR_SCRIPT)}</script>` : ''}`);
}

/** Starts YASGUI when its script loaded; otherwise the form above stays the editor. No request leaves this server. */
const EDITOR_SCRIPT = `
(function () {
  if (!window.Yasgui) return;
  var cfg = JSON.parse(document.getElementById('sparql-editor-config').textContent);
  var endpoint = new URL(cfg.endpoint, location.href).href;
  var prefixList = Object.keys(cfg.prefixes).sort().map(function (p) { return p + ': <' + cfg.prefixes[p] + '>'; });
  // The dataset's prefixes instead of the bundled list or prefix.cc; no LOV look-ups for classes and properties.
  Yasgui.Yasqe.forkAutocompleter('prefixes', { name: 'datasetPrefixes', persistenceId: null, get: function () { return prefixList; } }, false);
  var yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: 'forum-ld-sparql',
    populateFromUrl: false,
    yasqe: { value: cfg.initial, prefixCcApi: null, autocompleters: ['datasetPrefixes', 'variables'], collapsePrefixesOnLoad: true }
  });
  document.documentElement.classList.add('js-editor');
  window.forumYasgui = yasgui;
  var list = document.getElementById('examples');
  if (list) list.addEventListener('click', function (ev) {
    var a = ev.target.closest('a[data-example]');
    if (!a) return;
    ev.preventDefault();
    var ex = cfg.examples[Number(a.getAttribute('data-example'))];
    var tab = yasgui.addTab(true, { name: ex.summary, requestConfig: { endpoint: endpoint } });
    tab.setQuery(ex.query);
    window.scrollTo(0, 0);
  });
})();
`;
