// `=` and `!=` where Comunica 5.4 raises type errors: a term equals itself; tagged and untagged literals differ.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { TermFunctionEquality } from '@comunica/actor-function-factory-term-equality';
import { BooleanLiteral, isExpressionError } from '@comunica/utils-expression-evaluator';
import type { Term } from '@comunica/utils-expression-evaluator';

/**
 * What `=` answers when the typed comparison of two terms fails with a type error: true for the same RDF term,
 * false for two literals of which exactly one has a language tag, undefined (the error stands) otherwise.
 *
 * The first is SPARQL 1.1's own RDFterm-equal (§17.4.1.7: TRUE if the terms are the same RDF term), which Comunica
 * skips for ill-typed literals such as "xyz"^^xsd:integer: they take the numeric path, which refuses them (W3C
 * open-world/open-eq-07). The second is an extension §17.3.1 permits (it turns only type errors into values): the
 * value space of rdf:langString holds pairs of a string and a tag, disjoint from every other datatype's, so no
 * language-tagged literal equals an untagged one. Comunica already answers so for "xyz"@en = "xyz", but not against
 * an ill-typed literal or one of an unknown datatype (W3C open-eq-08, -10, -11, -12; their LangTagAwareness and
 * KnownTypesDefault2Neq). Two different literals of unknown datatypes remain a type error (open-eq-06 checks it).
 */
export function equalityFallback(left: RDF.Term, right: RDF.Term): boolean | undefined {
  if (left.equals(right)) return true;
  if (left.termType === 'Literal' && right.termType === 'Literal' && Boolean(left.language) !== Boolean(right.language)) return false;
  return undefined;
}

let installed = false;

/** Applies equalityFallback inside Comunica's `=` (which `!=`, IN and NOT IN call too), once per thread. No upstream issue found. */
export function installTermEquality(): void {
  if (installed) return;
  installed = true;
  type Apply = (args: Term[], exprEval: unknown) => Term;
  const proto = TermFunctionEquality.prototype as unknown as { applyOnTerms: Apply };
  const typed = proto.applyOnTerms;
  proto.applyOnTerms = function (this: unknown, args, exprEval) {
    try {
      return typed.call(this, args, exprEval);
    } catch (e) {
      if (!(e instanceof Error) || !isExpressionError(e) || args.length !== 2) throw e;
      const decided = equalityFallback(args[0].toRDF(DataFactory as never), args[1].toRDF(DataFactory as never));
      if (decided === undefined) throw e;
      return new BooleanLiteral(decided);
    }
  };
}
