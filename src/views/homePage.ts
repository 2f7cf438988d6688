// The dataset's home page: what the record holds, grouped by kind, each thing linked by name; how to get all of it.
import { html, link } from './html';
import { Alternate, layout } from './layout';
import { AssetHrefs } from './model';
import { readingMark } from './terms';

export interface HomeSection {
  title: string;
  /** `reading`: the thing is listed here only by a curators' reading (its marker). */
  items: Array<{ href: string; label: string; iri: string; reading?: string }>;
}

export interface HomeModel {
  siteName: string;
  /** The home page's own address. */
  canonical: string;
  assets: AssetHrefs;
  title: string;
  description: string;
  triples: number;
  sections: HomeSection[];
  datasetHref: string;
  alternates: Alternate[];
  dumps: Array<{ href: string; label: string; mediaType: string }>;
  jsonld: unknown;
}

export function homePage(m: HomeModel): string {
  return layout(
    { title: m.title, siteName: m.siteName, assets: m.assets, alternates: m.alternates, jsonld: m.jsonld, canonical: m.canonical },
    html`
<h1>${m.title}</h1>
<p>${m.description}</p>
<p>${m.triples.toLocaleString('en')} statements, published as Linked Data. Browse below, query the <a href="/sparql">SPARQL endpoint</a>,
use the <a href="/api">REST API</a> or the <a href="/fragments">Triple Pattern Fragments</a>, read the <a href="/def/forum">ontology</a>, or see the <a href="${m.datasetHref}">dataset description</a>.</p>
${
  m.dumps.length
    ? html`<p>Download everything: ${m.dumps.map((d, i) => html`${i ? ', ' : ''}<a href="${d.href}" type="${d.mediaType}">${d.label}</a>`)}
(each also gzipped; sizes and checksums in the <a href="${m.datasetHref}">dataset description</a>).</p>`
    : ''
}
<div class="cards">
${m.sections.map(
  (s) => html`<section class="card"><h2>${s.title} <span class="muted">(${s.items.length})</span></h2>
<ul>${s.items.map((i) => html`<li>${link(i.href, i.label)}${i.reading ? readingMark(i.reading) : ''}</li>`)}</ul></section>`,
)}
</div>`,
  );
}
