// Minimal typings for shacl-engine (ships none): only what src/store/validate.ts uses.
declare module 'shacl-engine' {
  import type * as RDF from '@rdfjs/types';

  interface Ptr {
    term: RDF.Term;
    terms: RDF.Term[];
  }
  interface PathStep {
    predicates: RDF.Term[];
    start: 'subject' | 'object';
    end: 'subject' | 'object';
    quantifier: string;
  }

  export interface ValidationResult {
    severity: RDF.NamedNode;
    focusNode: Ptr;
    path?: PathStep[] | null;
    value?: Ptr;
    message: RDF.Literal[];
    constraintComponent: RDF.NamedNode;
    shape: { ptr: Ptr };
  }

  export interface ValidationReport {
    conforms: boolean;
    results: ValidationResult[];
  }

  export interface ValidatorFactory {
    namedNode(v: string): RDF.NamedNode;
    blankNode(v?: string): RDF.BlankNode;
    literal(v: string, langOrDt?: string | RDF.NamedNode): RDF.Literal;
    quad(s: RDF.Term, p: RDF.Term, o: RDF.Term, g?: RDF.Term): RDF.Quad;
    defaultGraph(): RDF.DefaultGraph;
    dataset(): RDF.DatasetCore;
  }

  export class Validator {
    constructor(shapes: RDF.DatasetCore, options: { factory: ValidatorFactory; debug?: boolean; details?: boolean });
    /** `shapes`: validate only these (by their terms), not every shape of the shapes graph. */
    validate(
      data: { dataset: RDF.DatasetCore; terms?: Iterable<RDF.Term> },
      shapes?: Array<{ terms: RDF.Term[] }>,
    ): Promise<ValidationReport>;
  }
}

// shacl-engine's own comparison of literals (sh:lessThan, sh:lessThanOrEquals), used by src/ingest/directShapes.ts so
// that its answers are shacl-engine's: a number (negative, zero, positive) or null when the terms do not compare.
declare module 'shacl-engine/lib/compareTerms.js' {
  import type * as RDF from '@rdfjs/types';

  export default function compareTerms(a: RDF.Term, b: RDF.Term): number | null;
}
