// The terms generated datasets and queries are made of, and how to write a term in SPARQL.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';

const { namedNode, literal } = DataFactory;

export const EX = 'http://example.org/';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export const iri = (local: string): RDF.NamedNode => namedNode(`${EX}${local}`);
const typed = (value: string, type: string): RDF.Literal => literal(value, namedNode(`${XSD}${type}`));

export const SUBJECTS = ['s0', 's1', 's2', 's3', 's4', 's5'].map((s) => iri(`id/${s}`));
export const CLASSES = ['C0', 'C1', 'C2'].map((c) => iri(`def/${c}`));
export const GRAPHS = ['g0', 'g1', 'g2', 'g3'].map((g) => iri(`graph/${g}`));

/** Predicates by the kind of object they take, so that some patterns see one kind of value and others a mix. */
export const PREDICATES = {
  link: iri('def/knows'),
  label: iri('def/label'),
  value: iri('def/value'),
  when: iri('def/when'),
  any: iri('def/p'),
  type: namedNode(RDF_TYPE),
} as const;
export const PREDICATE_LIST: RDF.NamedNode[] = Object.values(PREDICATES);

/**
 * Literals written in the form oxigraph keeps: it stores numbers, booleans and dates as values and writes them back
 * canonically ("01" comes back as "1", xsd:long as xsd:integer, language tags in lower case), which RDF 1.1 Concepts
 * §3.3 forbids. Data in other forms would make every disagreement about them the oracle's; `oracle.test.ts` checks
 * that each of these comes back unchanged. Numeric values are all distinct, so that MIN, MAX and ORDER BY never
 * have to choose between equal values spelt differently, which SPARQL leaves open.
 */
export const STRINGS: RDF.Literal[] = [
  literal('alpha'),
  literal('Beta'),
  literal('gamma delta'),
  literal('a,b'),
  literal('say "hi"'),
  literal('tab\there'),
  literal('line\nbreak'),
  literal('ünïcödé ☃'),
  literal(''),
  literal('42'),
  literal('<b>&amp;</b>'),
  literal(' padded '),
];
export const LANG_STRINGS: RDF.Literal[] = [
  literal('chat', 'en'),
  literal('chat', 'fr'),
  literal('colour', 'en-gb'),
  literal('alpha', 'en'),
];
export const NUMBERS: RDF.Literal[] = [
  typed('1', 'integer'),
  typed('2', 'integer'),
  typed('-3', 'integer'),
  typed('0', 'integer'),
  typed('10', 'integer'),
  typed('5.5', 'decimal'),
  typed('-0.25', 'decimal'),
  typed('7', 'decimal'),
  typed('2.5', 'double'),
  typed('1000', 'double'),
  typed('-8', 'double'),
  typed('0.75', 'float'),
];
export const OTHERS: RDF.Literal[] = [
  typed('true', 'boolean'),
  typed('false', 'boolean'),
  typed('2019-12-12', 'date'),
  typed('2017-05-01', 'date'),
  typed('2018-03-04T10:00:00Z', 'dateTime'),
  typed('2016-01-20T08:30:00', 'dateTime'),
  typed('2020-06-01T00:00:00+02:00', 'dateTime'),
  literal('x', namedNode(`${EX}dt/custom`)),
];
export const LITERALS: RDF.Literal[] = [...STRINGS, ...LANG_STRINGS, ...NUMBERS, ...OTHERS];

/** A term in SPARQL (and Turtle) syntax; blank nodes as `_:label`. */
export function termText(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Variable':
      return `?${t.value}`;
    case 'Literal': {
      const lex = `"${t.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
      if (t.language) return `${lex}@${t.language}`;
      return t.datatype.value === `${XSD}string` ? lex : `${lex}^^<${t.datatype.value}>`;
    }
    default:
      throw new Error(`no SPARQL syntax for a ${t.termType}`);
  }
}

/** A predicate: rdf:type as `a`, which only the predicate position allows. */
export function predicateText(t: RDF.Term): string {
  return t.termType === 'NamedNode' && t.value === RDF_TYPE ? 'a' : termText(t);
}

/** One spelling per term, for sets of terms. */
export function termKey(t: RDF.Term): string {
  if (t.termType === 'Literal') return `L${JSON.stringify([t.value, t.language.toLowerCase(), t.datatype.value])}`;
  return `${t.termType[0]}${t.value}`;
}
