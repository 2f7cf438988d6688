// The HTML page of a named graph or nanopublication: what it holds, graph by graph.
import { html } from './html';
import { documentLayout } from './layout';
import { GraphPageModel } from './model';
import { propertyList, term } from './terms';

export function graphPage(m: GraphPageModel): string {
  return documentLayout(
    m,
    m.iri,
    html`
<article>
<h1>${m.title}</h1>
<p class="iri">${m.iri}</p>
${m.description ? html`<p>${m.description}</p>` : ''}
${m.graphs.map(
  (g) => html`<section>
<h2>${term(g.graph)}</h2>
${g.description ? html`<p>${g.description}</p>` : ''}
${g.subjects.map((s) => html`<h3>${term(s.subject)}</h3>${propertyList(s.properties)}`)}
</section>`,
)}
<h2>Formats</h2>
<p class="formats">${m.formats.map((f) => html`<a href="${f.href}" type="${f.mediaType}">${f.label}</a>`)}</p>
</article>`,
  );
}
