// The basic-graph-pattern SELECTs of the direct path (bgp.ts), read off the one parse's algebra in its planner's shape.
import type * as RDF from '@rdfjs/types';
import type { SelectQuery, SparqlQuery } from 'sparqljs';
import type { Operation } from './syntax';

/**
 * `SELECT [DISTINCT] vars WHERE { triple patterns } [LIMIT] [OFFSET]` over the default graph, as sparqljs would give
 * it; undefined for anything else (the planner then leaves the query to the engine). SELECT * comes with the
 * variables the algebra projects, in its order, so both paths answer with the same columns.
 */
export function bgpShape(algebra: Operation): SparqlQuery | undefined {
  let op = algebra;
  let limit: number | undefined;
  let offset: number | undefined;
  if (op.type === 'slice') {
    const start = op.start as number;
    const length = op.length as number | undefined;
    if (start) offset = start;
    if (length !== undefined) limit = length;
    op = op.input as Operation;
  }
  const distinct = op.type === 'distinct';
  if (distinct) op = op.input as Operation;
  if (op.type !== 'project') return undefined;
  const variables = op.variables as RDF.Variable[];
  const bgp = op.input as Operation;
  if (bgp.type !== 'bgp') return undefined;
  const triples = (bgp.patterns as RDF.Quad[]).map((q) => {
    if (q.graph.termType !== 'DefaultGraph') return undefined;
    return { subject: q.subject, predicate: q.predicate, object: q.object };
  });
  if (!triples.length || triples.some((t) => t === undefined)) return undefined;
  const query = {
    type: 'query',
    queryType: 'SELECT',
    prefixes: {},
    variables,
    where: [{ type: 'bgp', triples }],
    ...(distinct ? { distinct: true } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(offset !== undefined ? { offset } : {}),
  };
  return query as unknown as SelectQuery;
}
