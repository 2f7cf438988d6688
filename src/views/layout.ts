// The page shell shared by every HTML view: head (alternates, JSON-LD), navigation, footer.
import { html, Html, scriptJson } from './html';

export interface Alternate { href: string; mediaType: string; label: string }

export interface LayoutOptions {
  title: string;
  siteName: string;
  alternates?: readonly Alternate[];
  jsonld?: unknown;
  head?: Html;
  canonical?: string;
}

const STYLE = `
:root{--fg:#1d2330;--muted:#5b6475;--accent:#1f5fae;--bg:#fbfbfd;--line:#e3e6ee}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.site,footer.site{background:#fff;border-bottom:1px solid var(--line);padding:.6rem 1.2rem}
footer.site{border-top:1px solid var(--line);border-bottom:0;color:var(--muted);font-size:.9rem;margin-top:3rem}
header.site nav a{margin-right:1.1rem}header.site .brand{font-weight:600;color:var(--fg)}
main{max-width:64rem;margin:0 auto;padding:1.2rem}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:1.7rem;line-height:1.25;margin:.6rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.iri{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--muted);word-break:break-all}
.types span{display:inline-block;background:#eef2fa;border-radius:3px;padding:0 .4rem;margin:0 .3rem .3rem 0;font-size:.85rem}
dl.props{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.35rem 1rem}dl.props dt{color:var(--muted)}dl.props dd{margin:0}
dl.props dd ul{margin:0;padding-left:1.1rem}
.lang{font-size:.75rem;color:var(--muted);margin-left:.3rem}.dt{font-size:.75rem;color:var(--muted);margin-left:.3rem}
blockquote{margin:.5rem 0;padding:.4rem .9rem;border-left:3px solid var(--accent);background:#fff}
.formats a{margin-right:.8rem}table{border-collapse:collapse}td,th{border-bottom:1px solid var(--line);padding:.25rem .6rem;text-align:left;vertical-align:top}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.8rem}.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem}
.muted{color:var(--muted)}
.num{text-align:right;font-variant-numeric:tabular-nums}code.hash{font-size:.75rem;word-break:break-all}
.glance ol{padding-left:1.4rem}.glance li{margin:.35rem 0}table.roles th{width:16rem;font-weight:600}table.roles ul{margin:0;padding-left:1.1rem}
ol.findings blockquote{margin:.2rem 0}ol.findings p{margin:.1rem 0 .6rem}
pre.source{white-space:pre-wrap;background:#fff;border:1px solid var(--line);padding:.6rem 0;font-size:.9rem}
pre.source .line{display:block;padding-left:3.6rem;text-indent:-2.8rem}pre.source .line::before{content:attr(data-n);display:inline-block;width:2.2rem;margin-right:.6rem;text-align:right;color:var(--muted)}
pre.source .line:target{background:#fff6c8}
`;

export function layout(opts: LayoutOptions, body: Html): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${opts.siteName}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${opts.canonical ? html`<link rel="canonical" href="${opts.canonical}">` : ''}
${(opts.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.mediaType}" href="${a.href}" title="${a.label}">\n`)}
<style>${new Html(STYLE)}</style>
${opts.jsonld ? html`<script type="application/ld+json">${scriptJson(opts.jsonld)}</script>` : ''}
${opts.head ?? ''}
</head>
<body>
<header class="site"><nav><a class="brand" href="/">${opts.siteName}</a><a href="/sparql">SPARQL</a><a href="/api">API</a><a href="/fragments">Fragments</a><a href="/def/forum">Ontology</a><a href="/.well-known/void">Dataset description</a></nav></header>
<main>
${body}
</main>
<footer class="site">Published with forum-ld. Every page is also available as RDF: see the formats listed on it.</footer>
</body>
</html>
`;
  return page.value;
}
