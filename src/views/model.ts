// Plain data the HTML views render: built by the HTTP layer from the store, so views never query.

export interface TermView {
  /** Link target (a local page path or an external IRI); absent for literals and blank nodes. */
  href?: string;
  iri?: string;
  label: string;
  lang?: string;
  /** Short datatype name for typed literals other than xsd:string. */
  datatype?: string;
  /** A blank node's own properties, shown nested. */
  nested?: PropertyView[];
}

export interface PropertyView {
  property: TermView;
  values: TermView[];
}

export interface FormatLink { href: string; mediaType: string; label: string }

export interface ResourceModel {
  iri: string;
  title: string;
  types: TermView[];
  description?: string;
  /** Long verbatim texts (findings, claims, quoted descriptions) shown as quotations. */
  quotes: Array<{ text: string; lang?: string; sourceHref?: string }>;
  properties: PropertyView[];
  incoming: PropertyView[];
  formats: FormatLink[];
  jsonld?: unknown;
  siteName: string;
}
