// Reads a query's form, dataset and SERVICE targets with the parser Comunica itself runs (traqula), for queries sparqljs cannot read.
import { DataFactory } from 'n3';
import type { QueryForm } from './comunica/engine';

export interface QueryOutline {
  form: QueryForm | 'UPDATE';
  /** FROM / FROM NAMED IRIs, resolved against the query's BASE. */
  from: { default: string[]; named: string[] };
  /** SERVICE targets: IRIs, or `?name` for a variable. */
  services: string[];
}

interface Traqula {
  parser: { parse(query: string, context: { astFactory: unknown }): { type: string; subType?: string } };
  astFactory: () => unknown;
  toAlgebra: (ast: unknown, options: Record<string, unknown>) => unknown;
}

let traqula: Traqula | undefined;

/**
 * The traqula packages ship ES-module typings that a CommonJS build cannot import; they do ship CommonJS code,
 * so they are required here and typed by the little this module uses.
 */
function load(): Traqula {
  if (!traqula) {
    const { Parser } = require('@traqula/parser-sparql-1-2') as { Parser: new () => Traqula['parser'] };
    const { AstFactory } = require('@traqula/rules-sparql-1-2') as { AstFactory: new () => unknown };
    const { toAlgebra } = require('@traqula/algebra-sparql-1-2') as { toAlgebra: Traqula['toAlgebra'] };
    traqula = { parser: new Parser(), astFactory: () => new AstFactory(), toAlgebra };
  }
  return traqula;
}

/** Parses and translates the query as Comunica would; throws the parser's Error on malformed input. */
export function outlineQuery(text: string): QueryOutline {
  const t = load();
  const ast = t.parser.parse(text, { astFactory: t.astFactory() });
  if (ast.type === 'update') return { form: 'UPDATE', from: { default: [], named: [] }, services: [] };
  const form = (ast.subType ?? '').toUpperCase() as QueryForm;
  const algebra = t.toAlgebra(ast, { quads: true, blankToVariable: true, dataFactory: DataFactory });
  const outline: QueryOutline = { form, from: { default: [], named: [] }, services: [] };
  walk(algebra, (o) => {
    if (o.type === 'from') {
      outline.from.default.push(...(o.default as Array<{ value: string }>).map((n) => n.value));
      outline.from.named.push(...(o.named as Array<{ value: string }>).map((n) => n.value));
    }
    if (o.type === 'service') {
      const name = o.name as { termType: string; value: string };
      outline.services.push(name.termType === 'NamedNode' ? name.value : `?${name.value}`);
    }
  });
  return outline;
}

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) { for (const n of node) walk(n, visit); return; }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.termType === 'string') return;
  visit(o);
  for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v, visit);
}
