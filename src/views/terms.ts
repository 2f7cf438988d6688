// A term as a reader sees it (link, label, language, datatype), and a list of properties with their values.
import { html, Html, link } from './html';
import { PropertyView, TermView } from './model';

/** The visible mark of a curators' reading next to the value it gives. */
export function readingMark(text: string): Html {
  return html` <span class="reading">(${text})</span>`;
}

export function term(t: TermView): Html {
  return t.reading ? html`${plainTerm(t)}${readingMark(t.reading)}` : plainTerm(t);
}

function plainTerm(t: TermView): Html {
  // The page is English: other languages are marked for screen readers and shown with their tag.
  const lang = t.lang && t.lang !== 'en' ? html`<span class="lang">${t.lang}</span>` : '';
  const langAttr = t.lang ? html` lang="${t.lang}"` : '';
  const dt = t.datatype ? html`<span class="dt"${t.datatypeIri ? html` title="${t.datatypeIri}"` : ''}>${t.datatype}</span>` : '';
  if (t.nested) return html`<div>${propertyList(t.nested)}</div>`;
  // link(): an IRI the data holds may have any scheme; only safe ones become links, the others are shown as text.
  if (t.href)
    return html`${link(t.href, t.label, html`${langAttr}${t.iri && t.label !== t.iri ? html` title="${t.iri}"` : ''}`)}${lang}${dt}`;
  return html`<span${langAttr}>${t.label}</span>${lang}${dt}`;
}

export function propertyList(props: readonly PropertyView[]): Html {
  return html`<dl class="props">${props.map(
    (p) => html`
<dt>${term(p.property)}${(p.also ?? []).map((a) => html` / ${term(a)}`)}</dt><dd>${p.values.length === 1 ? term(p.values[0]) : html`<ul>${p.values.map((v) => html`<li>${term(v)}</li>`)}</ul>`}</dd>`,
  )}
</dl>`;
}
