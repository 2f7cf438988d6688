// SHACL shapes checked straight off the store's indexes, for the shapes whose every constraint this file does exactly as
// shacl-engine does (same focus nodes, value nodes, results and messages); every other shape is left to shacl-engine.
import type * as RDF from '@rdfjs/types';
import { XsdValidation } from 'rdf-validation';
import compareTerms from 'shacl-engine/lib/compareTerms.js';
import type { Problem } from '../rdf/problem';
import type { QuadStore } from '../store/quadStore';
import { type Locate, termString } from './validate';

const SH = 'http://www.w3.org/ns/shacl#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS_SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const ANY = -1;

/** What a shape may say and still be checked here; any other sh: term leaves the shape to shacl-engine. */
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
/** How deep shapes may nest (sh:node, sh:or …) before the shape is left to shacl-engine (which also guards recursion). */
const MAX_DEPTH = 3;
for (const t of ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'property']) PROPERTY_TERMS.delete(SH + t);
const NODE_KINDS: Record<string, readonly string[]> = {
  BlankNode: ['BlankNode'],
  BlankNodeOrIRI: ['BlankNode', 'NamedNode'],
  BlankNodeOrLiteral: ['BlankNode', 'Literal'],
  IRI: ['NamedNode'],
  IRIOrLiteral: ['NamedNode', 'Literal'],
  Literal: ['Literal'],
};

type Args = Record<string, string | number | RDF.Term | undefined>;
/** One failed constraint on one value node (or on the values of a property as a whole). */
interface Failure {
  component: string;
  defaultMessage?: string;
  args: Args;
  value?: number;
}
/** A constraint on one value node: a failure or nothing. */
type ValueCheck = (v: number) => Failure | undefined;

interface Shape {
  term: number;
  messages: string[];
  severity: Problem['severity'];
  /** Per value node (for a node shape, the focus node itself). */
  checks: ValueCheck[];
  /** Property shapes (node shapes only). */
  properties: PropertyShape[];
  /** sh:hasValue on a node shape: the focus node itself must be it. */
  nodeHasValue?: number;
}
interface PropertyShape extends Shape {
  predicate: number;
  inverse: boolean;
  pathText: string;
  minCount?: number;
  maxCount?: number;
  hasValue?: number;
  uniqueLang: boolean;
  /** sh:equals, sh:lessThan, sh:lessThanOrEquals: the other property. */
  equals?: number;
  lessThan?: number;
  lessThanOrEquals?: number;
}

/** A top-level shape checked here, with its focus nodes. */
export interface DirectShape {
  shape: Shape;
  focus: number[];
}

class Unsupported extends Error {}

/** Result lists of nested shapes, which only need to know whether anything failed. */
const PROBES = new WeakSet<Problem[]>();
const NOT_CONFORMING: Problem = { severity: 'violation', message: '' };
const PROBE = (): Problem[] => {
  const list: Problem[] = [];
  PROBES.add(list);
  return list;
};

/** The shapes checked here and those (RDF terms) left to shacl-engine, for a store that holds both data and shapes. */
export function planShapes(store: QuadStore): { direct: DirectShape[]; rest: RDF.Term[] } {
  const r = new Reader(store);
  const tops = new Set<number>();
  for (const t of ['targetClass', 'targetNode', 'targetObjectsOf', 'targetSubjectsOf', 'target'])
    for (const s of r.subjects(r.id(SH + t))) tops.add(s);
  for (const t of ['NodeShape', 'PropertyShape']) for (const s of r.subjectsOf(r.id(`${RDF_NS}type`), r.id(SH + t))) tops.add(s);
  const direct: DirectShape[] = [];
  const rest: RDF.Term[] = [];
  const focusOf = new Map<number, number[]>();
  for (const s of tops) focusOf.set(s, r.focusNodes(s));
  for (const s of tops) {
    try {
      direct.push({ shape: r.nodeShape(s, focusOf, 0), focus: focusOf.get(s) ?? [] });
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      rest.push(store.termOf(s));
    }
  }
  return { direct, rest };
}

/** The problems the direct shapes find, one per SHACL result (as ShapesValidator reports them, before deduplication). */
export function checkDirect(store: QuadStore, shapes: readonly DirectShape[], locate?: Locate): Problem[] {
  if (store.size === 0) return [];
  const r = new Reader(store);
  const out: Problem[] = [];
  for (const { shape, focus } of shapes) {
    for (const f of focus) {
      const from = out.length;
      r.validateNode(shape, f, out);
      const where = out.length > from ? locate?.(store.termOf(f)) : undefined;
      if (where?.file) for (let i = from; i < out.length; i++) Object.assign(out[i], where);
    }
  }
  return out;
}

/** Index reads over the union of the graphs (each triple once), and the shapes compiled from them. */
class Reader {
  private readonly xsd = new XsdValidation();
  private readonly type: number;
  private readonly componentMessages = new Map<string, string[]>();

  constructor(private readonly store: QuadStore) {
    this.type = this.id(`${RDF_NS}type`);
  }

  id(iri: string): number {
    return this.store.lookup({ termType: 'NamedNode', value: iri } as RDF.NamedNode) ?? -2;
  }

  objects(s: number, p: number): number[] {
    return this.store.objectsOf(s, p);
  }

  subjectsOf(p: number, o: number): number[] {
    return this.store.subjectsOf(p, o);
  }

  /** Distinct subjects of any triple with predicate p. */
  subjects(p: number): number[] {
    const out = new Set<number>();
    if (p >= 0) this.store.scan(ANY, p, ANY, ANY, (s) => void out.add(s), true);
    return [...out];
  }

  private term(id: number): RDF.Term {
    return this.store.termOf(id);
  }

  /** Exactly one distinct value, or none (undefined); several stop the shape (shacl-engine reads them as none). */
  private single(s: number, local: string): number | undefined {
    const vs = this.objects(s, this.id(SH + local));
    if (vs.length > 1) throw new Unsupported();
    return vs[0];
  }

  /** A class and its subclasses (rdfs:subClassOf*, read backwards), as shacl-engine resolves sh:class and sh:targetClass. */
  private classes(c: number): Set<number> {
    const seen = new Set([c]);
    const todo = [c];
    const sub = this.id(RDFS_SUBCLASS);
    while (todo.length) {
      for (const x of this.subjectsOf(sub, todo.pop()!)) {
        if (seen.has(x)) continue;
        seen.add(x);
        todo.push(x);
      }
    }
    return seen;
  }

  focusNodes(s: number): number[] {
    const classes = this.objects(s, this.id(`${SH}targetClass`));
    if (this.objects(s, this.type).includes(this.id(`${SH}NodeShape`))) classes.push(s);
    const out = new Set<number>();
    for (const c of classes) for (const k of this.classes(c)) for (const x of this.subjectsOf(this.type, k)) out.add(x);
    for (const n of this.objects(s, this.id(`${SH}targetNode`))) out.add(n);
    for (const p of this.objects(s, this.id(`${SH}targetObjectsOf`)))
      if (p >= 0) this.store.scan(ANY, p, ANY, ANY, (_s, _p, o) => void out.add(o), true);
    for (const p of this.objects(s, this.id(`${SH}targetSubjectsOf`))) for (const x of this.subjects(p)) out.add(x);
    return [...out];
  }

  /** The members of an RDF list; a malformed list stops the shape. */
  private list(head: number): number[] {
    const first = this.id(`${RDF_NS}first`);
    const rest = this.id(`${RDF_NS}rest`);
    const nil = this.id(`${RDF_NS}nil`);
    const out: number[] = [];
    for (let at = head, n = 0; at !== nil; n++) {
      const f = this.objects(at, first);
      const r = this.objects(at, rest);
      if (f.length !== 1 || r.length !== 1 || n > 10_000) throw new Unsupported();
      out.push(f[0]);
      at = r[0];
    }
    return out;
  }

  /** Checks `s` only uses terms this file implements (and is not deactivated, a SPARQL shape, …). */
  private allowedTerms(s: number, allowed: ReadonlySet<string>): void {
    this.store.scan(
      s,
      ANY,
      ANY,
      ANY,
      (_s, p) => {
        const iri = this.term(p).value;
        if (iri.startsWith(SH) && !allowed.has(iri)) throw new Unsupported();
      },
      true,
    );
  }

  nodeShape(s: number, focusOf: ReadonlyMap<number, number[]>, depth: number): Shape {
    this.allowedTerms(s, NODE_TERMS);
    if (this.objects(s, this.id(`${SH}path`)).length) throw new Unsupported();
    const shape = this.common(s, focusOf, depth);
    shape.nodeHasValue = this.single(s, 'hasValue');
    shape.properties = this.objects(s, this.id(`${SH}property`)).map((p) => this.propertyShape(p, focusOf, depth));
    return shape;
  }

  private propertyShape(s: number, focusOf: ReadonlyMap<number, number[]>, depth: number): PropertyShape {
    this.allowedTerms(s, PROPERTY_TERMS);
    const path = this.single(s, 'path');
    if (path === undefined) throw new Unsupported();
    const pathTerm = this.term(path);
    let predicate = path;
    let inverse = false;
    if (pathTerm.termType !== 'NamedNode') {
      // Only [ sh:inversePath <p> ] besides a plain predicate.
      const steps: Array<[number, number]> = [];
      this.store.scan(path, ANY, ANY, ANY, (_s, p, o) => void steps.push([p, o]), true);
      if (steps.length !== 1 || steps[0][0] !== this.id(`${SH}inversePath`) || this.term(steps[0][1]).termType !== 'NamedNode')
        throw new Unsupported();
      predicate = steps[0][1];
      inverse = true;
    }
    const iri = this.term(predicate).value;
    const count = (local: string) => {
      const v = this.single(s, local);
      return v === undefined ? undefined : parseInt(this.term(v).value);
    };
    const unique = this.single(s, 'uniqueLang');
    const uniqueTerm = unique === undefined ? undefined : (this.term(unique) as RDF.Literal);
    return {
      ...this.common(s, focusOf, depth),
      predicate,
      inverse,
      pathText: inverse ? `^<${iri}>` : iri,
      minCount: count('minCount'),
      maxCount: count('maxCount'),
      hasValue: this.single(s, 'hasValue'),
      equals: this.single(s, 'equals'),
      lessThan: this.single(s, 'lessThan'),
      lessThanOrEquals: this.single(s, 'lessThanOrEquals'),
      uniqueLang: uniqueTerm?.value === 'true' && uniqueTerm.datatype?.value === 'http://www.w3.org/2001/XMLSchema#boolean',
    };
  }

  /** What node and property shapes share: messages, severity and the checks on each value node. */
  private common(s: number, focusOf: ReadonlyMap<number, number[]>, depth: number): Shape {
    const messages = this.objects(s, this.id(`${SH}message`)).map((m) => this.term(m).value);
    const sev = this.single(s, 'severity');
    const sevIri = sev === undefined ? '' : this.term(sev).value;
    const severity = sevIri === `${SH}Warning` ? 'warning' : sevIri === `${SH}Info` ? 'info' : 'violation';
    const checks: ValueCheck[] = [];
    for (const c of this.objects(s, this.id(`${SH}class`))) {
      const set = this.classes(c);
      checks.push((v) =>
        this.objects(v, this.type).some((t) => set.has(t)) ? undefined : { component: 'ClassConstraintComponent', args: {}, value: v },
      );
    }
    const datatype = this.single(s, 'datatype');
    if (datatype !== undefined) {
      const dt = this.term(datatype);
      if (dt.termType !== 'NamedNode') throw new Unsupported();
      checks.push((v) => {
        const t = this.term(v) as RDF.Literal;
        return t.termType === 'Literal' && t.datatype.value === dt.value && this.xsd.validateSimple(t)
          ? undefined
          : {
              component: 'DatatypeConstraintComponent',
              defaultMessage: 'Value does not have datatype {$datatype}',
              args: { datatype: dt },
              value: v,
            };
      });
    }
    const nodeKind = this.single(s, 'nodeKind');
    if (nodeKind !== undefined) {
      const kind = this.term(nodeKind);
      const types = kind.value.startsWith(SH) ? NODE_KINDS[kind.value.slice(SH.length)] : undefined;
      if (!types) throw new Unsupported();
      checks.push((v) =>
        types.includes(this.term(v).termType)
          ? undefined
          : {
              component: 'NodeKindConstraintComponent',
              defaultMessage: 'Value does not have node kind {$nodeKind}',
              args: { nodeKind: kind },
              value: v,
            },
      );
    }
    const inList = this.single(s, 'in');
    if (inList !== undefined) {
      const values = [...new Set(this.list(inList))];
      const set = new Set(values);
      const text = values.map((v) => this.term(v).value).join(', ');
      checks.push((v) =>
        set.has(v)
          ? undefined
          : { component: 'InConstraintComponent', defaultMessage: 'Value is not in {$in}', args: { in: text }, value: v },
      );
    }
    const pattern = this.single(s, 'pattern');
    if (pattern !== undefined) {
      const source = this.term(pattern).value;
      const flagsId = this.single(s, 'flags');
      const flags = flagsId === undefined ? undefined : this.term(flagsId).value;
      // A global or sticky expression keeps state between tests: its results depend on the order of the values.
      if (flags && /[gy]/.test(flags)) throw new Unsupported();
      let re: RegExp;
      try {
        re = new RegExp(source, flags);
      } catch {
        throw new Unsupported();
      }
      checks.push((v) =>
        re.test(this.term(v).value)
          ? undefined
          : {
              component: 'PatternConstraintComponent',
              defaultMessage: 'Value does not match pattern "{$pattern}"',
              args: { flags, pattern: source },
              value: v,
            },
      );
    }
    for (const [local, atLeast] of [
      ['minLength', true],
      ['maxLength', false],
    ] as const) {
      const n = this.single(s, local);
      if (n === undefined) continue;
      const limit = parseInt(this.term(n).value);
      checks.push((v) => {
        const t = this.term(v);
        const ok = t.termType !== 'BlankNode' && (atLeast ? t.value.length >= limit : t.value.length <= limit);
        return ok
          ? undefined
          : {
              component: atLeast ? 'MinLengthConstraintComponent' : 'MaxLengthConstraintComponent',
              defaultMessage: atLeast ? 'Value has less than {$minLength} characters' : 'Value has more than {$maxLength} characters',
              args: { [local]: limit },
              value: v,
            };
      });
    }
    for (const n of this.objects(s, this.id(`${SH}node`))) {
      const conforms = this.member(n, focusOf, depth);
      const nodeTerm = this.term(n);
      checks.push((v) =>
        conforms(v)
          ? undefined
          : {
              component: 'NodeConstraintComponent',
              defaultMessage: 'Value does not have shape {$node}',
              args: { node: nodeTerm },
              value: v,
            },
      );
    }
    // The logical constraints: every list given is one list (shacl-engine flattens them), each member a nested shape.
    const members = (local: string) =>
      this.objects(s, this.id(SH + local)).flatMap((head) => this.list(head).map((m) => this.member(m, focusOf, depth)));
    const or = members('or');
    if (or.length) checks.push((v) => (or.some((m) => m(v)) ? undefined : { component: 'OrConstraintComponent', args: {}, value: v }));
    const xone = members('xone');
    if (xone.length)
      checks.push((v) =>
        xone.filter((m) => m(v)).length === 1 ? undefined : { component: 'XoneConstraintComponent', args: {}, value: v },
      );
    const and = members('and');
    if (and.length) checks.push((v) => (and.every((m) => m(v)) ? undefined : { component: 'AndConstraintComponent', args: {}, value: v }));
    const not = this.single(s, 'not');
    if (not !== undefined) {
      const conforms = this.member(not, focusOf, depth);
      const notTerm = this.term(not);
      checks.push((v) =>
        conforms(v)
          ? { component: 'NotConstraintComponent', defaultMessage: 'Value does have shape {$not}', args: { not: notTerm }, value: v }
          : undefined,
      );
    }
    return { term: s, messages, severity, checks, properties: [] };
  }

  /**
   * A nested shape (of sh:node, sh:or, …) as a test of a value node: whether it conforms (any result, of any severity,
   * means it does not). Only shapes that validate no focus nodes of their own, whose cached results would mix in.
   */
  private member(n: number, focusOf: ReadonlyMap<number, number[]>, depth: number): (v: number) => boolean {
    if (depth >= MAX_DEPTH || (focusOf.get(n)?.length ?? 0) > 0) throw new Unsupported();
    const isProperty = this.objects(n, this.id(`${SH}path`)).length > 0;
    const shape = isProperty ? this.propertyShape(n, focusOf, depth + 1) : this.nodeShape(n, focusOf, depth + 1);
    return (v) => {
      const found: Problem[] = PROBE();
      if (isProperty) this.validateProperty(shape as PropertyShape, v, found);
      else this.validateNode(shape, v, found);
      return found.length === 0;
    };
  }

  validateNode(shape: Shape, focus: number, out: Problem[]): void {
    if (shape.nodeHasValue !== undefined && shape.nodeHasValue !== focus) {
      const hasValue = this.term(shape.nodeHasValue);
      this.report(out, shape, focus, undefined, {
        component: 'HasValueConstraintComponent',
        defaultMessage: 'Value must be {$hasValue}',
        args: { hasValue },
      });
    }
    for (const check of shape.checks) {
      const f = check(focus);
      if (f) this.report(out, shape, focus, undefined, f);
    }
    for (const p of shape.properties) this.validateProperty(p, focus, out);
  }

  private validateProperty(p: PropertyShape, focus: number, out: Problem[]): void {
    const values = p.inverse ? this.subjectsOf(p.predicate, focus) : this.objects(focus, p.predicate);
    const fail = (f: Failure) => this.report(out, p, focus, p.pathText, f);
    if (p.minCount !== undefined && !(values.length >= p.minCount))
      fail({ component: 'MinCountConstraintComponent', defaultMessage: 'Less than {$minCount} values', args: { minCount: p.minCount } });
    if (p.maxCount !== undefined && !(values.length <= p.maxCount))
      fail({ component: 'MaxCountConstraintComponent', defaultMessage: 'More than {$maxCount} values', args: { maxCount: p.maxCount } });
    if (p.hasValue !== undefined && !values.includes(p.hasValue))
      fail({
        component: 'HasValueConstraintComponent',
        defaultMessage: 'Missing expected value {$hasValue}',
        args: { hasValue: this.term(p.hasValue) },
      });
    if (p.uniqueLang) {
      const counts = new Map<string, number>();
      for (const v of values) {
        const lang = (this.term(v) as RDF.Literal).language;
        if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
      }
      for (const [lang, n] of counts)
        if (n > 1)
          fail({ component: 'UniqueLangConstraintComponent', defaultMessage: 'Language "{?lang}" used more than once', args: { lang } });
    }
    if (p.equals !== undefined) {
      // Values missing from the other property, then the other's values missing here.
      const refs = this.objects(focus, p.equals);
      const args = { equals: this.term(p.equals) };
      for (const v of [...values.filter((x) => !refs.includes(x)), ...refs.filter((x) => !values.includes(x))])
        fail({ component: 'EqualsConstraintComponent', defaultMessage: 'Must have same values as {$equals}', args, value: v });
    }
    for (const [other, strict] of [
      [p.lessThan, true],
      [p.lessThanOrEquals, false],
    ] as const) {
      if (other === undefined) continue;
      const refs = this.objects(focus, other).map((r) => this.term(r));
      const name = strict ? 'lessThan' : 'lessThanOrEquals';
      for (const v of values) {
        for (const ref of refs) {
          const c = compareTerms(this.term(v), ref);
          if (c === null || (strict ? c >= 0 : c > 0))
            fail({
              component: strict ? 'LessThanConstraintComponent' : 'LessThanOrEqualsConstraintComponent',
              defaultMessage: strict
                ? 'Value is not less than value of {$lessThan}'
                : 'Value is not less than or equal to value of {$lessThanOrEquals}',
              args: { [name]: this.term(other) },
              value: v,
            });
        }
      }
    }
    for (const v of values) {
      for (const check of p.checks) {
        const f = check(v);
        if (f) fail(f);
      }
    }
  }

  /** One result as a Problem, its message chosen and filled in as shacl-engine does. */
  private report(out: Problem[], shape: Shape, focus: number, path: string | undefined, f: Failure): void {
    // A nested shape's results only say whether it conforms: one is enough, and its text is never read.
    if (PROBES.has(out)) {
      if (out.length === 0) out.push(NOT_CONFORMING);
      return;
    }
    let messages = shape.messages;
    if (messages.length === 0) messages = f.defaultMessage ? [f.defaultMessage] : this.componentMessage(f.component);
    const filled = messages.map((m) => resolveVariables(m, f.args)).filter(Boolean);
    const problem: Problem = {
      severity: shape.severity,
      message: filled.length > 0 ? filled.join('; ') : `sh:${f.component} not satisfied`,
      focusNode: termString(this.term(focus)),
    };
    if (path) problem.path = path;
    if (f.value !== undefined) problem.value = termString(this.term(f.value));
    out.push(problem);
  }

  /** The shapes graph's own sh:message of a constraint component, if it gives one. */
  private componentMessage(component: string): string[] {
    let m = this.componentMessages.get(component);
    if (!m)
      this.componentMessages.set(
        component,
        (m = this.objects(this.id(SH + component), this.id(`${SH}message`)).map((x) => this.term(x).value)),
      );
    return m;
  }
}

/** shacl-engine's message templating: the first `{$name}` and `{?name}` of each argument, terms in N-Triples. */
function resolveVariables(message: string, args: Args): string {
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
