// Plain data the HTML views render: built by the HTTP layer from the store, so views never query.

export interface TermView {
  /** Link target (a local page path or an external IRI); absent for literals and blank nodes. */
  href?: string;
  iri?: string;
  label: string;
  lang?: string;
  /** The datatype in words, for typed literals other than xsd:string ("date", "year"). */
  datatype?: string;
  /** The datatype's IRI, shown to those who hover over its name. */
  datatypeIri?: string;
  /** A blank node's own properties, shown nested. */
  nested?: PropertyView[];
  /** Set when the statement showing this value is a curators' reading, not the source's word: "reading, probable: basis …". */
  reading?: string;
}

export interface PropertyView {
  property: TermView;
  /** Other properties stating exactly the same values ("sub event" next to "has session"): one row, not two. */
  also?: TermView[];
  values: TermView[];
}

export interface FormatLink {
  href: string;
  mediaType: string;
  label: string;
}

/**
 * URL paths of the site's static files (public/), by file name: `{ 'style.css': '/assets/style.3f2a9c1e.css' }`.
 * The HTTP layer names them by content hash; views read no files, so every page model carries them.
 */
export type AssetHrefs = Readonly<Record<string, string>>;

/** What every page shows around its content: the site's name and its static files. */
export interface SiteChrome {
  siteName: string;
  assets: AssetHrefs;
}

/** The path of public/`name`; a missing file is a programming error, not an empty href. */
export function assetHref(assets: AssetHrefs, name: string): string {
  const href = assets[name];
  if (href === undefined) throw new Error(`no asset named ${name}`);
  return href;
}

export interface ResourceModel {
  iri: string;
  /** The address of the page itself (the document, not the thing), for rel="canonical". */
  canonical?: string;
  title: string;
  types: TermView[];
  description?: string;
  /** Long verbatim texts (findings, claims, quoted descriptions) shown as quotations. */
  quotes: Array<{ text: string; lang?: string; sourceHref?: string }>;
  /** Other views of the thing, such as the framed JSON-LD of an edition. */
  related?: FormatLink[];
  properties: PropertyView[];
  incoming: PropertyView[];
  formats: FormatLink[];
  jsonld?: unknown;
  siteName: string;
  assets: AssetHrefs;
  /** Present on a forum edition's page. */
  edition?: EditionView;
  /** Set when the thing itself exists only in a reading (a provisional entity): that reading's marker(s). */
  provisional?: string[];
}

/** The page of a named graph or nanopublication: its contents, graph by graph, subject by subject. */
export interface GraphPageModel {
  iri: string;
  title: string;
  description?: string;
  graphs: Array<{ graph: TermView; description?: string; subjects: Array<{ subject: TermView; properties: PropertyView[] }> }>;
  formats: FormatLink[];
  jsonld?: unknown;
  siteName: string;
  assets: AssetHrefs;
}

/** A text in its language, as the data states it. */
export interface LangText {
  text: string;
  lang?: string;
}

export interface SessionView {
  link: TermView;
  kind?: string;
  text?: LangText;
  topics: TermView[];
  presenters: TermView[];
}

/** The at-a-glance record of a forum edition: when and where, its sessions, who was involved in which words, its findings. */
export interface EditionView {
  when?: string;
  place?: TermView[];
  series?: TermView;
  framedHref: string;
  /** The parts the edition consisted of (plenary, round tables), as the source counts them. */
  sessions: SessionView[];
  /** Presentations given at the edition, which the source does not count among its sessions. */
  presentations: SessionView[];
  /** One row per exact role phrase of the source, in the order the source uses them. */
  roles: Array<{ phrase: string; role?: TermView; agents: Array<TermView & { note?: string }> }>;
  groups: Array<{ link: TermView; text: LangText }>;
  findings: Array<{ link: TermView; number?: string; text: LangText; sourceHref?: string }>;
}
