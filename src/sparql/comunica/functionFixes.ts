// Comunica 5.4's operators and functions where they deviate from SPARQL 1.1, overridden for the arguments concerned.
import { TermFunctionLesserThan } from '@comunica/actor-function-factory-term-lesser-than';
import { TermFunctionEquality } from '@comunica/actor-function-factory-term-equality';
// Not re-exported from the package's index.
import { TermFunctionEncodeForUri } from '@comunica/actor-function-factory-term-encode-for-uri/lib/TermFunctionEncodeForUri';
import { bool, string, TypeURL } from '@comunica/utils-expression-evaluator';

/** The shape of Comunica's internal terms that this needs. */
interface EvalTerm {
  termType: string;
  dataType?: string;
  typedValue?: unknown;
}
type ApplyOnTerms = (args: EvalTerm[], exprEval: unknown) => unknown;

let installed = false;

/** Installs every override below, once per process (they patch Comunica's function classes). */
export function installFunctionFixes(): void {
  if (installed) return;
  installed = true;
  installCodepointCollation();
  installEncodeForUri();
}

/**
 * SPARQL 1.1 §17.3 maps `<` and `=` on two simple literals (xsd:strings) to fn:compare with the Unicode codepoint
 * collation (XPath F&O 3.1 §5.3.2), and ORDER BY, MIN and MAX order by `<` (§15.1). Comunica 5.4 compares them with
 * String.prototype.localeCompare: ORDER BY puts "_" before "42" and "a" before "B", and `=` holds between strings
 * that differ only in ignorable or combining characters. Both operators are overridden for pairs of xsd:strings;
 * every other pair still goes to Comunica. ORDER BY, MIN and MAX reach `<` through the same function.
 * Found by the differential tests (docs/differential.md); no upstream issue found.
 */
function installCodepointCollation(): void {
  const compare = (test: (a: string, b: string) => boolean) => (args: EvalTerm[]) =>
    args.length === 2 && isString(args[0]) && isString(args[1])
      ? bool(test(args[0].typedValue as string, args[1].typedValue as string))
      : undefined;
  override(
    TermFunctionLesserThan.prototype,
    compare((a, b) => compareCodepoints(a, b) < 0),
  );
  override(
    TermFunctionEquality.prototype,
    compare((a, b) => a === b),
  );
}

/**
 * ENCODE_FOR_URI is XPath's fn:encode-for-uri (SPARQL 1.1 §17.4.3.11): everything but the unreserved characters
 * A–Z a–z 0–9 - _ . ~ is percent-encoded. Comunica 5.4 calls encodeURI, which leaves : / ? # & = + $ , ; @ ! * ' ( )
 * as they are: ENCODE_FOR_URI("http://example.org/a") gave the IRI back unchanged. Found by the differential tests.
 */
function installEncodeForUri(): void {
  override(TermFunctionEncodeForUri.prototype, (args) => {
    const t = args[0];
    const stringly = t?.termType === 'literal' && (t.dataType === TypeURL.XSD_STRING || t.dataType === TypeURL.RDF_LANG_STRING);
    return args.length === 1 && stringly && typeof t.typedValue === 'string' ? string(encodeForUri(t.typedValue)) : undefined;
  });
}

export function encodeForUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Answers with `answer` where it returns a term, else leaves the arguments to Comunica's own implementation. */
function override(proto: object, answer: (args: EvalTerm[]) => unknown): void {
  const target = proto as { applyOnTerms: ApplyOnTerms };
  const original = target.applyOnTerms;
  target.applyOnTerms = function (this: unknown, args: EvalTerm[], exprEval: unknown) {
    return answer(args) ?? original.call(this, args, exprEval);
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
