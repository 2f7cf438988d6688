// Makes Comunica compare strings by code point, as SPARQL does, instead of by the process's locale.
import { TermFunctionLesserThan } from '@comunica/actor-function-factory-term-lesser-than';
import { TermFunctionEquality } from '@comunica/actor-function-factory-term-equality';
import { bool, TypeURL } from '@comunica/utils-expression-evaluator';

/** The shape of Comunica's internal terms that this needs. */
interface EvalTerm { termType: string; dataType?: string; typedValue?: unknown }
type ApplyOnTerms = (args: EvalTerm[], exprEval: unknown) => unknown;

let installed = false;

/**
 * SPARQL 1.1 §17.3 maps `<` and `=` on two simple literals (xsd:strings) to fn:compare with the Unicode codepoint
 * collation (XPath F&O 3.1 §5.3.2), and ORDER BY, MIN and MAX order by `<` (§15.1). Comunica 5.4 compares them with
 * String.prototype.localeCompare: ORDER BY puts "_" before "42" and "a" before "B", and `=` holds between strings
 * that differ only in ignorable or combining characters. Both operators are overridden for pairs of xsd:strings;
 * every other pair still goes to Comunica. ORDER BY, MIN and MAX reach `<` through the same function.
 * Found by the differential tests (docs/differential.md); no upstream issue found.
 */
export function installCodepointCollation(): void {
  if (installed) return;
  installed = true;
  patch(TermFunctionLesserThan.prototype, (a, b) => compareCodepoints(a, b) < 0);
  patch(TermFunctionEquality.prototype, (a, b) => a === b);
}

function patch(proto: object, test: (a: string, b: string) => boolean): void {
  const target = proto as { applyOnTerms: ApplyOnTerms };
  const original = target.applyOnTerms;
  target.applyOnTerms = function (this: unknown, args: EvalTerm[], exprEval: unknown) {
    const [a, b] = args;
    if (args.length === 2 && isString(a) && isString(b)) return bool(test(a.typedValue as string, b.typedValue as string));
    return original.call(this, args, exprEval);
  };
}

function isString(t: EvalTerm | undefined): boolean {
  return t?.termType === 'literal' && t.dataType === TypeURL.XSD_STRING && typeof t.typedValue === 'string';
}

/** Code-point order; JavaScript's < compares UTF-16 units, which puts U+10000 and above before U+E000–U+FFFF. */
export function compareCodepoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
