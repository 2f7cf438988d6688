// A shipped source text as a page: every line numbered and addressable (#L12), the text itself unchanged.
import { html } from './html';
import { layout } from './layout';
import { AssetHrefs } from './model';

export interface SourcePageModel {
  siteName: string;
  assets: AssetHrefs;
  name: string;
  lines: string[];
  describedBy: string;
  textHref: string;
  /** The page's own address. */
  canonical: string;
  /** schema.org JSON-LD for the page (the source document). */
  jsonld?: unknown;
}

export function sourcePage(m: SourcePageModel): string {
  return layout(
    {
      title: `Source: ${m.name}`,
      siteName: m.siteName,
      assets: m.assets,
      canonical: m.canonical,
      alternates: [{ href: m.textHref, mediaType: 'text/plain', label: 'Plain text' }],
      jsonld: m.jsonld,
    },
    html`
<h1>Source text <code>${m.name}</code></h1>
<p>The text exactly as stored with the data. Findings and statements link to their line here.
<a href="${m.describedBy}">What is known about this source</a> · <a href="${m.textHref}" type="text/plain">plain text</a></p>
<pre class="source">${m.lines.map(
      (l, i) => html`<span class="line" id="L${i + 1}" data-n="${i + 1}">${l}
</span>`,
    )}</pre>`,
  );
}
