// Compiles a SHACL shape into the direct checks' model, or refuses it (Unsupported) when any part of it is something
// the direct checks do not do exactly as shacl-engine.
import type * as RDF from '@rdfjs/types';
import { ANY, type ShapeIndex } from './shapeIndex';
import type { ShapeChecker } from './shapeChecker';
import { type PropertyShape, SH, type Shape, Unsupported } from './shapeModel';
import { valueChecks } from './valueChecks';

/** What a shape may say and still be checked directly; any other sh: term leaves the shape to shacl-engine. */
const NODE_TERMS = new Set(
  [
    'targetClass',
    'targetNode',
    'targetSubjectsOf',
    'targetObjectsOf',
    'property',
    'class',
    'datatype',
    'nodeKind',
    'in',
    'hasValue',
    'pattern',
    'flags',
    'minLength',
    'maxLength',
    'node',
    'or',
    'xone',
    'and',
    'not',
    'message',
    'severity',
    'name',
    'description',
    'order',
    'group',
  ].map((t) => SH + t),
);
const PROPERTY_TERMS = new Set([
  ...NODE_TERMS,
  ...['path', 'minCount', 'maxCount', 'uniqueLang', 'defaultValue', 'equals', 'lessThan', 'lessThanOrEquals'].map((t) => SH + t),
]);
for (const t of ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'property']) PROPERTY_TERMS.delete(SH + t);
/** How deep shapes may nest (sh:node, sh:or …) before the shape is left to shacl-engine (which also guards recursion). */
const MAX_DEPTH = 3;

/** Compiles the shapes of one index; `focusOf` holds the focus nodes of every top-level shape. */
export class ShapeCompiler {
  constructor(
    private readonly ix: ShapeIndex,
    private readonly checker: ShapeChecker,
    private readonly focusOf: ReadonlyMap<number, number[]>,
  ) {}

  nodeShape(s: number, depth: number): Shape {
    this.allowedTerms(s, NODE_TERMS);
    if (this.ix.objects(s, this.ix.id(`${SH}path`)).length) throw new Unsupported();
    const shape = this.common(s, depth);
    shape.nodeHasValue = this.ix.single(s, 'hasValue');
    shape.properties = this.ix.objects(s, this.ix.id(`${SH}property`)).map((p) => this.propertyShape(p, depth));
    return shape;
  }

  private propertyShape(s: number, depth: number): PropertyShape {
    const ix = this.ix;
    this.allowedTerms(s, PROPERTY_TERMS);
    const path = ix.single(s, 'path');
    if (path === undefined) throw new Unsupported();
    const pathTerm = ix.term(path);
    let predicate = path;
    let inverse = false;
    if (pathTerm.termType !== 'NamedNode') {
      // Only [ sh:inversePath <p> ] besides a plain predicate.
      const steps: Array<[number, number]> = [];
      ix.store.scan(path, ANY, ANY, ANY, (_s, p, o) => void steps.push([p, o]), true);
      if (steps.length !== 1 || steps[0][0] !== ix.id(`${SH}inversePath`) || ix.term(steps[0][1]).termType !== 'NamedNode')
        throw new Unsupported();
      predicate = steps[0][1];
      inverse = true;
    }
    const iri = ix.term(predicate).value;
    const count = (local: string) => {
      const v = ix.single(s, local);
      return v === undefined ? undefined : parseInt(ix.term(v).value, 10);
    };
    const unique = ix.single(s, 'uniqueLang');
    const uniqueTerm = unique === undefined ? undefined : (ix.term(unique) as RDF.Literal);
    return {
      ...this.common(s, depth),
      predicate,
      inverse,
      pathText: inverse ? `^<${iri}>` : iri,
      minCount: count('minCount'),
      maxCount: count('maxCount'),
      hasValue: ix.single(s, 'hasValue'),
      equals: ix.single(s, 'equals'),
      lessThan: ix.single(s, 'lessThan'),
      lessThanOrEquals: ix.single(s, 'lessThanOrEquals'),
      uniqueLang: uniqueTerm?.value === 'true' && uniqueTerm.datatype?.value === 'http://www.w3.org/2001/XMLSchema#boolean',
    };
  }

  /** What node and property shapes share: messages, severity and the checks on each value node. */
  private common(s: number, depth: number): Shape {
    const ix = this.ix;
    const messages = ix.objects(s, ix.id(`${SH}message`)).map((m) => ix.term(m).value);
    const sev = ix.single(s, 'severity');
    const sevIri = sev === undefined ? '' : ix.term(sev).value;
    const severity = sevIri === `${SH}Warning` ? 'warning' : sevIri === `${SH}Info` ? 'info' : 'violation';
    const checks = valueChecks(ix, s, (n) => this.member(n, depth));
    return { term: s, messages, severity, checks, properties: [] };
  }

  /**
   * A nested shape (of sh:node, sh:or, …) as a test of a value node: whether it conforms (any result, of any severity,
   * means it does not). Only shapes that validate no focus nodes of their own, whose cached results would mix in.
   */
  private member(n: number, depth: number): (v: number) => boolean {
    if (depth >= MAX_DEPTH || (this.focusOf.get(n)?.length ?? 0) > 0) throw new Unsupported();
    const isProperty = this.ix.objects(n, this.ix.id(`${SH}path`)).length > 0;
    const shape = isProperty ? this.propertyShape(n, depth + 1) : this.nodeShape(n, depth + 1);
    return (v) => {
      const found = this.checker.probe();
      if (isProperty) this.checker.validateProperty(shape as PropertyShape, v, found);
      else this.checker.validateNode(shape, v, found);
      return found.length === 0;
    };
  }

  /** Checks `s` only uses terms the direct checks implement (and is not deactivated, a SPARQL shape, …). */
  private allowedTerms(s: number, allowed: ReadonlySet<string>): void {
    this.ix.store.scan(
      s,
      ANY,
      ANY,
      ANY,
      (_s, p) => {
        const iri = this.ix.term(p).value;
        if (iri.startsWith(SH) && !allowed.has(iri)) throw new Unsupported();
      },
      true,
    );
  }
}
