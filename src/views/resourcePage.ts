// The HTML page of one resource: name, types, description, grouped properties, incoming links, formats.
import { html, Html, link } from './html';
import { layout } from './layout';
import { PropertyView, ResourceModel, TermView } from './model';
import { editionSection } from './editionSection';

export function term(t: TermView): Html {
  // The page is English: other languages are marked for screen readers and shown with their tag.
  const lang = t.lang && t.lang !== 'en' ? html`<span class="lang">${t.lang}</span>` : '';
  const langAttr = t.lang ? html` lang="${t.lang}"` : '';
  const dt = t.datatype ? html`<span class="dt">${t.datatype}</span>` : '';
  if (t.nested) return html`<div>${propertyList(t.nested)}</div>`;
  if (t.href) return html`${link(t.href, t.label, html`${langAttr}${t.iri && t.label !== t.iri ? html` title="${t.iri}"` : ''}`)}${lang}${dt}`;
  return html`<span${langAttr}>${t.label}</span>${lang}${dt}`;
}

export function propertyList(props: readonly PropertyView[]): Html {
  return html`<dl class="props">${props.map((p) => html`
<dt>${term(p.property)}</dt><dd>${p.values.length === 1 ? term(p.values[0]) : html`<ul>${p.values.map((v) => html`<li>${term(v)}</li>`)}</ul>`}</dd>`)}
</dl>`;
}

export function resourcePage(m: ResourceModel): string {
  return layout({ title: m.title, siteName: m.siteName, alternates: m.formats.filter((f) => f.mediaType !== 'text/html'), jsonld: m.jsonld, canonical: m.iri }, html`
<article>
<p class="types">${m.types.map((t) => html`<span>${term(t)}</span>`)}</p>
<h1>${m.title}</h1>
<p class="iri">${m.iri}</p>
${m.description ? html`<p>${m.description}</p>` : ''}
${m.quotes.map((q) => html`<blockquote lang="${q.lang ?? ''}">${q.text}${q.sourceHref ? html` <a href="${q.sourceHref}" lang="en">(in the source)</a>` : ''}</blockquote>`)}
${m.edition ? editionSection(m.edition) : ''}
<h2>Properties</h2>
${propertyList(m.properties)}
${m.incoming.length ? html`<h2>Referenced by</h2>${propertyList(m.incoming)}` : ''}
<h2>Formats</h2>
<p class="formats">${m.formats.map((f) => html`<a href="${f.href}" type="${f.mediaType}">${f.label}</a>`)}
${(m.related ?? []).map((f) => html`<a href="${f.href}" type="${f.mediaType}">${f.label}</a>`)}</p>
</article>`);
}
