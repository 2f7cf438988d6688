// The page shell shared by every HTML view: head (stylesheet, alternates, JSON-LD), navigation, footer; no inline script or style (CSP).
import { html, Html, scriptJson } from './html';
import { AssetHrefs, assetHref } from './model';

export interface Alternate {
  href: string;
  mediaType: string;
  label: string;
}

export interface LayoutOptions {
  title: string;
  siteName: string;
  assets: AssetHrefs;
  alternates?: readonly Alternate[];
  jsonld?: unknown;
  head?: Html;
  /** The page's own address (absolute), as the sitemap lists it: never a /id/ IRI, which answers 303. */
  canonical?: string;
}

export function layout(opts: LayoutOptions, body: Html): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${opts.siteName}</title>
<link rel="icon" href="${assetHref(opts.assets, 'favicon.svg')}" type="image/svg+xml">
${opts.canonical ? html`<link rel="canonical" href="${opts.canonical}">` : ''}
${(opts.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.mediaType}" href="${a.href}" title="${a.label}">\n`)}
<link rel="stylesheet" href="${assetHref(opts.assets, 'style.css')}">
${opts.jsonld ? html`<script type="application/ld+json">${scriptJson(opts.jsonld)}</script>` : ''}
${opts.head ?? ''}
</head>
<body>
<a class="skip" href="#content">Skip to the content</a>
<header class="site"><nav aria-label="Site"><a class="brand" href="/">${opts.siteName}</a><a href="/sparql">SPARQL</a><a href="/api">API</a><a href="/fragments">Fragments</a><a href="/def/forum">Ontology</a><a href="/.well-known/void">Dataset description</a></nav></header>
<main id="content" tabindex="-1">
${body}
</main>
<footer class="site">Published with forum-ld. Every page is also available as RDF: see the formats listed on it.</footer>
</body>
</html>
`;
  return page.value;
}
