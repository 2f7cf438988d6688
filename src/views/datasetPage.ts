// The dataset description for people: what it holds, how to get it (dumps, SPARQL), how it is counted.
import { html, link } from './html';
import { documentLayout } from './layout';
import { AssetHrefs, FormatLink } from './model';

interface Counted {
  href: string;
  label: string;
  iri: string;
  /** The compact name (prefix:local), shown beside the words. */
  name?: string;
  count: number;
}

export interface DatasetPageModel {
  siteName: string;
  /** The page's own address. */
  canonical: string;
  assets: AssetHrefs;
  title: string;
  description: string;
  license: { href: string; label: string };
  publisher?: { name: string; href?: string };
  modified?: string;
  /** The span of time the record covers, as words. */
  period?: string;
  counts: Array<[string, number]>;
  uriSpace: string;
  classes: Counted[];
  properties: Counted[];
  graphs: Counted[];
  vocabularies: Array<{ href: string; label: string; iri: string }>;
  examples: Array<{ href: string; label: string; iri: string }>;
  dumps: Array<{ title: string; href: string; mediaType: string; bytes: number; sha256: string }>;
  /** The dumps of this version are still being written. */
  dumpsPending?: boolean;
  sparql: string;
  /** The Triple Pattern Fragments interface. */
  fragments: string;
  formats: FormatLink[];
  jsonld?: unknown;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const num = (n: number) => n.toLocaleString('en');

export function datasetPage(m: DatasetPageModel): string {
  const counted = (title: string, head: string, rows: Counted[]) =>
    rows.length
      ? html`
<h2>${title}</h2>
<table><thead><tr><th>${head}</th><th>count</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${link(r.href, r.label, html` title="${r.iri}"`)}${r.name && r.name !== r.label ? html` <span class="iri">${r.name}</span>` : ''}</td><td class="num">${num(r.count)}</td></tr>`)}
</tbody></table>`
      : '';
  return documentLayout(
    m,
    m.canonical,
    html`
<p class="types"><span>Dataset</span></p>
<h1>${m.title}</h1>
<p>${m.description}</p>
<dl class="props">
<dt>Licence</dt><dd>${link(m.license.href, m.license.label, html` rel="license"`)}</dd>
<dt>Publisher</dt><dd>${m.publisher ? link(m.publisher.href, m.publisher.name) : html`<span class="muted">not configured (set --publisher-name and --publisher-iri)</span>`}</dd>
${m.modified ? html`<dt>Last modified</dt><dd>${m.modified}</dd>` : ''}
${m.period ? html`<dt>Period covered</dt><dd>${m.period}</dd>` : ''}
<dt>URI space</dt><dd><code>${m.uriSpace}</code></dd>
<dt>SPARQL endpoint</dt><dd><a href="${m.sparql}">${m.sparql}</a></dd>
<dt>Triple Pattern Fragments</dt><dd><a href="${m.fragments}">${m.fragments}</a> <span class="muted">(any triple pattern, with exact counts; for clients such as Comunica)</span></dd>
</dl>

<h2>Downloads</h2>
${
  m.dumps.length
    ? html`<p>The whole dataset, rebuilt whenever the data changes. Quad formats keep the named graphs; triple formats hold their union.</p>
<table><thead><tr><th>format</th><th>size</th><th>SHA-256</th></tr></thead><tbody>
${m.dumps.map((d) => html`<tr><td><a href="${d.href}" type="${d.mediaType}" download>${d.title}</a></td><td class="num">${formatBytes(d.bytes)}</td><td><code class="hash">${d.sha256}</code></td></tr>`)}
</tbody></table>`
    : m.dumpsPending
      ? html`<p class="muted">The dumps of this version are being written; they will be listed here in a minute or two.</p>`
      : html`<p class="muted">No dumps are available for this version.</p>`
}

<h2>Size</h2>
<table><tbody>${m.counts.map(([k, v]) => html`<tr><th>${k}</th><td class="num">${num(v)}</td></tr>`)}</tbody></table>

${m.examples.length ? html`<h2>Example resources</h2><ul>${m.examples.map((e) => html`<li>${link(e.href, e.label)}</li>`)}</ul>` : ''}
${counted('Classes', 'class', m.classes)}
${counted('Properties', 'property', m.properties)}
${counted('Named graphs', 'graph', m.graphs)}
${m.vocabularies.length ? html`<h2>Vocabularies used</h2><ul>${m.vocabularies.map((v) => html`<li>${link(v.href, v.label)}${v.label !== v.iri ? html` <span class="iri">${v.iri}</span>` : ''}</li>`)}</ul>` : ''}

<h2>This description in other formats</h2>
<p class="formats">${m.formats.map((f) => html`<a href="${f.href}" type="${f.mediaType}">${f.label}</a>`)}</p>`,
  );
}
