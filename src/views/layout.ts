// The page shell shared by every HTML view: head (stylesheet, alternates, JSON-LD), navigation, footer; no inline script or style (CSP).
import { html, Html, scriptJson } from './html';
import { AssetHrefs, assetHref, FormatLink } from './model';

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

/** What the page of a document (a thing, a graph, the dataset, the ontology) brings to the shell. */
export interface DocumentHead {
  title: string;
  siteName: string;
  assets: AssetHrefs;
  /** Every format of the document; the non-HTML ones become the page's alternates. */
  formats: readonly FormatLink[];
  jsonld?: unknown;
}

/** The shell of a document's page: its other formats as alternates, its schema.org JSON-LD, its canonical address. */
export function documentLayout(m: DocumentHead, canonical: string | undefined, body: Html): string {
  const alternates = m.formats.filter((f) => f.mediaType !== 'text/html');
  return layout({ title: m.title, siteName: m.siteName, assets: m.assets, alternates, jsonld: m.jsonld, canonical }, body);
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
<script type="application/ld+json">${scriptJson(opts.jsonld ?? plainWebPage(opts))}</script>
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

/**
 * The structured data of a page that brings none of its own (forms, query results, errors): the page as a WebPage
 * with its title, and its address when the page knows it absolutely.
 */
function plainWebPage(opts: LayoutOptions): Record<string, unknown> {
  const url = opts.canonical && /^https?:\/\//.test(opts.canonical) ? opts.canonical : undefined;
  return {
    '@context': { '@vocab': 'https://schema.org/', url: { '@type': '@id' } },
    '@type': 'WebPage',
    ...(url ? { '@id': url, url } : {}),
    name: `${opts.title} · ${opts.siteName}`,
  };
}
