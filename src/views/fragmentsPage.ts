// A Triple Pattern Fragment for people: the form that selects any fragment, the count, the page's triples, page links.
import { html, Html, link } from './html';
import { layout } from './layout';
import { SiteChrome, TermView } from './model';
import { term } from './terms';

/** One term of a matching triple: its text, the fragment it leads to, and (for IRIs that have one) its own page. */
export interface FragmentTermView extends TermView {
  /** Its own document, for IRIs with a page (http(s) or this dataset's). */
  page?: string;
}

export interface FragmentsPageModel extends SiteChrome {
  datasetTitle: string;
  /** The selector as a pattern, e.g. `{ ?s <…name> ?o . }`. */
  pattern: string;
  /** The form's values as the request gave them. */
  form: { subject: string; predicate: string; object: string; graph?: string };
  /** Whether the fragment selects quads (a graph or a graph variable) rather than default-graph triples. */
  quads: boolean;
  /** The default graph is the union of all graphs (else the unnamed graph only). */
  union: boolean;
  /** Named graphs to offer in the form. */
  graphs: string[];
  defaultGraphIri: string;
  total: number;
  page: number;
  pageSize: number;
  links: { first: string; previous?: string; next?: string };
  /** With graph names when the fragment selects quads. */
  rows: Array<{ subject: FragmentTermView; predicate: FragmentTermView; object: FragmentTermView; graph?: FragmentTermView }>;
  /** Why nothing can match, when the selector says something impossible (a literal subject). */
  impossible?: string;
  template: string;
  description: string;
  sparql: string;
  /** The Triple Pattern Fragments specification. */
  spec: string;
}

const num = (n: number) => n.toLocaleString('en');

function cell(t: FragmentTermView): Html {
  return html`${term(t)}${t.page ? html` ${link(t.page, '↗', html` class="muted" title="the page of ${t.iri ?? t.label}"`)}` : ''}`;
}

export function fragmentsPage(m: FragmentsPageModel): string {
  const from = m.total === 0 ? 0 : (m.page - 1) * m.pageSize + 1;
  const to = Math.min(m.total, m.page * m.pageSize);
  const quads = m.quads;
  const field = (name: 'subject' | 'predicate' | 'object', hint: string) => html`<tr><th><label for="${name}">${name}</label></th>
<td><input id="${name}" name="${name}" value="${m.form[name]}" placeholder="${hint}" size="70"></td></tr>`;
  return layout(
    { title: `Fragment ${m.pattern}`, siteName: m.siteName, assets: m.assets },
    html`
<p class="types"><span>Triple Pattern Fragment</span></p>
<h1>${m.datasetTitle}: <code>${m.pattern}</code></h1>
<form method="get" action="/fragments">
<table>
${field('subject', 'an IRI, or empty for any')}
${field('predicate', 'an IRI, or a prefixed name such as schema:name')}
${field('object', 'an IRI, or a literal: "text"@en, "42"^^xsd:integer')}
<tr><th><label for="graph">graph</label></th><td><input id="graph" name="graph" value="${m.form.graph ?? m.defaultGraphIri}" list="graphs" size="70"
 placeholder="empty: any graph (each quad in its graph)">
<datalist id="graphs"><option value="${m.defaultGraphIri}">the default graph${m.union ? ': all graphs, each triple once' : ''}</option>${m.graphs.map((g) => html`<option value="${g}">`)}</datalist></td></tr>
</table>
<p><button type="submit">Find matching ${quads ? 'quads' : 'triples'}</button></p>
</form>
${m.impossible ? html`<p class="muted">No triple can match: ${m.impossible}.</p>` : ''}
<p><strong>${num(m.total)}</strong> ${quads ? 'quads' : 'triples'} match${m.total === 1 ? 'es' : ''}${m.total ? html`; these are ${num(from)} to ${num(to)}` : ''}.</p>
<p class="formats"><a href="${m.links.first}" rel="first">first page</a>${m.links.previous ? html`<a href="${m.links.previous}" rel="prev">previous page</a>` : ''}${m.links.next ? html`<a href="${m.links.next}" rel="next">next page</a>` : ''}</p>
${
  m.rows.length
    ? html`<table>
<thead><tr><th>subject</th><th>predicate</th><th>object</th>${quads ? html`<th>graph</th>` : ''}</tr></thead><tbody>
${m.rows.map((r) => html`<tr><td>${cell(r.subject)}</td><td>${cell(r.predicate)}</td><td>${cell(r.object)}</td>${quads ? html`<td>${r.graph ? cell(r.graph) : html`<span class="muted">default</span>`}</td>` : ''}</tr>\n`)}
</tbody></table>`
    : ''
}
<h2>About this interface</h2>
<p>Each page holds at most ${num(m.pageSize)} matches and says how many there are in all. Links in the table lead to
the fragment with that term as subject (or predicate); ↗ leads to the term's own page. Machines get the same fragment as Turtle,
TriG, N-Quads, N-Triples or JSON-LD by content negotiation (<code>Accept</code>), with the form as a
<code>hydra:search</code> template: <code>${m.template}</code>. Without a graph, a fragment is of the default graph, which here is
${m.union ? 'the union of all graphs, each triple once' : 'the graph of the statements in no named graph'}, as for the <a href="${m.sparql}">SPARQL endpoint</a>. See the
<a href="${m.description}">dataset description</a> and the <a href="${m.spec}">Triple Pattern Fragments specification</a>.</p>`,
  );
}
