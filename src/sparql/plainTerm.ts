// An IRI or literal as plain data, the form in which bound values cross to a query process; no engine needed to make one.
import type * as RDF from '@rdfjs/types';

/** An IRI or literal as plain data (structured-clone safe). */
export type PlainTerm =
  | { termType: 'NamedNode'; value: string }
  | { termType: 'Literal'; value: string; language?: string; datatype?: string };

export function plainTerm(t: RDF.NamedNode | RDF.Literal): PlainTerm {
  if (t.termType === 'NamedNode') return { termType: 'NamedNode', value: t.value };
  return t.language
    ? { termType: 'Literal', value: t.value, language: t.language }
    : { termType: 'Literal', value: t.value, datatype: t.datatype.value };
}
