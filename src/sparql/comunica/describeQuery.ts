// DESCRIBE as the CONSTRUCT it means here (docs/endpoint.md): the triples whose subject is a described resource.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import type { Operation } from '../syntax';

const DF = new DataFactory();
const RESOURCE = DF.variable('describe__resource');
const PREDICATE = DF.variable('describe__predicate');
const OBJECT = DF.variable('describe__object');

/**
 * SPARQL leaves what DESCRIBE returns to the endpoint (§16.4); ours returns, for each IRI the query names and each
 * value a described variable takes in some solution, the triples of the default graph with it as subject. Comunica
 * 5.4 joins one `?v ?p ?o` pattern per variable with the WHERE clause, so `DESCRIBE ?a ?b` returns nothing for a
 * solution where ?a has no triples (a literal, or an IRI only ever an object), and it applies LIMIT/OFFSET to the
 * described triples instead of the solutions. So the algebra's describe becomes that CONSTRUCT: per variable, the
 * solutions (with their modifiers, the slice included) projected to it, unbound values dropped, the named IRIs as
 * VALUES. Found by the differential tests (docs/differential.md); no upstream issue found. Copies what it changes.
 */
export function describeAsConstruct(op: Operation): Operation {
  if (op.type === 'from') {
    const input = describeAsConstruct(op.input as Operation);
    return input === op.input ? op : { ...op, input };
  }
  // The translation puts the slice (LIMIT/OFFSET) outside the describe, and the ORDER BY inside it.
  const slice = op.type === 'slice' && (op.input as Operation).type === 'describe' ? op : undefined;
  const describe = slice ? (slice.input as Operation) : op;
  if (describe.type !== 'describe') return op;
  const terms = describe.terms as RDF.Term[];
  const branches: Operation[] = terms
    .filter((t) => t.termType === 'Variable')
    .map((v) => {
      const extended: Operation = { type: 'extend', input: describe.input, variable: RESOURCE, expression: term(v) };
      const projected: Operation = { type: 'project', input: extended, variables: [RESOURCE] };
      const modified = slice ? { ...slice, input: projected } : projected;
      return {
        type: 'filter',
        input: modified,
        expression: { type: 'expression', subType: 'operator', operator: 'bound', args: [term(RESOURCE)] },
      };
    });
  const named = terms.filter((t) => t.termType === 'NamedNode');
  if (named.length) branches.push({ type: 'values', variables: [RESOURCE], bindings: named.map((t) => ({ [RESOURCE.value]: t })) });
  if (!branches.length) return op;
  const pattern = Object.assign(DF.quad(RESOURCE, PREDICATE, OBJECT), { type: 'pattern' });
  const resources = branches.length === 1 ? branches[0] : { type: 'union', input: branches };
  return { type: 'construct', input: { type: 'join', input: [resources, { type: 'bgp', patterns: [pattern] }] }, template: [pattern] };
}

function term(t: RDF.Term): Operation {
  return { type: 'expression', subType: 'term', term: t };
}
