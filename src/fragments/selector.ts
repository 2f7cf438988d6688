// A fragment's selector read from its request parameters in the TPF syntax, and terms written back into that syntax.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { termKey } from '../rdf/termKey';

const { namedNode, blankNode, literal } = DataFactory;

/** What a QPF client sends as `graph` to mean the default graph (declared as sd:defaultGraph; the LDF server's name). */
export const DEFAULT_GRAPH_IRI = 'urn:ldf:defaultGraph';
/** Where blank nodes become IRIs (RDF 1.1 skolem IRIs), so that a client can ask for them in another fragment. */
export const GENID_PATH = '.well-known/genid/';

export type Position = 'subject' | 'predicate' | 'object' | 'graph';
export const POSITIONS: readonly Position[] = ['subject', 'predicate', 'object', 'graph'];

/**
 * default: the default graph, which on this server is the union of all graphs, each triple once (no `graph`
 * parameter: a plain triple pattern fragment). any: a graph variable, every quad in the graph it is stated in
 * (`graph=` or `graph=?g`). named: one graph.
 */
export type GraphSelector = { kind: 'default' } | { kind: 'any' } | { kind: 'named'; term: RDF.NamedNode | RDF.BlankNode };

export interface Selector {
  /** Undefined: a variable. */
  subject?: RDF.Term;
  predicate?: RDF.Term;
  object?: RDF.Term;
  graph: GraphSelector;
  /** Positions tied by a repeated variable name (`subject=?x&object=?x` selects { ?x ?p ?x }). */
  same: Position[][];
  /** Why no triple can match (a literal subject, a blank node label): the fragment is empty, not an error. */
  impossible?: string;
}

export type Parameters = Partial<Record<Position, string>>;

/** A parameter value that is a variable: empty, or `?` and a name. */
const VARIABLE = /^(?:\?(\w*))?$/;
const LANGUAGE = /^@([a-z]+(?:-[a-z0-9]+)*)$/i;
const DATATYPE = /^\^\^<?([^<>"\s]+)>?$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const PREFIXED = /^([a-z][\w-]*):([^/#:]*)$/i;

/**
 * Reads the selector. Values follow the TPF specification: an IRI as itself, a literal in double quotes with `@lang`
 * or `^^datatype`, a variable as empty or `?name`; `<iri>` and known prefixed names (`schema:name`) are accepted too.
 */
export function readSelector(params: Parameters, base: string, prefixes: Readonly<Record<string, string>> = {}): Selector {
  const selector: Selector = { graph: { kind: 'default' }, same: [] };
  const names = new Map<string, Position[]>();
  for (const position of POSITIONS) {
    const value = params[position];
    if (value === undefined) continue;
    const variable = VARIABLE.exec(value);
    if (variable) {
      if (position === 'graph') selector.graph = { kind: 'any' };
      if (variable[1]) names.set(variable[1], [...(names.get(variable[1]) ?? []), position]);
      continue;
    }
    const term =
      position === 'graph' && value.replace(/^<(.*)>$/, '$1') === DEFAULT_GRAPH_IRI ? undefined : readTerm(value, base, prefixes);
    const problem =
      term === undefined ? (position === 'graph' ? undefined : `"${value}" is not an IRI or a literal`) : misplaced(term, position);
    if (problem) {
      selector.impossible ??= problem;
      continue;
    }
    if (position === 'graph') {
      if (term) selector.graph = { kind: 'named', term: term as RDF.NamedNode | RDF.BlankNode };
    } else {
      selector[position] = term;
    }
  }
  selector.same = [...names.values()].filter((ps) => ps.length > 1);
  return selector;
}

function readTerm(value: string, base: string, prefixes: Readonly<Record<string, string>>): RDF.Term | undefined {
  if (value.startsWith('"')) {
    const end = value.lastIndexOf('"');
    if (end === 0) return undefined;
    const lexical = value.slice(1, end);
    const rest = value.slice(end + 1);
    if (rest === '') return literal(lexical);
    const lang = LANGUAGE.exec(rest);
    if (lang) return literal(lexical, lang[1].toLowerCase());
    const type = DATATYPE.exec(rest);
    return type ? literal(lexical, namedNode(expand(type[1], prefixes))) : undefined;
  }
  const iri = value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : expand(value, prefixes);
  if (!SCHEME.test(iri) || /[\s<>"{}|\\^`]/.test(iri)) return undefined;
  const genid = `${base}${GENID_PATH}`;
  return iri.startsWith(genid) && iri.length > genid.length ? blankNode(decodeURIComponent(iri.slice(genid.length))) : namedNode(iri);
}

/** A prefixed name whose prefix is known, expanded; anything else as given. */
function expand(value: string, prefixes: Readonly<Record<string, string>>): string {
  const m = PREFIXED.exec(value);
  return m && prefixes[m[1]] !== undefined ? prefixes[m[1]] + m[2] : value;
}

/** The reason a term cannot stand in a position, if it cannot. */
function misplaced(term: RDF.Term, position: Position): string | undefined {
  if (term.termType === 'Literal' && position !== 'object') return `a literal cannot be the ${position}`;
  if (term.termType === 'BlankNode' && position === 'predicate') return 'a blank node cannot be the predicate';
  return undefined;
}

/** A data term as a client sees it in a fragment: blank nodes as skolem IRIs under the base. */
export function skolemize<T extends RDF.Term>(term: T, base: string): T | RDF.NamedNode {
  return term.termType === 'BlankNode' ? namedNode(`${base}${GENID_PATH}${encodeURIComponent(term.value)}`) : term;
}

/** A term in the TPF parameter syntax (the inverse of readSelector for one position). */
export function parameterValue(term: RDF.Term): string {
  if (term.termType === 'Variable') return `?${term.value}`;
  return termKey(term);
}

/** The selector as a SPARQL-like pattern for titles and descriptions: `{ ?s <p> "o"@en . }`, with `GRAPH` when it has one. */
export function patternText(s: Selector): string {
  const show = (t: RDF.Term | undefined, v: string): string => {
    if (!t) return `?${v}`;
    if (t.termType === 'NamedNode') return `<${t.value}>`;
    if (t.termType !== 'Literal') return `_:${t.value}`;
    const text = JSON.stringify(t.value);
    return t.language ? `${text}@${t.language}` : t.datatype.value === XSD_STRING ? text : `${text}^^<${t.datatype.value}>`;
  };
  const triple = `${show(s.subject, 's')} ${show(s.predicate, 'p')} ${show(s.object, 'o')} .`;
  if (s.graph.kind === 'default') return `{ ${triple} }`;
  return `{ GRAPH ${s.graph.kind === 'any' ? '?g' : show(s.graph.term, 'g')} { ${triple} } }`;
}
