// The request a store is sent for a query: the dataset decided as the protocol says, parameters bound as terms, GRAPH fenced.
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import { Parser, SparqlQuery } from 'sparqljs';
import { QueryError } from '../sparql/queryError';
import type { PlainTerm } from '../sparql/plainTerm';
import type { RequestDataset } from './storeClient';
import { storeQueryText } from './storeTerms';

/** A graph no version ever fills: an empty default graph, or no named graphs, said in a way every store understands. */
export const EMPTY_GRAPH = 'urn:forum-ld:empty';

/**
 * The request the store is sent. Parameters are bound by a VALUES block in the WHERE clause (RDF terms,
 * written by sparqljs's generator, never pasted). The dataset is decided here, as the SPARQL 1.1 Protocol says
 * (protocol parameters, else the query's FROM / FROM NAMED, else the version's graphs), and sent as protocol
 * parameters, with an empty graph standing for an empty list: Virtuoso would otherwise range over every graph it holds
 * (other versions, the catalog), and it lets GRAPH <g> reach graphs outside FROM NAMED, so such a g is replaced by the
 * empty graph. A SELECT without ORDER BY gets a LIMIT of one past the row cap (with ORDER BY, Virtuoso refuses a LIMIT
 * past its MaxSortedTopRows; its ResultSetMaxRows bounds the answer instead). `limit` is the LIMIT of the query as
 * sent, when it has one: an answer that long may have been cut by the query itself rather than by the store.
 */
export function storeRequest(
  text: string,
  bindings: Record<string, PlainTerm> | undefined,
  maxRows: number,
  graphs: { protocol?: RequestDataset; version: { defaultGraphs: readonly string[]; namedGraphs: readonly string[] } },
): { text: string; dataset: RequestDataset; limit?: number } {
  let parsed: SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch {
    // A query sparqljs cannot read (SPARQL 1.2 syntax) goes as it is; it has no parameters (named queries are read by sparqljs).
    if (bindings && Object.keys(bindings).length) throw new QueryError('unsupported', 'This named query cannot be bound for the store.');
    return { text, dataset: nonEmpty(graphs.protocol ?? graphs.version) };
  }
  if (parsed.type !== 'query') return { text, dataset: nonEmpty(graphs.version) };
  if (JSON.stringify(parsed.where ?? []).includes('"type":"service"'))
    throw new QueryError(
      'unsupported',
      "SERVICE is allow-listed here, but this endpoint's query engine cannot query remote endpoints (no federation).",
    );
  const own = parsed.from && (parsed.from.default.length || parsed.from.named.length) ? parsed.from : undefined;
  const dataset: RequestDataset = graphs.protocol
    ? { defaultGraphs: graphs.protocol.defaultGraphs ?? [], namedGraphs: graphs.protocol.namedGraphs ?? [] }
    : own
      ? { defaultGraphs: own.default.map((t) => t.value), namedGraphs: own.named.map((t) => t.value) }
      : graphs.version;
  delete parsed.from;
  const named = new Set(dataset.namedGraphs);
  hideGraphs(parsed.where, named);
  let listed = true;
  if (dataset === graphs.version && (dataset.namedGraphs?.length ?? 0) > MAX_LISTED_GRAPHS) {
    // Thousands of named graphs (a nanopublication per finding) cannot go as a list with every query: GRAPH ?g then
    // ranges over the store's graphs less forum-ld's own (other versions, the catalog, the union), so the store must
    // hold only this publication (Virtuoso's few system graphs excepted: see the README).
    fenceGraphs(parsed.where);
    listed = false;
  }
  if (bindings && Object.keys(bindings).length) {
    const row: Record<string, RDF.Term> = {};
    for (const [name, t] of Object.entries(bindings)) {
      // Virtuoso ends a string at U+0000 (it would match the value's first part): refused rather than answered wrongly.
      if (t.value.includes('\u0000'))
        throw new QueryError('unsupported', `The value of ${name} holds the character U+0000, which the store cannot compare.`);
      row[`?${name}`] =
        t.termType === 'NamedNode'
          ? DataFactory.namedNode(t.value)
          : DataFactory.literal(t.value, t.language || (t.datatype ? DataFactory.namedNode(t.datatype) : undefined));
    }
    // At the end of the group (the same join wherever it stands): Virtuoso 7.2's compiler fails on a one-row VALUES
    // at the head of a group whose FILTER tests the variable with BOUND ("no SPART_VARR_FIXED").
    parsed.where = [...(parsed.where ?? []), { type: 'values', values: [row as never] }];
  }
  if (parsed.queryType === 'SELECT' && !parsed.order && maxRows < 100_000_000)
    parsed.limit = Math.min(parsed.limit ?? Infinity, maxRows + 1);
  const generated = storeQueryText(parsed);
  return {
    text: generated,
    dataset: listed ? nonEmpty(dataset) : { defaultGraphs: dataset.defaultGraphs },
    limit: 'limit' in parsed ? parsed.limit : undefined,
  };
}

/** Named graphs listed with each query (named-graph-uri) up to this many. */
export const MAX_LISTED_GRAPHS = 1000;

/** GRAPH ?g { … } gets FILTER(!STRSTARTS(STR(?g), "urn:forum-ld:")) inside: the versioned copies and the catalog stay out. */
function fenceGraphs(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) fenceGraphs(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as { type?: string; name?: RDF.Term; patterns?: unknown[] };
  if (o.type === 'graph' && o.name?.termType === 'Variable' && Array.isArray(o.patterns)) {
    o.patterns.push({
      type: 'filter',
      expression: {
        type: 'operation',
        operator: '!',
        args: [
          {
            type: 'operation',
            operator: 'strstarts',
            args: [{ type: 'operation', operator: 'str', args: [o.name] }, DataFactory.literal('urn:forum-ld:')],
          },
        ],
      },
    });
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object' && !('termType' in v)) fenceGraphs(v);
}

function nonEmpty(d: RequestDataset): RequestDataset {
  return {
    defaultGraphs: d.defaultGraphs?.length ? d.defaultGraphs : [EMPTY_GRAPH],
    namedGraphs: d.namedGraphs?.length ? d.namedGraphs : [EMPTY_GRAPH],
  };
}

/** GRAPH <g> with g outside the dataset's named graphs becomes GRAPH <empty>, everywhere in the query (subqueries, EXISTS). */
function hideGraphs(node: unknown, named: ReadonlySet<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) hideGraphs(n, named);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as { type?: string; name?: RDF.Term };
  if (o.type === 'graph' && o.name?.termType === 'NamedNode' && !named.has(o.name.value)) o.name = DataFactory.namedNode(EMPTY_GRAPH);
  for (const v of Object.values(node)) if (v && typeof v === 'object' && !('termType' in v)) hideGraphs(v, named);
}
