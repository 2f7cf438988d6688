// Reads a SPARQL request before it runs: its form, and whether it is allowed (read-only, no unapproved network).
import { Generator, Parser, SparqlQuery } from 'sparqljs';
import type { QueryForm } from './engine';
import { findExcessNesting } from './nesting';

export type QueryProblemKind = 'syntax' | 'update' | 'remote';

export class QueryProblem extends Error {
  constructor(readonly kind: QueryProblemKind, message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'QueryProblem';
  }
}

export interface AnalyzedQuery {
  form: QueryForm;
  /** The text to run: the original, or one rewritten to carry protocol dataset parameters. */
  text: string;
}

export interface AnalyzeOptions {
  /** IRIs (or IRI prefixes) that SERVICE and FROM may name outside the dataset; empty blocks the network. */
  allowRemote?: readonly string[];
  /** IRI prefix of the local data: FROM / FROM NAMED under it select graphs of the store. */
  localBase?: string;
  /** Graph names present in the store: FROM / FROM NAMED naming them are local. */
  isLocalGraph?: (iri: string) => boolean;
  /** SPARQL Protocol default-graph-uri / named-graph-uri, which override FROM / FROM NAMED. */
  defaultGraphUris?: readonly string[];
  namedGraphUris?: readonly string[];
  /** Refuse queries nested deeper than this many brackets (groups, subqueries, expressions, paths), before parsing. */
  maxDepth?: number;
}

/** Parses and checks a query; throws QueryProblem saying what is wrong and where. */
export function analyzeQuery(text: string, opts: AnalyzeOptions = {}): AnalyzedQuery {
  const deep = opts.maxDepth === undefined ? undefined : findExcessNesting(text, opts.maxDepth);
  if (deep) {
    throw new QueryProblem('syntax', `The query is nested too deeply: more than ${opts.maxDepth} levels of brackets ({ ( [).`, deep.line, deep.column);
  }
  let parsed: SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch (e) {
    const err = e as Error & { hash?: { loc?: { first_line: number; first_column: number } } };
    const loc = err.hash?.loc;
    throw new QueryProblem('syntax', err.message, loc?.first_line, loc ? loc.first_column + 1 : undefined);
  }
  if (parsed.type === 'update') {
    throw new QueryProblem('update', 'This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) is not accepted.');
  }
  const allowed = (iri: string) => (opts.allowRemote ?? []).some((p) => iri.startsWith(p));
  const isLocal = (iri: string) => (opts.localBase !== undefined && iri.startsWith(opts.localBase)) || (opts.isLocalGraph?.(iri) ?? false);
  for (const service of findServices(parsed)) {
    if (service.startsWith('?')) {
      throw new QueryProblem('remote', `SERVICE ${service} (a variable) could reach any address on the network, which this endpoint never does; name an allow-listed endpoint IRI instead.`);
    }
    if (!allowed(service)) {
      throw new QueryProblem('remote', `SERVICE <${service}> would reach the network, which this endpoint does not do unless the IRI is allow-listed (--allow-remote).`);
    }
  }
  let rewritten = false;
  if (opts.defaultGraphUris?.length || opts.namedGraphUris?.length) {
    parsed.from = {
      default: (opts.defaultGraphUris ?? []).map(named),
      named: (opts.namedGraphUris ?? []).map(named),
    };
    rewritten = true;
  }
  for (const g of [...(parsed.from?.default ?? []), ...(parsed.from?.named ?? [])]) {
    if (!isLocal(g.value) && !allowed(g.value)) {
      throw new QueryProblem('remote', `The dataset names <${g.value}>, which is not a graph of this endpoint; fetching it from the network is not allowed (--allow-remote).`);
    }
  }
  const form = parsed.queryType as QueryForm;
  return { form, text: rewritten ? new Generator().stringify(parsed) : text };
}

function named(iri: string) {
  return { termType: 'NamedNode', value: iri } as never;
}

/** Every SERVICE IRI in the query, wherever it is nested. */
function findServices(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) { for (const n of node) findServices(n, out); return out; }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'service') {
      const name = o.name as { termType: string; value: string };
      if (name.termType === 'NamedNode') out.push(name.value);
      else out.push(`?${name.value}`);
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') findServices(v, out);
  }
  return out;
}
