// Turns a resource description into the plain view model its HTML page renders.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { Description, LABEL_PROPERTIES } from './describe';
import { compactIri } from '../rdf/prefixes';
import { AssetHrefs, FormatLink, PropertyView, ResourceModel, TermView } from '../views/model';
import { placeInSource } from './sourceLinks';
import { hrefFor } from '../rdf/iriScheme';
import { termKey, tripleKey } from '../rdf/termKey';
import { readingIndex, readingMarker } from './readings';

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
}

/** Labels, preferring English, then untagged, then any. */
export class Labeller {
  private readonly cache = new Map<string, string | undefined>();
  constructor(
    private readonly ds: Dataset,
    private readonly prefixes: Record<string, string>,
  ) {}

  labelOf(iri: string): string | undefined {
    if (this.cache.has(iri)) return this.cache.get(iri);
    const node = DataFactory.namedNode(iri);
    let best: string | undefined;
    for (const p of LABEL_PROPERTIES) {
      const lits = this.ds
        .match(node, DataFactory.namedNode(p), null, null)
        .map((q) => q.object)
        .filter((o): o is RDF.Literal => o.termType === 'Literal');
      const pick = lits.find((l) => l.language === 'en') ?? lits.find((l) => !l.language) ?? lits[0];
      if (pick) {
        best = pick.value;
        break;
      }
    }
    this.cache.set(iri, best);
    return best;
  }

  /** A readable name for any IRI: its label, else a name made from what it says, else prefix:local, else the IRI. */
  display(iri: string): string {
    return this.labelOf(iri) ?? this.describedAs(iri) ?? compactIri(iri, this.prefixes) ?? iri;
  }

  /**
   * For nodes the data gives no name: the start of their verbatim text (participant groups, claims), the quoted
   * span (mentions), or the role phrase and agent (involvements).
   */
  private describedAs(iri: string): string | undefined {
    const node = DataFactory.namedNode(iri);
    const one = (s: RDF.Term, p: string) => this.ds.match(s, DataFactory.namedNode(p), null, null)[0]?.object;
    const rf = `${this.ds.baseIri}def/forum#`;
    const verbatim = one(node, `${rf}verbatimText`);
    if (verbatim?.termType === 'Literal') return shorten(verbatim.value);
    const selector = one(node, 'http://www.w3.org/ns/oa#hasSelector');
    const exact = selector && one(selector, 'http://www.w3.org/ns/oa#exact');
    if (exact?.termType === 'Literal') return `“${shorten(exact.value)}”`;
    const phrase = one(node, `${rf}sourcePhrase`);
    const agent = one(node, 'http://www.w3.org/ns/prov#agent') ?? one(node, `${rf}agentMention`);
    if (phrase?.termType === 'Literal' && agent?.termType === 'NamedNode') return `${phrase.value} ${this.display(agent.value)}`;
    return undefined;
  }

  /** A property's label, else its local name split into words ("startDate" → "start date"). */
  propertyLabel(iri: string): string {
    const l = this.labelOf(iri);
    if (l) return l;
    if (iri === RDF_TYPE) return 'type';
    const local = /[#/]([^#/]+)$/.exec(iri)?.[1] ?? iri;
    return local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  }
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
  const bySubject = new Map<string, RDF.Quad[]>();
  for (const q of triples) {
    const k = termKey(q.subject);
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k)!.push(q);
  }
  const marker = (q: RDF.Quad) => {
    const rs = readings.of(q);
    return rs ? rs.map(readingMarker).join('; ') : undefined;
  };
  const termView = (t: RDF.Term, depth: number): TermView => {
    if (t.termType === 'NamedNode') return { iri: t.value, href: hrefFor(t.value, ds.baseIri), label: labels.display(t.value) };
    if (t.termType === 'BlankNode') {
      const own = bySubject.get(termKey(t)) ?? [];
      return depth < 4 && own.length ? { label: '', nested: group(own, depth + 1, false) } : { label: '(anonymous node)' };
    }
    const lit = t as RDF.Literal;
    const dt = lit.datatype.value;
    return {
      label: lit.value,
      lang: lit.language || undefined,
      datatype: lit.language || dt === XSD_STRING || dt === LANG_STRING ? undefined : (compactIri(dt, prefixes) ?? dt),
    };
  };
  const group = (quads: readonly RDF.Quad[], depth: number, skipShown: boolean): PropertyView[] => {
    const map = new Map<string, TermView[]>();
    for (const q of quads) {
      if (skipShown && q.predicate.value === RDF_TYPE) continue;
      if (!map.has(q.predicate.value)) map.set(q.predicate.value, []);
      const reading = marker(q);
      map.get(q.predicate.value)!.push(reading ? { ...termView(q.object, depth), reading } : termView(q.object, depth));
    }
    return [...map.entries()]
      .map(([p, values]) => ({
        property: { iri: p, href: hrefFor(p, ds.baseIri), label: labels.propertyLabel(p) },
        values: values.sort((a, b) => a.label.localeCompare(b.label)),
      }))
      .sort((a, b) => a.property.label.localeCompare(b.property.label));
  };
  return { bySubject, termView, group, marker, labels };
}

export function buildResourceModel(desc: Description, ctx: ModelContext): ResourceModel {
  const { dataset: ds } = ctx;
  const topic = desc.topics[0];
  const triples = distinctTriples(desc.quads);
  const { bySubject, termView, group, marker, labels } = propertyViews(ds, ctx.prefixes, triples);

  const own = bySubject.get(termKey(DataFactory.namedNode(topic))) ?? [];
  const types = own.filter((q) => q.predicate.value === RDF_TYPE).map((q) => termView(q.object, 0));
  const description = pickText(own.filter((q) => DESCRIPTION_PROPS.includes(q.predicate.value)).map((q) => q.object));
  const verbatim = own.filter((q) => /#verbatimText$/.test(q.predicate.value) && q.object.termType === 'Literal');
  // The document's own statements (foaf:primaryTopic …) describe this page, not the thing.
  // A reading's rdf:Statement points at what it reads; the reading is shown, marked, where it applies instead.
  const reified = new Set([`${RDF_NS}subject`, `${RDF_NS}predicate`, `${RDF_NS}object`]);
  const incomingQuads = triples.filter(
    (q) =>
      q.object.termType === 'NamedNode' &&
      q.object.value === topic &&
      q.subject.value !== topic &&
      q.subject.value !== desc.documentIri &&
      !reified.has(q.predicate.value),
  );
  const incomingMap = new Map<string, TermView[]>();
  for (const q of incomingQuads) {
    if (!incomingMap.has(q.predicate.value)) incomingMap.set(q.predicate.value, []);
    const reading = marker(q);
    incomingMap.get(q.predicate.value)!.push(reading ? { ...termView(q.subject, 4), reading } : termView(q.subject, 4));
  }
  // A thing whose very type is a reading exists only in that reading (a provisional entity): the page says so first.
  const provisional = [
    ...new Set(own.filter((q) => q.predicate.value === RDF_TYPE).flatMap((q) => readingIndex(ds).of(q)?.map(readingMarker) ?? [])),
  ];
  const incoming = [...incomingMap.entries()].map(([p, values]) => ({
    property: { iri: p, href: hrefFor(p, ds.baseIri), label: `${labels.propertyLabel(p)} (of)` },
    values,
  }));
  return {
    iri: topic,
    title: labels.labelOf(topic) ?? compactIri(topic, ctx.prefixes) ?? topic,
    types,
    description,
    quotes: verbatim.map((q) => ({
      text: q.object.value,
      lang: (q.object as RDF.Literal).language || undefined,
      sourceHref: placeInSource(ds, topic, q.object.value),
    })),
    // The verbatim text is already shown as the page's quotation.
    properties: group(
      own.filter((q) => (!DESCRIPTION_PROPS.includes(q.predicate.value) || q.object.termType !== 'Literal') && !verbatim.includes(q)),
      0,
      true,
    ).concat(
      group(
        own.filter((q) => DESCRIPTION_PROPS.includes(q.predicate.value) && q.object.termType === 'Literal'),
        0,
        true,
      ),
    ),
    incoming,
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

function shorten(s: string, max = 90): string {
  return s.length <= max ? s : `${s.slice(0, s.lastIndexOf(' ', max - 1) > 40 ? s.lastIndexOf(' ', max - 1) : max - 1)}…`;
}
