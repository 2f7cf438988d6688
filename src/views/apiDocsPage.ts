// The API documentation page: Swagger UI (served locally, started by public/api-docs.js) over the OpenAPI document, with a plain list for readers without JavaScript.
import { html, scriptJson } from './html';
import { AssetHrefs, assetHref } from './model';

export interface ApiDocsModel {
  siteName: string;
  /** The site's files (public/): this page's stylesheet and the script that starts Swagger UI. */
  siteAssets: AssetHrefs;
  specUrl: string;
  assets: string;
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
<link rel="stylesheet" href="${assetHref(m.siteAssets, 'api-docs.css')}">
<script type="application/ld+json">${scriptJson({
    '@context': { '@vocab': 'https://schema.org/' },
    '@type': 'WebPage',
    name: `API · ${m.siteName}`,
    description: 'The named queries of this site as a REST API, described by an OpenAPI document.',
  })}</script>
</head>
<body>
<header class="site"><nav><a class="brand" href="/">${m.siteName}</a><a href="/sparql">SPARQL</a><a href="/api">API</a><a href="${m.specUrl}">OpenAPI document</a></nav></header>
<div id="swagger-ui" data-spec="${m.specUrl}">
<noscript>
<main class="api-list">
<h1>Named queries</h1>
<p>Each query answers at <code>/api/{name}</code>; the parameters and formats are in the <a href="${m.specUrl}">OpenAPI document</a>.</p>
<ul>${m.operations.map((o) => html`<li>${o.href ? html`<a href="${o.href}"><code>${o.name}</code></a>` : html`<code>${o.name}</code>`}: ${o.summary}</li>`)}</ul>
</main>
</noscript>
</div>
<script src="${m.assets}/swagger-ui-bundle.js"></script>
<script src="${assetHref(m.siteAssets, 'api-docs.js')}"></script>
</body>
</html>
`.value;
}
