// A version kept in the store read for its dumps, streamed: its graphs a group a query, its union graph in one, row by row.
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Generator, Parser, SelectQuery } from 'sparqljs';
import { SparqlJsonParser } from 'sparqljson-parse';
import { readSelector } from '../fragments/selector';
import { StoreClient } from './storeClient';
import { DEFAULT_GRAPH, stagedGraph, UNION_GRAPH } from './catalog';
import { normaliseRdfTerm } from './sparqlResults';
import type { StoreVersion } from './storeDataset';

const { namedNode, quad, defaultGraph } = DataFactory;

/** Graphs read per query for the quad formats (a VALUES row each; Virtuoso compiles VALUES into code of at most 32 KB). */
const GRAPHS_PER_QUERY = 200;

/** A version's quads graph by graph (within a graph subject by subject), and its union graph subject by subject. */
export interface StoredQuads {
  byGraph(): AsyncIterable<RDF.Quad>;
  /** Every triple of the version once (readings included: the dumps leave them out). */
  union(): AsyncIterable<RDF.Quad>;
}

/**
 * The version as the dump writers read it, never held here whole: each group of graphs from one SELECT ordered by
 * graph and subject, the version's union graph (built in the store at publishing, each triple once) ordered by
 * subject, both parsed as the answer arrives and handed on with backpressure. A store that cuts an answer short
 * (Virtuoso's ResultSetMaxRows) fails the dump instead of publishing part of it.
 */
export function storedQuads(client: StoreClient, version: StoreVersion): StoredQuads {
  const v = version.entry.version;
  return {
    async *byGraph() {
      // The default graph first, then the named graphs, as the embedded dumps order them.
      const graphs = [...version.entry.graphs].sort((a, b) => Number(b === DEFAULT_GRAPH) - Number(a === DEFAULT_GRAPH));
      const names = new Map(graphs.map((g) => [stagedGraph(v, g), g]));
      let n = 0;
      for (let i = 0; i < graphs.length; i += GRAPHS_PER_QUERY) {
        const q = new Parser().parse('SELECT ?sg ?s ?p ?o WHERE { VALUES ?sg { } GRAPH ?sg { ?s ?p ?o } } ORDER BY ?sg ?s') as SelectQuery;
        const values = (q.where ?? []).find((node) => node.type === 'values') as { values: unknown[] };
        values.values = graphs.slice(i, i + GRAPHS_PER_QUERY).map((g) => ({ '?sg': namedNode(stagedGraph(v, g)) }));
        for await (const row of rows(client, q)) {
          const g = names.get(row.sg.value);
          if (g === undefined) continue;
          n++;
          yield quad(
            row.s as RDF.Quad_Subject,
            row.p as RDF.Quad_Predicate,
            row.o as RDF.Quad_Object,
            g === DEFAULT_GRAPH ? defaultGraph() : namedNode(g),
          );
        }
      }
      if (n !== version.entry.quads) throw new Error(`version ${v}: the store gave ${n} quads, the catalog says ${version.entry.quads}`);
    },
    async *union() {
      const expected = await version.fragments.count(readSelector({}, version.info.baseIri), { union: true });
      const q = new Parser().parse('SELECT ?s ?p ?o WHERE { GRAPH ?sg { ?s ?p ?o } } ORDER BY ?s') as SelectQuery;
      const graph = (q.where ?? [])[0] as unknown as { name: RDF.Term };
      graph.name = namedNode(stagedGraph(v, UNION_GRAPH));
      let n = 0;
      for await (const row of rows(client, q)) {
        n++;
        yield quad(row.s as RDF.Quad_Subject, row.p as RDF.Quad_Predicate, row.o as RDF.Quad_Object);
      }
      if (n !== expected) throw new Error(`version ${v}: the store gave ${n} triples of the union, its count is ${expected}`);
    },
  };
}

/** The rows of a SELECT as they arrive (sparqljson-parse's streaming parser), terms made standard as every answer's are. */
async function* rows(client: StoreClient, q: SelectQuery): AsyncGenerator<Record<string, RDF.Term>> {
  const res = await client.query(new Generator().stringify(q), 'application/sparql-results+json');
  if (!res.body) throw new Error('the store sent an empty answer');
  const source = Readable.fromWeb(res.body as never);
  const parsed = new SparqlJsonParser().parseJsonResultsStream(source) as Readable;
  try {
    for await (const row of parsed as AsyncIterable<Record<string, RDF.Term>>) {
      const out: Record<string, RDF.Term> = {};
      for (const [name, t] of Object.entries(row)) out[name.replace(/^\?/, '')] = normaliseRdfTerm(t);
      yield out;
    }
  } finally {
    // The parser is piped from the store's body: ending the loop early (a writer that stops) destroys only the parser,
    // and the store's connection would stay open until collected.
    source.destroy();
  }
}
