// The index evaluator as the query path sees it: a query's algebra in, a finished answer out, or undefined when the
// engine must answer (a shape it does not take, a value whose semantics it leaves to the engine, too much work).
import type * as RDF from '@rdfjs/types';
import type { QuadStore } from '../../store/quadStore';
import { findFormat } from '../../rdf/formats';
import { serializeQuads } from '../../rdf/serialize';
import { serializeBoolean } from '../../rdf/booleanResults';
import type { QueryOutput } from '../comunica/engine';
import type { Operation, QueryForm } from '../syntax';
import { type DescribePlan, planDescribe, runDescribe } from './describe';
import { OverBudget } from './execute';
import type { PlanOptions } from './plan';
import type { RegexPolicy } from './expressions';
import { planSelect, runSelect, type SelectPlan } from './select';
import { Fallback } from './terms';

export interface IndexQuery {
  form: QueryForm;
  algebra: Operation;
  /** The syntax has a GRAPH pattern (ParsedQuery.graphs): the algebra may have lost one, so the engine answers. */
  graphs?: boolean;
}

export interface IndexLimits {
  maxRows: number;
  prefixes?: Record<string, string>;
}

/** How many answers this thread's evaluators gave, and how many planned queries they handed back (for tests, benches). */
export const indexStats = { answered: 0, declined: 0 };

type Plan = { select: SelectPlan } | { describe: DescribePlan } | null;

/** Answers what it can of SELECT (SPARQL JSON), ASK (any results format) and DESCRIBE (any RDF format) from the store. */
export class IndexEvaluator {
  private readonly plans = new WeakMap<Operation, Plan>();
  private readonly graph: number;

  constructor(
    private readonly store: QuadStore,
    opts: { unionDefaultGraph: boolean; budget: number; regex?: RegexPolicy },
    private readonly budget = opts.budget,
    private readonly planOptions: PlanOptions = { regex: opts.regex },
  ) {
    // The union default graph is each triple once over all graphs (-1); otherwise the unnamed graph, if any (-2: none).
    this.graph = opts.unionDefaultGraph ? -1 : (store.lookup({ termType: 'DefaultGraph', value: '' } as RDF.DefaultGraph) ?? -2);
  }

  /** The plan of a query, made once per parse. */
  plan(query: IndexQuery): Plan {
    let plan = this.plans.get(query.algebra);
    if (plan === undefined) {
      if (query.graphs) plan = null;
      else if (query.form === 'DESCRIBE') {
        const d = planDescribe(query.algebra, this.store, this.planOptions);
        plan = d ? { describe: d } : null;
      } else {
        const s = planSelect(query.algebra, this.store, this.planOptions);
        plan = s ? { select: s } : null;
      }
      this.plans.set(query.algebra, plan);
    }
    return plan;
  }

  answer(query: IndexQuery, mediaType: string, limits: IndexLimits): QueryOutput | Promise<QueryOutput> | undefined {
    const plan = this.plan(query);
    if (!plan) return undefined;
    const out = this.run(plan, mediaType, limits);
    if (out) indexStats.answered++;
    else indexStats.declined++;
    return out;
  }

  private run(plan: NonNullable<Plan>, mediaType: string, limits: IndexLimits): QueryOutput | Promise<QueryOutput> | undefined {
    // A store without the unnamed graph, when that is the default graph: the engine says what an empty graph answers.
    if (this.graph === -2) return undefined;
    const opts = { graph: this.graph, budget: this.budget, maxRows: limits.maxRows };
    try {
      if ('describe' in plan) {
        const format = findFormat(mediaType);
        if (!format || (format.kind !== 'graph' && format.kind !== 'dataset')) return undefined;
        const quads = runDescribe(this.store, plan.describe, opts);
        if (!quads) return undefined;
        return serializeQuads(quads, format, { prefixes: limits.prefixes }).then((body) => ({
          form: 'DESCRIBE' as const,
          mediaType,
          body,
          count: quads.length,
          truncated: false,
        }));
      }
      const p = plan.select;
      if (p.form === 'ASK') {
        if (findFormat(mediaType)?.kind !== 'results') return undefined;
        const a = runSelect(this.store, p, opts);
        return { form: 'ASK', mediaType, body: serializeBoolean(a.value!, mediaType), count: 1, truncated: false };
      }
      if (mediaType !== 'application/sparql-results+json') return undefined;
      const a = runSelect(this.store, p, opts);
      return { form: 'SELECT', mediaType, body: a.body, count: a.count, truncated: a.truncated };
    } catch (e) {
      if (e instanceof OverBudget || e instanceof Fallback) return undefined;
      throw e;
    }
  }
}
