// The one key of an RDF term, and of a triple or quad, used wherever terms are compared, deduplicated or stored.
import type * as RDF from '@rdfjs/types';
import * as N3 from 'n3';

/** N3.js's term base class: its instances carry their id (the typings declare it as a type only). */
const N3Term = (N3 as unknown as { Term: abstract new (...args: never[]) => unknown }).Term;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/**
 * One string per distinct term: N3.js's own term id (an IRI, `_:label`, `"value"@lang`, `"value"^^datatype`, '' for the
 * default graph), read straight from N3 terms and computed the same way for terms of other factories.
 */
export function termKey(t: RDF.Term): string {
  if (t instanceof N3Term) return (t as unknown as { id: string }).id;
  switch (t.termType) {
    case 'NamedNode':
      return t.value === '' ? '<>' : t.value;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'DefaultGraph':
      return '';
    case 'Literal': {
      if (t.language) {
        const dir = (t as { direction?: string }).direction;
        return `"${t.value}"@${t.language.toLowerCase()}${dir ? `--${dir.toLowerCase()}` : ''}`;
      }
      const dt = t.datatype.value;
      return dt === XSD_STRING ? `"${t.value}"` : `"${t.value}"^^${dt}`;
    }
    case 'Quad':
      return `<<${tripleKey(t as RDF.Quad)}>>`;
    default:
      throw new Error(`no key for a ${t.termType} term`);
  }
}

/** A triple's key (graph ignored): subject, predicate and object keys; unambiguous since IRIs hold no space. */
export function tripleKey(q: RDF.Quad): string {
  return `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;
}

/** A quad's key: the triple's and its graph's. */
export function quadKey(q: RDF.Quad): string {
  return `${tripleKey(q)} ${termKey(q.graph)}`;
}
