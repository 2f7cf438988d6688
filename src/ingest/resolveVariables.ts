// shacl-engine's message templating, so the direct SHACL checks word their results exactly as shacl-engine does.
import type * as RDF from '@rdfjs/types';
import { type Args, RDF_NS } from './shapeModel';

/** shacl-engine's message templating: the first `{$name}` and `{?name}` of each argument, terms in N-Triples. */
export function resolveVariables(message: string, args: Args): string {
  return Object.entries(args).reduce((text, [name, value]) => {
    const shown = value !== null && typeof value === 'object' ? toNT(value) : (value as string);
    return text.replace(`{$${name}}`, shown).replace(`{?${name}}`, shown);
  }, message);
}

/** A term in N-Triples, as @rdfjs/to-ntriples writes it for messages. */
function toNT(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const v = t.value.replace(/["\\\n\r]/g, (c) => ({ '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r' })[c]!);
      if (t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string') return `"${v}"`;
      if (t.datatype.value === `${RDF_NS}langString`) return `"${v}"@${t.language}`;
      return `"${v}"^^<${t.datatype.value}>`;
    }
    default:
      return '';
  }
}
