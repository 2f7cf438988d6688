// Auto-escaping HTML templates: interpolated values are escaped unless they are already Html; link targets are checked here.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** The schemes a page may link to; any other (javascript:, data:, vbscript:, file: …) is shown as text, never followed. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * The one decision on link targets: `href` when a browser may follow it (a relative reference, or an http, https or
 * mailto IRI), else undefined. The data can hold any IRI (`BIND(IRI("javascript:alert(1)") AS ?x)`), and pages show
 * IRIs from the data as links, so every link target passes here: through link() and term(), and through html`` below.
 */
export function safeHref(href: string): string | undefined {
  // As a browser's URL parser does: leading controls and spaces, and tabs and newlines anywhere, do not count.
  const seen = href.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+/, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(seen)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase()) ? href : undefined;
}

/** What an unsafe target becomes if one reaches an attribute directly: a URL that goes nowhere (Closure's convention). */
export const INERT_HREF = 'about:invalid#unsafe-scheme';

/** The content as a link when its target is safe, otherwise as text: a span with the same attributes. */
export function link(href: string | undefined, content: Value, attrs: Value = ''): Html {
  const target = href === undefined ? undefined : safeHref(href);
  if (target === undefined) return html`<span${attrs}>${content}</span>`;
  return html`<a href="${target}"${attrs}>${content}</a>`;
}

/** An interpolation that starts a URL attribute's value: `href="${…}"`. */
const URL_ATTRIBUTE = /\s(?:href|src|action|formaction|cite|poster)\s*=\s*["']?$/i;

/** Tagged template: html`<p>${userText}</p>` escapes userText; an unsafe scheme starting a URL attribute is made inert. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    // The safety net behind link(): a view that writes href="${iri}" itself still cannot emit a javascript: link.
    // The output so far, not the literal before the value: in href="${a}${b}" an empty a leaves b at the start.
    if (URL_ATTRIBUTE.test(out.slice(-24)) && (typeof v === 'string' || v instanceof Html)) {
      const text = typeof v === 'string' ? v : v.value;
      if (safeHref(text) === undefined) v = INERT_HREF;
    }
    out += render(v) + strings[i + 1];
  }
  return new Html(out);
}

/** Marks trusted markup (e.g. JSON-LD already escaped for <script>) as Html. */
export function raw(s: string): Html {
  return new Html(s);
}

/** JSON safe to embed inside <script type="application/ld+json">. */
export function scriptJson(value: unknown): Html {
  return new Html(JSON.stringify(value, null, 2).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
}
