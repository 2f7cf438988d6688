// Minimal typings for rdf-validation (ships none): only what src/ingest/directShapes.ts uses.
declare module 'rdf-validation' {
  import type * as RDF from '@rdfjs/types';

  /** Well-formedness of XSD literals, as shacl-engine's sh:datatype checks it. */
  export class XsdValidation {
    validateSimple(term: RDF.Term): boolean;
  }
}
