// Links from a statement to its place in the shipped source text: a line anchor plus a text fragment.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';

const { namedNode } = DataFactory;
const OA = 'http://www.w3.org/ns/oa#';

export interface QuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** The source name (`third-regional-forum-2019`) of a local source IRI, when its text is shipped with the data. */
export function sourceName(ds: Dataset, iri: string): string | undefined {
  const name = /\/id\/source\/([^/#?]+)$/.exec(iri)?.[1];
  return name && iri.startsWith(ds.baseIri) && ds.info.sources.has(name) ? name : undefined;
}

/** Where in `text` the selector points (prefix and suffix disambiguate repeated passages), or -1. */
export function locate(text: string, sel: QuoteSelector): number {
  const candidates: number[] = [];
  for (let i = text.indexOf(sel.exact); i >= 0 && candidates.length < 1000; i = text.indexOf(sel.exact, i + 1)) candidates.push(i);
  const fits = (i: number) =>
    (!sel.prefix || text.slice(0, i).endsWith(sel.prefix)) && (!sel.suffix || text.slice(i + sel.exact.length).startsWith(sel.suffix));
  return candidates.find(fits) ?? candidates[0] ?? -1;
}

/** A URL text fragment (`:~:text=start,end`) for a passage: its first and last few words, encoded as the spec asks. */
export function textFragment(exact: string, words = 5): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D').replace(/,/g, '%2C');
  const all = exact.trim().split(/\s+/);
  if (all.length <= words * 2) return `:~:text=${enc(all.join(' '))}`;
  return `:~:text=${enc(all.slice(0, words).join(' '))},${enc(all.slice(-words).join(' '))}`;
}

/** `/source/<name>#L<line>:~:text=…` for a passage of a shipped source, or undefined when it cannot be found. */
export function sourceHref(ds: Dataset, sourceIri: string, sel: QuoteSelector): string | undefined {
  const name = sourceName(ds, sourceIri);
  if (!name) return undefined;
  const text = ds.info.sources.get(name)!;
  const at = locate(text, sel);
  if (at < 0) return `/source/${name}#${textFragment(sel.exact)}`;
  const line = text.slice(0, at).split('\n').length;
  return `/source/${name}#L${line}${textFragment(sel.exact)}`;
}

/** The quote selector and source of a text anchor (an oa:SpecificResource), if it has them. */
export function anchorSelector(ds: Dataset, anchor: RDF.Term): { source: string; selector: QuoteSelector } | undefined {
  const source = ds.match(anchor, namedNode(`${OA}hasSource`), null, null)[0]?.object;
  if (source?.termType !== 'NamedNode') return undefined;
  for (const s of ds.match(anchor, namedNode(`${OA}hasSelector`), null, null)) {
    const value = (p: string) => ds.match(s.object, namedNode(`${OA}${p}`), null, null)[0]?.object.value;
    const exact = value('exact');
    if (exact !== undefined) return { source: source.value, selector: { exact, prefix: value('prefix'), suffix: value('suffix') } };
  }
  return undefined;
}

/**
 * The link to where a resource was read: through its text anchor when it has one, else by finding its verbatim
 * text in the source it cites.
 */
export function placeInSource(ds: Dataset, iri: string, verbatim: string | undefined): string | undefined {
  const node = namedNode(iri);
  const rf = `${ds.baseIri}def/forum#`;
  for (const a of ds.match(node, namedNode(`${rf}textAnchor`), null, null)) {
    const found = anchorSelector(ds, a.object);
    if (found) return sourceHref(ds, found.source, found.selector);
  }
  const found = anchorSelector(ds, node);
  if (found) return sourceHref(ds, found.source, found.selector);
  if (verbatim === undefined) return undefined;
  // A claim cites no source itself: the finding it belongs to does.
  const holders = [node, ...ds.match(null, namedNode(`${rf}hasClaim`), node, null).map((q) => q.subject)];
  for (const h of holders) {
    for (const p of ['http://purl.org/dc/terms/source', 'http://www.w3.org/ns/prov#wasDerivedFrom']) {
      for (const q of ds.match(h, namedNode(p), null, null)) {
        if (q.object.termType === 'NamedNode' && sourceName(ds, q.object.value)) return sourceHref(ds, q.object.value, { exact: verbatim });
      }
    }
  }
  return undefined;
}
