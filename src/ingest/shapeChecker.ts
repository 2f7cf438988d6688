// Checks focus nodes against compiled shapes and reports each SHACL result as shacl-engine words it.
import type * as RDF from '@rdfjs/types';
import compareTerms from 'shacl-engine/lib/compareTerms.js';
import type { Problem } from '../rdf/problem';
import { resolveVariables } from './resolveVariables';
import type { ShapeIndex } from './shapeIndex';
import { type Failure, type PropertyShape, SH, type Shape } from './shapeModel';
import { termString } from './validate';

/** Result lists of nested shapes, which only need to know whether anything failed. */
const PROBES = new WeakSet<Problem[]>();
const NOT_CONFORMING: Problem = { severity: 'violation', message: '' };

/** Checks nodes against shapes compiled over the same index; results are appended to the list given. */
export class ShapeChecker {
  private readonly componentMessages = new Map<string, string[]>();

  constructor(private readonly ix: ShapeIndex) {}

  /** A list for the results of a nested shape: it keeps at most one, wordless, result. */
  probe(): Problem[] {
    const list: Problem[] = [];
    PROBES.add(list);
    return list;
  }

  validateNode(shape: Shape, focus: number, out: Problem[]): void {
    if (shape.nodeHasValue !== undefined && shape.nodeHasValue !== focus) {
      const hasValue = this.ix.term(shape.nodeHasValue);
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

  validateProperty(p: PropertyShape, focus: number, out: Problem[]): void {
    const ix = this.ix;
    const values = p.inverse ? ix.subjectsOf(p.predicate, focus) : ix.objects(focus, p.predicate);
    const fail = (f: Failure) => this.report(out, p, focus, p.pathText, f);
    if (p.minCount !== undefined && !(values.length >= p.minCount))
      fail({ component: 'MinCountConstraintComponent', defaultMessage: 'Less than {$minCount} values', args: { minCount: p.minCount } });
    if (p.maxCount !== undefined && !(values.length <= p.maxCount))
      fail({ component: 'MaxCountConstraintComponent', defaultMessage: 'More than {$maxCount} values', args: { maxCount: p.maxCount } });
    if (p.hasValue !== undefined && !values.includes(p.hasValue))
      fail({
        component: 'HasValueConstraintComponent',
        defaultMessage: 'Missing expected value {$hasValue}',
        args: { hasValue: ix.term(p.hasValue) },
      });
    if (p.uniqueLang) {
      const counts = new Map<string, number>();
      for (const v of values) {
        const lang = (ix.term(v) as RDF.Literal).language;
        if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
      }
      for (const [lang, n] of counts)
        if (n > 1)
          fail({ component: 'UniqueLangConstraintComponent', defaultMessage: 'Language "{?lang}" used more than once', args: { lang } });
    }
    if (p.equals !== undefined) {
      // Values missing from the other property, then the other's values missing here.
      const refs = ix.objects(focus, p.equals);
      const args = { equals: ix.term(p.equals) };
      for (const v of [...values.filter((x) => !refs.includes(x)), ...refs.filter((x) => !values.includes(x))])
        fail({ component: 'EqualsConstraintComponent', defaultMessage: 'Must have same values as {$equals}', args, value: v });
    }
    for (const [other, strict] of [
      [p.lessThan, true],
      [p.lessThanOrEquals, false],
    ] as const) {
      if (other === undefined) continue;
      const refs = ix.objects(focus, other).map((r) => ix.term(r));
      const name = strict ? 'lessThan' : 'lessThanOrEquals';
      for (const v of values) {
        for (const ref of refs) {
          const c = compareTerms(ix.term(v), ref);
          if (c === null || (strict ? c >= 0 : c > 0))
            fail({
              component: strict ? 'LessThanConstraintComponent' : 'LessThanOrEqualsConstraintComponent',
              defaultMessage: strict
                ? 'Value is not less than value of {$lessThan}'
                : 'Value is not less than or equal to value of {$lessThanOrEquals}',
              args: { [name]: ix.term(other) },
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
      focusNode: termString(this.ix.term(focus)),
    };
    if (path) problem.path = path;
    if (f.value !== undefined) problem.value = termString(this.ix.term(f.value));
    out.push(problem);
  }

  /** The shapes graph's own sh:message of a constraint component, if it gives one. */
  private componentMessage(component: string): string[] {
    let m = this.componentMessages.get(component);
    if (!m)
      this.componentMessages.set(
        component,
        (m = this.ix.objects(this.ix.id(SH + component), this.ix.id(`${SH}message`)).map((x) => this.ix.term(x).value)),
      );
    return m;
  }
}
