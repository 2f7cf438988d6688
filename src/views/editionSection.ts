// The at-a-glance part of a forum edition's page: when and where, sessions, who took part in which words, findings.
import { html, Html, link } from './html';
import { EditionView, LangText, SessionView } from './model';
import { term } from './terms';

const said = (t: LangText) => html`<span lang="${t.lang ?? ''}">${t.text}</span>`;

function sessionList(id: string, title: string, items: SessionView[]): Html | string {
  return items.length
    ? html`<h2 id="${id}">${title} <span class="muted">(${items.length})</span></h2>
<ol class="sessions">${items.map(
        (s) => html`<li><strong>${term(s.link)}</strong>${s.kind ? html` <span class="muted">${s.kind}</span>` : ''}
${s.text ? html`<br><q>${said(s.text)}</q>` : ''}
${s.presenters.length ? html`<br><span class="muted">presented by</span> ${s.presenters.map((p, i) => html`${i ? ', ' : ''}${term(p)}`)}` : ''}
${s.topics.length ? html`<br><span class="muted">about</span> ${s.topics.map((t, i) => html`${i ? ', ' : ''}${term(t)}`)}` : ''}</li>`,
      )}</ol>`
    : '';
}

export function editionSection(e: EditionView): Html {
  return html`<section class="glance" aria-label="The forum at a glance">
<dl class="props">
${e.when ? html`<dt>When</dt><dd>${e.when}</dd>` : ''}
${e.place ? html`<dt>Where</dt><dd>${e.place.map((p, i) => html`${i ? ', ' : ''}${term(p)}`)}</dd>` : ''}
${e.series ? html`<dt>Series</dt><dd>${term(e.series)}</dd>` : ''}
<dt>As one document</dt><dd><a href="${e.framedHref}" type="application/ld+json">framed JSON-LD</a> (edition, sessions, involvements, findings)</dd>
</dl>

${sessionList('sessions', 'Sessions', e.sessions)}
${sessionList('presentations', 'Presentations at the forum', e.presentations)}

${
  e.roles.length
    ? html`<h2 id="roles">Who was involved, in the source's words</h2>
<table class="roles"><tbody>${e.roles.map(
        (r) => html`<tr><th scope="row">“${r.phrase}”${r.role ? html`<br><span class="muted">role: ${term(r.role)}</span>` : ''}</th>
<td><ul>${r.agents.map((a) => html`<li>${term(a)}${a.note ? html` <span class="muted">(${a.note})</span>` : ''}</li>`)}</ul></td></tr>`,
      )}</tbody></table>`
    : ''
}

${
  e.groups.length
    ? html`<h2 id="attendance">Attended by</h2>
<ul>${e.groups.map((g) => html`<li>${link(g.link.href, said(g.text))}</li>`)}</ul>`
    : ''
}

${
  e.findings.length
    ? html`<h2 id="findings">Key findings <span class="muted">(${e.findings.length})</span></h2>
<ol class="findings">${e.findings.map(
        (f) => html`<li${f.number ? html` value="${f.number}"` : ''}><blockquote lang="${f.text.lang ?? ''}">${f.text.text}</blockquote>
<p class="muted">${link(f.link.href, 'the finding')}${f.sourceHref ? html` · <a href="${f.sourceHref}">its place in the source</a>` : ''}</p></li>`,
      )}</ol>`
    : ''
}
</section>`;
}
