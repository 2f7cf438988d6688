// Turns a resource description into the plain view model its HTML page renders.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { Description } from './describe';
import { AssetHrefs, FormatLink, PropertyView, ResourceModel, TermView } from '../views/model';
import { placeInSource } from './sourceLinks';
import { hrefFor } from '../rdf/iriScheme';
import { termKey, tripleKey } from '../rdf/termKey';
import { Labeller } from './labeller';
import { readingIndex, readingMarker } from './readings';
import { shapeNodes } from './shapeNodes';

export { Labeller } from './labeller';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `${RDF_NS}type`;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const DESCRIPTION_PROPS = [
  'https://schema.org/description',
  'http://purl.org/dc/terms/description',
  'http://www.w3.org/2000/01/rdf-schema#comment',
  'http://www.w3.org/2004/02/skos/core#definition',
];

export interface ModelContext {
  dataset: Dataset;
  prefixes: Record<string, string>;
  siteName: string;
  assets: AssetHrefs;
  formats: FormatLink[];
  jsonld?: unknown;
  /** Names of things the data does not hold, such as the dataset itself. */
  knownLabels?: ReadonlyMap<string, string>;
  /** The address of this page as the sitemap lists it. */
  canonical?: string;
}

/** Each triple once, graphs dropped: a page shows every statement, readings marked, whichever graph holds them. */
export function distinctTriples(quads: readonly RDF.Quad[]): RDF.Quad[] {
  const out = new Map<string, RDF.Quad>();
  for (const q of quads) if (!out.has(tripleKey(q))) out.set(tripleKey(q), DataFactory.quad(q.subject, q.predicate, q.object));
  return [...out.values()];
}

/** Term and property views over some triples, each value of a reading marked with its confidence and basis. */
export function propertyViews(
  ds: Dataset,
  prefixes: Record<string, string>,
  triples: readonly RDF.Quad[],
  labels = new Labeller(ds, prefixes),
) {
  const readings = readingIndex(ds);
  const marker = (q: RDF.Quad) => {
    const rs = readings.of(q);
    return rs ? rs.map(readingMarker).join('; ') : undefined;
  };
  const bySubject = new Map<string, RDF.Quad[]>();
  for (const q of triples) {
    const k = termKey(q.subject);
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k)!.push(q);
  }
  const iriView = (iri: string): TermView => ({ iri, href: hrefFor(iri, ds.baseIri), label: labels.display(iri) });
  const termView = (t: RDF.Term, depth: number): TermView => {
    if (t.termType === 'NamedNode') return iriView(t.value);
    if (t.termType === 'BlankNode') {
      const own = bySubject.get(termKey(t)) ?? [];
      return depth < 4 && own.length ? { label: '', nested: group(own, depth + 1, false) } : { label: 'a node without a name' };
    }
    const lit = t as RDF.Literal;
    const dt = lit.datatype.value;
    const plain = lit.language || dt === XSD_STRING || dt === LANG_STRING;
    return {
      label: lit.value,
      lang: lit.language || undefined,
      datatype: plain ? undefined : labels.datatypeLabel(dt),
      datatypeIri: plain ? undefined : dt,
    };
  };
  /**
   * One row per set of properties that link the same values ("has session / sub event"), so a value the data states
   * under two related properties is shown once; rows sorted by label, values by label.
   */
  const rows = (pairs: Array<[string, RDF.Term, string?]>, depth: number, suffix = ''): PropertyView[] => {
    const byValue = new Map<string, { value: RDF.Term; props: string[]; reading?: string }>();
    for (const [p, v, reading] of pairs) {
      // Blank nodes are shown nested, so each keeps its own row.
      const key = v.termType === 'BlankNode' ? `${p} ${termKey(v)}` : termKey(v);
      const entry = byValue.get(key) ?? { value: v, props: [] };
      if (!entry.props.includes(p)) entry.props.push(p);
      if (reading) entry.reading = entry.reading ? `${entry.reading}; ${reading}` : reading;
      byValue.set(key, entry);
    }
    const byProps = new Map<string, { props: string[]; values: TermView[] }>();
    for (const { value, props, reading } of byValue.values()) {
      const sorted = props.sort((a, b) => labels.propertyLabel(a).localeCompare(labels.propertyLabel(b)));
      const key = sorted.join(' ');
      if (!byProps.has(key)) byProps.set(key, { props: sorted, values: [] });
      // A nested node's type is shown in words, as the page's own types are.
      const typed = sorted.length === 1 && sorted[0] === RDF_TYPE && value.termType === 'NamedNode';
      const view = typed ? { ...iriView(value.value), label: labels.typeLabel(value.value) } : termView(value, depth);
      byProps.get(key)!.values.push(reading ? { ...view, reading } : view);
    }
    const property = (p: string, last: boolean): TermView => ({
      iri: p,
      href: hrefFor(p, ds.baseIri),
      label: `${labels.propertyLabel(p)}${last ? suffix : ''}`,
    });
    return [...byProps.values()]
      .map(({ props, values }) => ({
        property: property(props[0], props.length === 1),
        also: props.length > 1 ? props.slice(1).map((p, i) => property(p, i === props.length - 2)) : undefined,
        values: values.sort((a, b) => a.label.localeCompare(b.label)),
      }))
      .sort((a, b) => a.property.label.localeCompare(b.property.label));
  };
  const group = (quads: readonly RDF.Quad[], depth: number, skipTypes: boolean): PropertyView[] =>
    rows(
      quads.filter((q) => !(skipTypes && q.predicate.value === RDF_TYPE)).map((q) => [q.predicate.value, q.object, marker(q)]),
      depth,
    );
  return { bySubject, iriView, termView, rows, group, marker, labels };
}

export function buildResourceModel(desc: Description, ctx: ModelContext): ResourceModel {
  const { dataset: ds } = ctx;
  const shapes = shapeNodes(ds);
  const topic = desc.topics[0];
  const triples = distinctTriples(desc.quads);
  const { bySubject, iriView, rows, group, marker, labels } = propertyViews(
    ds,
    ctx.prefixes,
    triples,
    new Labeller(ds, ctx.prefixes, ctx.knownLabels),
  );
  const own = bySubject.get(termKey(DataFactory.namedNode(topic))) ?? [];
  const types = own
    .filter((q) => q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode')
    .map((q) => ({ ...iriView(q.object.value), label: labels.typeLabel(q.object.value) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  // Each text once: the verbatim text is the quotation; a description saying the same words is not repeated.
  const verbatim = own.filter((q) => /#verbatimText$/.test(q.predicate.value) && q.object.termType === 'Literal');
  const said = new Set(verbatim.map((q) => q.object.value.trim()));
  const descriptions = own.filter(
    (q) => DESCRIPTION_PROPS.includes(q.predicate.value) && q.object.termType === 'Literal' && !said.has(q.object.value.trim()),
  );
  const description = pickText(descriptions.map((q) => q.object));
  const shown = new Set([
    ...verbatim,
    ...own.filter((q) => DESCRIPTION_PROPS.includes(q.predicate.value) && q.object.termType === 'Literal'),
  ]);
  const otherDescriptions = descriptions.filter((q) => q.object.value !== description);
  // The document's own statements (foaf:primaryTopic …) describe this page, not the thing; shapes are documented
  // on the shapes page; a link already shown from this side is not repeated from the other.
  const outgoingValues = new Set(own.map((q) => termKey(q.object)));
  // A reading's rdf:Statement points at what it reads; the reading is shown, marked, where it applies instead.
  const reified = new Set([`${RDF_NS}subject`, `${RDF_NS}predicate`, `${RDF_NS}object`]);
  const incomingQuads = triples.filter(
    (q) =>
      q.object.termType === 'NamedNode' &&
      q.object.value === topic &&
      q.subject.value !== topic &&
      q.subject.value !== desc.documentIri &&
      !shapes.has(termKey(q.subject)) &&
      !outgoingValues.has(termKey(q.subject)) &&
      !reified.has(q.predicate.value),
  );
  // A thing whose very type is a reading exists only in that reading (a provisional entity): the page says so first.
  const provisional = [
    ...new Set(own.filter((q) => q.predicate.value === RDF_TYPE).flatMap((q) => readingIndex(ds).of(q)?.map(readingMarker) ?? [])),
  ];
  return {
    iri: topic,
    canonical: ctx.canonical,
    title: labels.labelOf(topic) ?? labels.display(topic),
    types,
    description,
    quotes: verbatim.map((q) => ({
      text: q.object.value,
      lang: (q.object as RDF.Literal).language || undefined,
      sourceHref: placeInSource(ds, topic, q.object.value),
    })),
    properties: group(
      own.filter((q) => !shown.has(q)),
      0,
      true,
    ).concat(group(otherDescriptions, 0, true)),
    incoming: rows(
      incomingQuads.map((q) => [q.predicate.value, q.subject, marker(q)]),
      4,
      ' (of)',
    ),
    formats: ctx.formats,
    jsonld: ctx.jsonld,
    ...(provisional.length ? { provisional } : {}),
    siteName: ctx.siteName,
    assets: ctx.assets,
  };
}

function pickText(terms: RDF.Term[]): string | undefined {
  const lits = terms.filter((t): t is RDF.Literal => t.termType === 'Literal');
  return (lits.find((l) => l.language === 'en') ?? lits[0])?.value;
}
