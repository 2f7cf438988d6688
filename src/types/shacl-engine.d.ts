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
