// Parses a SPARQL request once and checks it before it runs: its form, read-only, no unapproved network.
import type { SparqlQuery } from 'sparqljs';
import { findExcessNesting } from './nesting';
import { astFactory, parsedFrom, parseSyntax, ParsedQuery, QueryForm, SparqlSyntaxError, walkAlgebra } from './syntax';
import { bgpShape } from './bgpShape';
import { QueryError } from './queryError';

export interface AnalyzedQuery {
  form: QueryForm;
  /** The query text as received. */
  text: string;
  /** The protocol's default-graph-uri / named-graph-uri applied to the parse, which the text does not show. */
  graphParams?: { defaultGraphUris: readonly string[]; namedGraphUris: readonly string[] };
  /** The parse: syntax tree and algebra, the protocol's dataset parameters applied. Stays on the thread that made it. */
  query: ParsedQuery;
  /**
   * The query in sparqljs's shape, for the basic-graph-pattern planner (bgp.ts); given only for the SELECTs of the
   * shape it plans (a projection, DISTINCT, LIMIT, OFFSET over one basic graph pattern), built from the algebra.
   */
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
    throw new QueryError(
      'syntax',
      `The query is nested too deeply: more than ${opts.maxDepth} levels of brackets ({ ( [).`,
      deep.line,
      deep.column,
    );
  }
  let parsed: ParsedQuery;
  try {
    const { ast, form } = parseSyntax(text);
    if (form === 'UPDATE') throw new QueryError('update', READ_ONLY);
    if (opts.defaultGraphUris?.length || opts.namedGraphUris?.length) {
      for (const iri of [...(opts.defaultGraphUris ?? []), ...(opts.namedGraphUris ?? [])]) {
        if (!/^[a-z][a-z0-9+.-]*:/i.test(iri))
          throw new QueryError('syntax', `The graph parameter value ${JSON.stringify(iri)} is not an absolute IRI.`);
      }
      const F = astFactory();
      const clause = (clauseType: 'default' | 'named') => (iri: string) => ({ clauseType, value: F.termNamed(F.gen(), iri) });
      ast.datasets = F.datasetClauses(
        [...(opts.defaultGraphUris ?? []).map(clause('default')), ...(opts.namedGraphUris ?? []).map(clause('named'))],
        F.gen(),
      );
    }
    parsed = parsedFrom(form, ast);
  } catch (e) {
    if (e instanceof SparqlSyntaxError) throw new QueryError('syntax', e.message, e.line, e.column);
    throw e;
  }
  const { services, graphs } = outline(parsed.algebra);
  checkServices(services, opts);
  checkDataset(graphs, opts);
  const graphParams =
    opts.defaultGraphUris?.length || opts.namedGraphUris?.length
      ? { defaultGraphUris: opts.defaultGraphUris ?? [], namedGraphUris: opts.namedGraphUris ?? [] }
      : undefined;
  return { form: parsed.form, text, graphParams, query: parsed, parsed: parsed.graphs ? undefined : bgpShape(parsed.algebra) };
}

/** SERVICE targets (`?name` for a variable) and the FROM / FROM NAMED graphs, resolved, wherever they are. */
function outline(algebra: unknown): { services: string[]; graphs: string[] } {
  const services: string[] = [];
  const graphs: string[] = [];
  walkAlgebra(algebra, (o) => {
    if (o.type === 'from')
      graphs.push(...[...(o.default as Array<{ value: string }>), ...(o.named as Array<{ value: string }>)].map((n) => n.value));
    if (o.type === 'service') {
      const name = o.name as { termType: string; value: string };
      services.push(name.termType === 'NamedNode' ? name.value : `?${name.value}`);
    }
  });
  return { services, graphs };
}

function allowed(iri: string, opts: AnalyzeOptions): boolean {
  return (opts.allowRemote ?? []).some((p) => iri.startsWith(p));
}

function checkServices(services: readonly string[], opts: AnalyzeOptions): void {
  for (const service of services) {
    if (service.startsWith('?')) {
      throw new QueryError(
        'remote',
        `SERVICE ${service} (a variable) could reach any address on the network, which this endpoint never does; name an allow-listed endpoint IRI instead.`,
      );
    }
    if (!allowed(service, opts)) {
      throw new QueryError(
        'remote',
        `SERVICE <${service}> would reach the network, which this endpoint does not do unless the IRI is allow-listed (--allow-remote).`,
      );
    }
  }
}

function checkDataset(graphs: readonly string[], opts: AnalyzeOptions): void {
  const isLocal = (iri: string) => (opts.localBase !== undefined && iri.startsWith(opts.localBase)) || (opts.isLocalGraph?.(iri) ?? false);
  for (const g of graphs) {
    if (!isLocal(g) && !allowed(g, opts)) {
      throw new QueryError(
        'remote',
        `The dataset names <${g}>, which is not a graph of this endpoint; fetching it from the network is not allowed (--allow-remote).`,
      );
    }
  }
}
