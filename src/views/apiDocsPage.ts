// The API documentation page: Swagger UI (served locally) over the OpenAPI document, with a plain list for readers without JavaScript.
import { html } from './html';

export interface ApiDocsModel {
  siteName: string;
  specUrl: string;
  assets: string;
  script: string;
  /** href: the query run with example arguments, when every required parameter has one. */
  operations: Array<{ name: string; summary: string; href?: string }>;
}

export function apiDocsPage(m: ApiDocsModel): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API · ${m.siteName}</title>
<link rel="stylesheet" href="${m.assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="${m.assets}/favicon-32x32.png">
<link rel="service-desc" type="application/vnd.oai.openapi+json" href="${m.specUrl}">
<style>body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}header.site{padding:.6rem 1.2rem;border-bottom:1px solid #e3e6ee}header.site a{margin-right:1.1rem;color:#1f5fae;text-decoration:none}header.site .brand{font-weight:600;color:#1d2330}</style>
</head>
<body>
<header class="site"><nav><a class="brand" href="/">${m.siteName}</a><a href="/sparql">SPARQL</a><a href="/api">API</a><a href="${m.specUrl}">OpenAPI document</a></nav></header>
<div id="swagger-ui" data-spec="${m.specUrl}">
<noscript>
<main style="max-width:64rem;margin:0 auto;padding:1.2rem">
<h1>Named queries</h1>
<p>Each query answers at <code>/api/{name}</code>; the parameters and formats are in the <a href="${m.specUrl}">OpenAPI document</a>.</p>
<ul>${m.operations.map((o) => html`<li>${o.href ? html`<a href="${o.href}"><code>${o.name}</code></a>` : html`<code>${o.name}</code>`}: ${o.summary}</li>`)}</ul>
</main>
</noscript>
</div>
<script src="${m.assets}/swagger-ui-bundle.js"></script>
<script src="${m.script}"></script>
</body>
</html>
`.value;
}

/** Starts Swagger UI on the page; a file of its own rather than an inline script. No validator badge: it would call out to the network. */
export const API_DOCS_SCRIPT = `// Starts Swagger UI over this deployment's OpenAPI document.
(function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-spec'),
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    docExpansion: 'list',
    defaultModelsExpandDepth: -1,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
})();
`;
