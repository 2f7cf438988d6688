// SHACL Core validation with shacl-engine over the union of all graphs, reported as Problems.
import type * as RDF from '@rdfjs/types';
import { DataFactory, Store } from 'n3';
import { Validator, type ValidationResult, type ValidatorFactory } from 'shacl-engine';
import type { Problem } from '../rdf/problem';
import { QuadStore } from '../store/quadStore';
import { UnionGraphView } from '../store/unionGraphView';

const SH = 'http://www.w3.org/ns/shacl#';

/** Where a term is written, if the caller knows (the loader's files); SHACL itself has no positions. */
export type Locate = (term: RDF.Term) => { file?: string; line?: number; column?: number } | undefined;

export interface ValidateOptions {
  locate?: Locate;
}

const factory: ValidatorFactory = {
  namedNode: DataFactory.namedNode,
  blankNode: DataFactory.blankNode,
  literal: DataFactory.literal,
  quad: DataFactory.quad as ValidatorFactory['quad'],
  defaultGraph: DataFactory.defaultGraph,
  dataset: () => new Store() as unknown as RDF.DatasetCore,
};

/** Data or shapes as shacl-engine reads them: the union of all graphs, each triple once. */
export type Graph = QuadStore | Iterable<RDF.Quad>;

function unionGraph(data: Graph): RDF.DatasetCore {
  return new UnionGraphView(data instanceof QuadStore ? data : QuadStore.fromQuads(data));
}

/** A compiled shapes graph, reusable across validations (compiling is the costly part for small data). */
export class ShapesValidator {
  private readonly validator: Validator;

  constructor(shapes: Graph) {
    this.validator = new Validator(unionGraph(shapes), { factory });
  }

  /** One Problem per distinct SHACL result; `only`: validate just these shapes (a share of the work of several threads). */
  async validate(data: Graph, opts: ValidateOptions = {}, only?: readonly RDF.Term[]): Promise<Problem[]> {
    const report = await this.validator.validate(
      { dataset: unionGraph(data) },
      only?.map((t) => ({ terms: [t] })),
    );
    return distinctProblems(report.results.map((r) => toProblem(r, opts.locate)));
  }
}

/** Problems without repeats (several shapes may report the same thing), in a stable order. */
export function distinctProblems(found: Iterable<Problem>): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const p of found) {
    const key = `${p.severity}|${p.focusNode}|${p.path}|${p.value}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  return problems.sort(byProblem);
}

/** Validates `data` (all graphs, as one union) against `shapes`; one Problem per SHACL result. */
export async function validateShapes(data: Graph, shapes: Graph, opts: ValidateOptions = {}): Promise<Problem[]> {
  return new ShapesValidator(shapes).validate(data, opts);
}

function toProblem(r: ValidationResult, locate?: Locate): Problem {
  const focus = r.focusNode.term;
  const component = r.constraintComponent.value.replace(SH, 'sh:');
  const messages = r.message.map((m) => m.value).filter(Boolean);
  const problem: Problem = {
    severity: severity(r.severity.value),
    message: messages.length > 0 ? messages.join('; ') : `${component} not satisfied`,
    focusNode: termString(focus),
  };
  const path = pathString(r.path);
  if (path) problem.path = path;
  if (r.value?.term) problem.value = termString(r.value.term);
  const where = locate?.(focus);
  if (where?.file) Object.assign(problem, where);
  return problem;
}

function severity(iri: string): Problem['severity'] {
  if (iri === `${SH}Warning`) return 'warning';
  if (iri === `${SH}Info`) return 'info';
  return 'violation';
}

/** IRIs in full; literals in N-Triples style so language and datatype stay visible. */
export function termString(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return t.value;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const v = JSON.stringify(t.value);
      if (t.language) return `${v}@${t.language}`;
      return t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? v : `${v}^^<${t.datatype.value}>`;
    }
    default:
      return t.value;
  }
}

/** A predicate path as an IRI; anything longer in SPARQL property-path style. */
function pathString(steps: ValidationResult['path']): string | undefined {
  if (!steps || steps.length === 0) return undefined;
  const one = (s: NonNullable<ValidationResult['path']>[number]): string => {
    const alt = s.predicates.map((p) => p.value);
    const base = alt.length > 1 ? `(${alt.map((a) => `<${a}>`).join('|')})` : alt[0];
    const inv = s.start === 'object' ? `^${alt.length > 1 ? base : `<${base}>`}` : base;
    const q = { oneOrMore: '+', zeroOrMore: '*', zeroOrOne: '?' }[s.quantifier] ?? '';
    return q ? `${inv.startsWith('<') || inv.startsWith('(') || inv.startsWith('^') ? inv : `<${inv}>`}${q}` : inv;
  };
  return steps.length === 1
    ? one(steps[0])
    : steps
        .map((s) => one(s))
        .map((x) => (x.startsWith('<') || x.startsWith('^') || x.startsWith('(') ? x : `<${x}>`))
        .join('/');
}

const RANK = { violation: 0, warning: 1, info: 2 } as const;

function byProblem(a: Problem, b: Problem): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    (a.focusNode ?? '').localeCompare(b.focusNode ?? '') ||
    (a.path ?? '').localeCompare(b.path ?? '') ||
    a.message.localeCompare(b.message)
  );
}
