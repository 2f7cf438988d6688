// Reads a SPARQL request before it runs: its form, and whether it is allowed (read-only, no unapproved network).
import { Generator, Parser, SparqlQuery } from 'sparqljs';
import type { QueryForm } from './comunica/engine';
import { findExcessNesting } from './nesting';
import { outlineQuery } from './queryOutline';
import { QueryError } from './queryError';

export interface AnalyzedQuery {
  form: QueryForm;
  /** The text to run: the original, or one rewritten to carry protocol dataset parameters. */
  text: string;
  /** The parsed query (sparqljs), when sparqljs could read it; matches `text`. */
  parsed?: SparqlQuery;
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

const READ_ONLY = 'This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) is not accepted.';

/** Parses and checks a query; throws QueryError (syntax, update or remote) saying what is wrong and where. */
export function analyzeQuery(text: string, opts: AnalyzeOptions = {}): AnalyzedQuery {
  const deep = opts.maxDepth === undefined ? undefined : findExcessNesting(text, opts.maxDepth);
  if (deep) {
    throw new QueryError('syntax', `The query is nested too deeply: more than ${opts.maxDepth} levels of brackets ({ ( [).`, deep.line, deep.column);
  }
  let parsed: SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch (e) {
    const err = e as Error & { hash?: { loc?: { last_line: number; last_column: number } } };
    // sparqljs crashes (TypeError, no position) on some valid queries, e.g. `CONSTRUCT { [ :p ?o ] . }`
    // (RubenVerborgh/SPARQL.js#164, W3C test construct/construct-3): ask the parser Comunica runs instead.
    if (e instanceof TypeError && !err.hash) return analyzeOutline(text, opts);
    const at = err.hash?.loc ? offendingPosition(text, err.hash.loc) : undefined;
    throw new QueryError('syntax', err.message, at?.line, at?.column);
  }
  if (parsed.type === 'update') throw new QueryError('update', READ_ONLY);
  checkServices(findServices(parsed), opts);
  let rewritten = false;
  if (opts.defaultGraphUris?.length || opts.namedGraphUris?.length) {
    parsed.from = {
      default: (opts.defaultGraphUris ?? []).map(named),
      named: (opts.namedGraphUris ?? []).map(named),
    };
    rewritten = true;
  }
  checkDataset([...(parsed.from?.default ?? []), ...(parsed.from?.named ?? [])].map((g) => g.value), opts);
  const form = parsed.queryType as QueryForm;
  return { form, text: rewritten ? new Generator().stringify(parsed) : text, parsed };
}

/** The same checks over the outline Comunica's parser gives, for queries sparqljs cannot read. */
function analyzeOutline(text: string, opts: AnalyzeOptions): AnalyzedQuery {
  let outline;
  try {
    outline = outlineQuery(text);
  } catch (e) {
    throw new QueryError('syntax', (e as Error).message);
  }
  if (outline.form === 'UPDATE') throw new QueryError('update', READ_ONLY);
  checkServices(outline.services, opts);
  if (opts.defaultGraphUris?.length || opts.namedGraphUris?.length) {
    throw new QueryError('syntax', 'This query cannot be combined with default-graph-uri / named-graph-uri (a parser limitation); name the graphs with FROM / FROM NAMED in the query instead.');
  }
  checkDataset([...outline.from.default, ...outline.from.named], opts);
  return { form: outline.form, text };
}

function allowed(iri: string, opts: AnalyzeOptions): boolean {
  return (opts.allowRemote ?? []).some((p) => iri.startsWith(p));
}

function checkServices(services: readonly string[], opts: AnalyzeOptions): void {
  for (const service of services) {
    if (service.startsWith('?')) {
      throw new QueryError('remote', `SERVICE ${service} (a variable) could reach any address on the network, which this endpoint never does; name an allow-listed endpoint IRI instead.`);
    }
    if (!allowed(service, opts)) {
      throw new QueryError('remote', `SERVICE <${service}> would reach the network, which this endpoint does not do unless the IRI is allow-listed (--allow-remote).`);
    }
  }
}

function checkDataset(graphs: readonly string[], opts: AnalyzeOptions): void {
  const isLocal = (iri: string) => (opts.localBase !== undefined && iri.startsWith(opts.localBase)) || (opts.isLocalGraph?.(iri) ?? false);
  for (const g of graphs) {
    if (!isLocal(g) && !allowed(g, opts)) {
      throw new QueryError('remote', `The dataset names <${g}>, which is not a graph of this endpoint; fetching it from the network is not allowed (--allow-remote).`);
    }
  }
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

/**
 * Where the unexpected token starts: sparqljs (jison) reports the location of the last token it accepted,
 * so the position is the first non-blank character after it (1-based line and column).
 */
export function offendingPosition(text: string, lastGood: { last_line: number; last_column: number }): { line: number; column: number } {
  const lines = text.split('\n');
  let line = lastGood.last_line - 1;
  let col = lastGood.last_column;
  while (line < lines.length) {
    const rest = lines[line].slice(col);
    const skip = rest.search(/\S/);
    if (skip >= 0) return { line: line + 1, column: col + skip + 1 };
    line++;
    col = 0;
  }
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
