// DESCRIBE as the CONSTRUCT it means here (docs/endpoint.md): the triples whose subject is a described resource.
import { Generator, Parser } from 'sparqljs';
import type * as S from 'sparqljs';
import { renameBlankNodes } from './workarounds';

const RESOURCE = { termType: 'Variable', value: 'describe__resource' } as const;
const PREDICATE = { termType: 'Variable', value: 'describe__predicate' } as const;
const OBJECT = { termType: 'Variable', value: 'describe__object' } as const;

/**
 * SPARQL leaves what DESCRIBE returns to the endpoint (§16.4); ours returns, for each IRI the query names and each
 * value a described variable takes in some solution, the triples of the default graph with it as subject. Comunica
 * 5.4 joins one `?v ?p ?o` pattern per variable with the WHERE clause, so `DESCRIBE ?a ?b` returns nothing for a
 * solution where ?a has no triples (a literal, or an IRI only ever an object), and it applies LIMIT/OFFSET to the
 * described triples instead of the solutions. So the query is rewritten into that CONSTRUCT: one subquery per
 * variable (with the solution modifiers), unbound values dropped, the named IRIs as VALUES.
 * Found by the differential tests (docs/differential.md); no upstream issue found.
 */
export function rewriteDescribe(text: string): string {
  if (!/\bDESCRIBE\b/i.test(text)) return text;
  let parsed: S.SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch {
    return text; // the engine reports the syntax error in its own words
  }
  if (parsed.type !== 'query' || parsed.queryType !== 'DESCRIBE') return text;
  // sparqljs parses the solution modifiers of a DESCRIBE but leaves them out of its type.
  const q = parsed as S.DescribeQuery & Pick<S.SelectQuery, 'group' | 'having' | 'order' | 'limit' | 'offset'>;
  const where = q.where ?? [];
  const terms = isWildcard(q.variables) ? variablesIn(where).map((value) => ({ termType: 'Variable', value })) : q.variables as Array<{ termType: string; value: string }>;
  const branches: S.Pattern[] = [];
  terms.filter((t) => t.termType === 'Variable').forEach((v, i) => {
    const select = {
      type: 'query', queryType: 'SELECT', prefixes: {}, variables: [{ expression: v, variable: RESOURCE }],
      // A blank-node label may not appear in two basic graph patterns: each copy of the pattern gets its own.
      where: renameBlankNodes(where, `_d${i}`), group: q.group, having: q.having, order: q.order, limit: q.limit, offset: q.offset, values: q.values,
    };
    branches.push({ type: 'group', patterns: [{ type: 'group', patterns: [select as unknown as S.Pattern] }, { type: 'filter', expression: { type: 'operation', operator: 'bound', args: [RESOURCE] } as S.Expression }] });
  });
  const named = terms.filter((t) => t.termType === 'NamedNode');
  if (named.length) branches.push({ type: 'values', values: named.map((t) => ({ [`?${RESOURCE.value}`]: t })) } as S.ValuesPattern);
  if (!branches.length) return text;
  const triple = { subject: RESOURCE, predicate: PREDICATE, object: OBJECT } as S.Triple;
  const construct = {
    type: 'query', queryType: 'CONSTRUCT', prefixes: {}, from: q.from, template: [triple],
    where: [branches.length === 1 ? branches[0] : { type: 'union', patterns: branches }, { type: 'bgp', triples: [triple] }],
  };
  return new Generator().stringify(construct as unknown as S.SparqlQuery);
}

function isWildcard(variables: S.DescribeQuery['variables']): boolean {
  return variables.length === 1 && !('termType' in variables[0] && (variables[0] as { termType: string }).termType !== 'Wildcard');
}

/** Every variable named in the patterns, in order of first appearance (DESCRIBE * describes them all). */
function variablesIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) { for (const n of node) variablesIn(n, out); return out; }
  if (!node || typeof node !== 'object') return out;
  const o = node as Record<string, unknown>;
  if (o.termType === 'Variable') { if (!out.includes(o.value as string)) out.push(o.value as string); return out; }
  for (const v of Object.values(o)) variablesIn(v, out);
  return out;
}
