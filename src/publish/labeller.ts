// Names for people: every IRI, type and datatype a page shows gets words, never a raw IRI of this dataset.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { LABEL_PROPERTIES } from './describe';
import { compactIri } from '../rdf/prefixes';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OA = 'http://www.w3.org/ns/oa#';
const NP = 'http://www.nanopub.org/nschema#';
const SCHEMA = 'https://schema.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** XSD datatypes in the words a reader uses; others are their local name split into words. */
const DATATYPE_WORDS: Record<string, string> = {
  date: 'date',
  dateTime: 'date and time',
  gYear: 'year',
  gYearMonth: 'year and month',
  anyURI: 'web address',
  boolean: 'yes or no',
  integer: 'whole number',
  positiveInteger: 'whole number',
  nonNegativeInteger: 'whole number',
  decimal: 'number',
  double: 'number',
};

/** External datasets whose item IRIs a page may show, by namespace. */
const EXTERNAL_DATASETS: Array<[string, string]> = [
  ['http://www.wikidata.org/entity/', 'Wikidata'],
  ['https://www.wikidata.org/wiki/', 'Wikidata page'],
];

/** The parts of a nanopublication, named after the role they play in it. */
const NANOPUB_PARTS: Array<[string, string]> = [
  [`${NP}hasAssertion`, 'assertion'],
  [`${NP}hasProvenance`, 'provenance'],
  [`${NP}hasPublicationInfo`, 'publication info'],
];

/** Labels, preferring English, then untagged, then any. `known`: names of things the data does not hold (the dataset). */
export class Labeller {
  private readonly cache = new Map<string, string | undefined>();
  constructor(
    private readonly ds: Dataset,
    private readonly prefixes: Record<string, string>,
    private readonly known: ReadonlyMap<string, string> = new Map(),
  ) {}

  labelOf(iri: string): string | undefined {
    if (this.cache.has(iri)) return this.cache.get(iri);
    const node = namedNode(iri);
    let best = this.known.get(iri);
    for (const p of best === undefined ? LABEL_PROPERTIES : []) {
      const lits = this.ds
        .match(node, namedNode(p), null, null)
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

  /**
   * A readable name for any IRI: its label, else a name made from what it says, else (for this dataset's own IRIs)
   * its type in words and its last path segment, else (for a property the data uses) the property in words, else
   * prefix:local, else the IRI (an external page's address).
   */
  display(iri: string): string {
    return (
      this.labelOf(iri) ??
      this.describedAs(iri, 0) ??
      this.byType(iri) ??
      this.elsewhere(iri) ??
      this.asProperty(iri) ??
      compactIri(iri, this.prefixes) ??
      iri
    );
  }

  /** A property the data uses, met as a value (the predicate a reading's statement names): in words, as in a row. */
  private asProperty(iri: string): string | undefined {
    return this.ds.store.countQuads(undefined, namedNode(iri), undefined, undefined) > 0 ? this.propertyLabel(iri) : undefined;
  }

  /** Items of a well-known external dataset, by the dataset's name: "Wikidata Q232" rather than "wd:Q232". */
  private elsewhere(iri: string): string | undefined {
    for (const [ns, name] of EXTERNAL_DATASETS) if (iri.startsWith(ns) && iri.length > ns.length) return `${name} ${iri.slice(ns.length)}`;
    return undefined;
  }

  /** A class in words: its label with a capital, else its local name split into words ("schema:CreativeWork" → "Creative work"). */
  typeLabel(iri: string): string {
    const l = this.labelOf(iri) ?? words(localName(iri));
    return l.charAt(0).toUpperCase() + l.slice(1);
  }

  /** A datatype in words ("xsd:gYear" → "year"). */
  datatypeLabel(iri: string): string {
    if (iri.startsWith(XSD)) return DATATYPE_WORDS[iri.slice(XSD.length)] ?? words(iri.slice(XSD.length));
    return this.labelOf(iri) ?? words(localName(iri));
  }

  /** A property's label, else its local name split into words ("startDate" → "start date"). */
  propertyLabel(iri: string): string {
    const l = this.labelOf(iri);
    if (l) return l;
    if (iri === RDF_TYPE) return 'type';
    return words(localName(iri));
  }

  /**
   * For nodes the data gives no name: the start of their verbatim text (participant groups, claims), the quoted
   * span (mentions), the role phrase and agent (involvements), the reading of a mention (interpretations), the link
   * an evidence node is about, an identifier's scheme and value, the finding a nanopublication states.
   */
  private describedAs(iri: string, depth: number): string | undefined {
    if (depth > 3) return undefined;
    const node = namedNode(iri);
    const one = (s: RDF.Term, p: string) => this.ds.match(s, namedNode(p), null, null)[0]?.object;
    const name = (t: RDF.Term) =>
      t.termType === 'NamedNode' ? (this.labelOf(t.value) ?? this.describedAs(t.value, depth + 1)) : undefined;
    const rf = `${this.ds.baseIri}def/forum#`;
    const verbatim = one(node, `${rf}verbatimText`);
    if (verbatim?.termType === 'Literal') return shorten(verbatim.value);
    const selector = one(node, `${OA}hasSelector`);
    const exact = selector && one(selector, `${OA}exact`);
    if (exact?.termType === 'Literal') return `“${shorten(exact.value)}”`;
    const phrase = one(node, `${rf}sourcePhrase`);
    const agent = one(node, 'http://www.w3.org/ns/prov#agent') ?? one(node, `${rf}agentMention`);
    if (phrase?.termType === 'Literal' && agent?.termType === 'NamedNode') return `${phrase.value} ${this.display(agent.value)}`;
    const mention = one(node, `${rf}ofMention`);
    const denotes = one(node, `${rf}denotes`);
    if (mention && denotes?.termType === 'NamedNode') {
      const confidence = one(node, `${rf}confidence`);
      const how = confidence?.termType === 'NamedNode' ? ` (${this.display(confidence.value)})` : '';
      return `${mention.termType === 'NamedNode' ? (name(mention) ?? 'a mention') : 'a mention'} read as ${this.display(denotes.value)}${how}`;
    }
    const subject = one(node, `${rf}linkSubject`);
    const target = one(node, `${rf}linkTarget`);
    if (subject?.termType === 'NamedNode' && target?.termType === 'NamedNode')
      return `Evidence for linking ${this.display(subject.value)} to ${this.display(target.value)}`;
    const scheme = one(node, `${SCHEMA}propertyID`);
    const value = one(node, `${SCHEMA}value`);
    if (scheme?.termType === 'Literal' && value?.termType === 'Literal') return `${scheme.value} ${value.value}`;
    for (const [p, part] of NANOPUB_PARTS) {
      const whole = this.ds.match(null, namedNode(p), node, null)[0]?.subject;
      if (whole?.termType === 'NamedNode') return `${this.display(whole.value)}: ${part}`;
    }
    const assertion = one(node, `${NP}hasAssertion`);
    if (assertion?.termType === 'NamedNode') {
      const stated = this.statedIn(assertion.value);
      return stated ? `Nanopublication of ${stated}` : undefined;
    }
    // A nanopublication's head graph: the graph that declares it.
    const declared = this.ds.match(null, namedNode(RDF_TYPE), namedNode(`${NP}Nanopublication`), node)[0]?.subject;
    if (declared?.termType === 'NamedNode') return `${this.display(declared.value)}: head`;
    return undefined;
  }

  /** The name of the first labelled thing a graph states that nothing else in it points at (a finding, not its claims). */
  private statedIn(graph: string): string | undefined {
    const g = namedNode(graph);
    const inside = this.ds.match(null, null, null, g);
    const pointedAt = new Set(inside.filter((q) => q.object.termType === 'NamedNode').map((q) => q.object.value));
    const roots = [...new Set(inside.map((q) => q.subject.value))].filter((s) => !pointedAt.has(s)).sort();
    for (const r of roots) {
      const l = this.labelOf(r);
      if (l) return l;
    }
    return undefined;
  }

  /** This dataset's own IRIs without a name: their type in words and the last segment of their path. */
  private byType(iri: string): string | undefined {
    if (!iri.startsWith(this.ds.baseIri)) return undefined;
    const type = this.ds.match(namedNode(iri), namedNode(RDF_TYPE), null, null).find((q) => q.object.termType === 'NamedNode')?.object;
    const tail = decodeURIComponent(localName(iri));
    return type ? `${this.typeLabel(type.value)} ${tail}` : tail;
  }
}

function localName(iri: string): string {
  return /[#/]([^#/]+)[#/]?$/.exec(iri)?.[1] ?? iri;
}

/** "startDate" → "start date", "TextQuoteSelector" → "text quote selector"; acronyms stay ("ISOCode" → "ISO code"). */
function words(local: string): string {
  return local
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((w) => (/^[A-Z]+$/.test(w) && w.length > 1 ? w : w.toLowerCase()))
    .join(' ');
}

export function shorten(s: string, max = 90): string {
  return s.length <= max ? s : `${s.slice(0, s.lastIndexOf(' ', max - 1) > 40 ? s.lastIndexOf(' ', max - 1) : max - 1)}…`;
}
