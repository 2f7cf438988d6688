// What the store can be asked about, and a query's text as sent to it: shared by every query forum-ld writes for a store.
import type * as RDF from '@rdfjs/types';
import { Generator, type SparqlQuery } from 'sparqljs';

/** The query's text; control characters written raw end Virtuoso's string literals early, SPARQL's \u escapes say the same (§19.2). */
export function storeQueryText(q: SparqlQuery): string {
  return new Generator()
    .stringify(q)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An absolute IRI that can be written as an IRIREF (RDF 1.1 data holds no other). */
export function storable(iri: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(iri) && !/[\u0000-\u0020<>"{}|^`\\]/.test(iri);
}

/** A blank node the store named with a handle it can be asked about again (Virtuoso: nodeID://…). */
export function addressable(t: RDF.Term): boolean {
  return /^b[0-9]+$/.test(t.value);
}
