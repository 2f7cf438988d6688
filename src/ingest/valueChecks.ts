// The constraints of a shape that test each value node alone (sh:class, sh:datatype, sh:in, sh:node, sh:or …), as
// shacl-engine tests them.
import type * as RDF from '@rdfjs/types';
import { XsdValidation } from 'rdf-validation';
import type { ShapeIndex } from './shapeIndex';
import { failUnless, SH, Unsupported, type ValueCheck } from './shapeModel';

const NODE_KINDS: Record<string, readonly string[]> = {
  BlankNode: ['BlankNode'],
  BlankNodeOrIRI: ['BlankNode', 'NamedNode'],
  BlankNodeOrLiteral: ['BlankNode', 'Literal'],
  IRI: ['NamedNode'],
  IRIOrLiteral: ['NamedNode', 'Literal'],
  Literal: ['Literal'],
};
const xsd = new XsdValidation();

/** A nested shape as a test of a value node: whether the value conforms to it. */
export type Member = (shape: number) => (v: number) => boolean;

/** The value checks shape `s` states; `member` compiles the nested shapes of sh:node and the logical constraints. */
export function valueChecks(ix: ShapeIndex, s: number, member: Member): ValueCheck[] {
  const checks: ValueCheck[] = [];
  for (const c of ix.objects(s, ix.id(`${SH}class`))) {
    const set = ix.classes(c);
    checks.push(failUnless((v) => ix.objects(v, ix.type).some((t) => set.has(t)), 'ClassConstraintComponent'));
  }
  const datatype = ix.single(s, 'datatype');
  if (datatype !== undefined) {
    const dt = ix.term(datatype);
    if (dt.termType !== 'NamedNode') throw new Unsupported();
    const ok = (v: number) => {
      const t = ix.term(v) as RDF.Literal;
      return t.termType === 'Literal' && t.datatype.value === dt.value && xsd.validateSimple(t);
    };
    checks.push(failUnless(ok, 'DatatypeConstraintComponent', 'Value does not have datatype {$datatype}', { datatype: dt }));
  }
  const nodeKind = ix.single(s, 'nodeKind');
  if (nodeKind !== undefined) {
    const kind = ix.term(nodeKind);
    const types = kind.value.startsWith(SH) ? NODE_KINDS[kind.value.slice(SH.length)] : undefined;
    if (!types) throw new Unsupported();
    const ok = (v: number) => types.includes(ix.term(v).termType);
    checks.push(failUnless(ok, 'NodeKindConstraintComponent', 'Value does not have node kind {$nodeKind}', { nodeKind: kind }));
  }
  const inList = ix.single(s, 'in');
  if (inList !== undefined) {
    const values = [...new Set(ix.list(inList))];
    const set = new Set(values);
    const text = values.map((v) => ix.term(v).value).join(', ');
    checks.push(failUnless((v) => set.has(v), 'InConstraintComponent', 'Value is not in {$in}', { in: text }));
  }
  const pattern = patternCheck(ix, s);
  if (pattern) checks.push(pattern);
  for (const [local, atLeast] of [
    ['minLength', true],
    ['maxLength', false],
  ] as const) {
    const n = ix.single(s, local);
    if (n === undefined) continue;
    const limit = parseInt(ix.term(n).value, 10);
    const ok = (v: number) => {
      const t = ix.term(v);
      return t.termType !== 'BlankNode' && (atLeast ? t.value.length >= limit : t.value.length <= limit);
    };
    checks.push(
      atLeast
        ? failUnless(ok, 'MinLengthConstraintComponent', 'Value has less than {$minLength} characters', { minLength: limit })
        : failUnless(ok, 'MaxLengthConstraintComponent', 'Value has more than {$maxLength} characters', { maxLength: limit }),
    );
  }
  for (const n of ix.objects(s, ix.id(`${SH}node`)))
    checks.push(failUnless(member(n), 'NodeConstraintComponent', 'Value does not have shape {$node}', { node: ix.term(n) }));
  // The logical constraints: every list given is one list (shacl-engine flattens them), each member a nested shape.
  const members = (local: string) => ix.objects(s, ix.id(SH + local)).flatMap((head) => ix.list(head).map((m) => member(m)));
  const or = members('or');
  if (or.length) checks.push(failUnless((v) => or.some((m) => m(v)), 'OrConstraintComponent'));
  const xone = members('xone');
  if (xone.length) checks.push(failUnless((v) => xone.filter((m) => m(v)).length === 1, 'XoneConstraintComponent'));
  const and = members('and');
  if (and.length) checks.push(failUnless((v) => and.every((m) => m(v)), 'AndConstraintComponent'));
  const not = ix.single(s, 'not');
  if (not !== undefined) {
    const conforms = member(not);
    checks.push(failUnless((v) => !conforms(v), 'NotConstraintComponent', 'Value does have shape {$not}', { not: ix.term(not) }));
  }
  return checks;
}

/** sh:pattern with its sh:flags, or nothing when the shape has no pattern. */
function patternCheck(ix: ShapeIndex, s: number): ValueCheck | undefined {
  const pattern = ix.single(s, 'pattern');
  if (pattern === undefined) return undefined;
  const source = ix.term(pattern).value;
  const flagsId = ix.single(s, 'flags');
  const flags = flagsId === undefined ? undefined : ix.term(flagsId).value;
  // A global or sticky expression keeps state between tests: its results depend on the order of the values.
  if (flags && /[gy]/.test(flags)) throw new Unsupported();
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch {
    throw new Unsupported();
  }
  return failUnless((v) => re.test(ix.term(v).value), 'PatternConstraintComponent', 'Value does not match pattern "{$pattern}"', {
    flags,
    pattern: source,
  });
}
