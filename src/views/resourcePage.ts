// The HTML page of one resource: name, types, description, grouped properties, incoming links, formats.
import { html } from './html';
import { documentLayout } from './layout';
import { ResourceModel } from './model';
import { editionSection } from './editionSection';
import { propertyList, term } from './terms';

export function resourcePage(m: ResourceModel): string {
  return documentLayout(
    m,
    m.canonical,
    html`
<article>
<p class="types" aria-label="Kind">${m.types.map((t) => html`<span>${term(t)}</span>`)}</p>
<h1>${m.title}</h1>
<p class="iri">${m.iri}</p>
${(m.provisional ?? []).map((r) => html`<p class="reading">A provisional entity of a reading, not named as such by the source (${r}).</p>`)}
${m.description ? html`<p>${m.description}</p>` : ''}
${m.quotes.map((q) => html`<blockquote lang="${q.lang ?? ''}">${q.text}${q.sourceHref ? html` <a href="${q.sourceHref}" lang="en">(in the source)</a>` : ''}</blockquote>`)}
${m.edition ? editionSection(m.edition) : ''}
<h2>Properties</h2>
${propertyList(m.properties)}
${m.incoming.length ? html`<h2>Referenced by</h2>${propertyList(m.incoming)}` : ''}
<h2>Formats</h2>
<p class="formats">${m.formats.map((f) => html`<a href="${f.href}" type="${f.mediaType}">${f.label}</a>`)}
${(m.related ?? []).map((f) => html`<a href="${f.href}" type="${f.mediaType}">${f.label}</a>`)}</p>
</article>`,
  );
}
