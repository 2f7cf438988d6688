// DESCRIBE read off the indexes, as a resource's document is: the triples of the default graph with it as subject.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { QuadStore } from '../../store/quadStore';
import type { Operation } from '../syntax';
import { Execution } from './execute';
import { type PlanNode, type PlanOptions, planPattern, Slots } from './plan';

export interface DescribePlan {
  /** Ids of the IRIs the query names (-2: not in the store, which describes nothing). */
  constants: number[];
  /** Slots of described variables, with the pattern they take their values from. */
  variables: number[];
  slots: Slots;
  pattern?: PlanNode;
}

/**
 * `DESCRIBE <iri> …` and `DESCRIBE ?v … WHERE { pattern }` (no ORDER BY, LIMIT or FROM: those go to the engine),
 * with the description docs/endpoint.md defines for the engine's answer too, or undefined.
 */
export function planDescribe(algebra: Operation, store: QuadStore, opts: PlanOptions = {}): DescribePlan | undefined {
  if (algebra.type !== 'describe') return undefined;
  const slots = new Slots(opts);
  const constants: number[] = [];
  const variables: number[] = [];
  for (const t of algebra.terms as RDF.Term[]) {
    if (t.termType === 'NamedNode') constants.push(store.lookup(t) ?? -2);
    else if (t.termType === 'Variable') variables.push(slots.of(t.value));
    else return undefined;
  }
  const input = algebra.input as Operation;
  const empty = input.type === 'bgp' && (input.patterns as unknown[]).length === 0;
  if (empty && !variables.length) return { constants, variables, slots };
  const pattern = planPattern(input, store, slots);
  return pattern && { constants, variables, slots, pattern };
}

/**
 * The description's triples, each once, or undefined when there are more than `maxRows` (the engine then cuts
 * the answer as it does every other). Throws OverBudget past the budget.
 */
export function runDescribe(
  store: QuadStore,
  plan: DescribePlan,
  opts: { graph: number; budget: number; maxRows: number },
): RDF.Quad[] | undefined {
  const described = new Set(plan.constants.filter((id) => id >= 0));
  const ex = new Execution(store, plan.slots.names.length, opts.graph, opts.budget);
  if (plan.pattern) {
    const row = ex.row;
    ex.run(plan.pattern, () => {
      for (const v of plan.variables) if (row[v] !== -1) described.add(row[v]);
      return true;
    });
  }
  const quads: RDF.Quad[] = [];
  let over = false;
  for (const id of described) {
    const subject = store.termOf(id);
    // A literal describes nothing: it is never a subject.
    if (subject.termType === 'Literal') continue;
    store.scan(
      id,
      -1,
      -1,
      opts.graph,
      (_s, p, o) => {
        ex.tick();
        if (quads.length >= opts.maxRows) {
          over = true;
          return false;
        }
        quads.push(
          DataFactory.quad(subject as RDF.Quad_Subject, store.termOf(p) as RDF.Quad_Predicate, store.termOf(o) as RDF.Quad_Object),
        );
        return true;
      },
      opts.graph === -1,
    );
    if (over) return undefined;
  }
  return quads;
}
