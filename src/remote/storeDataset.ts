// Reads the version in service from the store into this process's cache: the record the documents and pages are made from.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { LoadResult, RecordDataset, RecordInfo } from '../ingest/load';
import { parseNamedQuery, NamedQuery } from '../api/namedQueries';
import { Dataset } from '../store/dataset';
import { QuadStoreBuilder } from '../store/quadStore';
import { StoreClient } from './storeClient';
import { DEFAULT_GRAPH, readCatalog, readPayload, stagedGraph, VersionEntry, iriRef } from './catalog';
import { rdfTerm } from './sparqlResults';

/** Versioned graphs read per query. */
const GRAPHS_PER_READ = 500;

/**
 * The version the store's pointer names, as a dataset: each of its versioned graphs read with one SELECT (blank nodes
 * keep the store's identities), its payload (contexts, sources, named queries) from the catalog. `expect`: the base
 * this server publishes under; a version published for another base is refused rather than served with wrong links.
 */
export async function loadFromStore(client: StoreClient, expect: { baseIri: string }): Promise<LoadResult & { entry?: VersionEntry }> {
  let catalog: Awaited<ReturnType<typeof readCatalog>>;
  try {
    catalog = await readCatalog(client);
  } catch (e) {
    return { ok: false, problems: [{ severity: 'violation', message: `the store cannot be read: ${(e as Error).message}` }] };
  }
  const entry = catalog.versions.find((v) => v.version === catalog.current);
  if (!entry) {
    return {
      ok: false,
      problems: [
        { severity: 'violation', message: `the store at ${client.where} holds no published version: run forum-ld publish --store first` },
      ],
    };
  }
  if (entry.base !== expect.baseIri) {
    return {
      ok: false,
      problems: [
        {
          severity: 'violation',
          message: `version ${entry.version} in the store was published for the base <${entry.base}>, not <${expect.baseIri}>: serve it with --base ${entry.base}`,
        },
      ],
    };
  }
  const payload = await readPayload(client, entry.version);
  const builder = new QuadStoreBuilder();
  // Graphs in groups (thousands of small nanopublication graphs would be thousands of requests); the store's blank
  // node identities hold across requests (Virtuoso: nodeID://…), so a node split over two answers stays one node.
  const staged = new Map(entry.graphs.map((g) => [stagedGraph(entry.version, g), g]));
  const names = [...staged.keys()];
  for (let i = 0; i < names.length; i += GRAPHS_PER_READ) {
    const group = names.slice(i, i + GRAPHS_PER_READ);
    const res = await client.select(`SELECT ?g ?s ?p ?o WHERE { VALUES ?g { ${group.map(iriRef).join(' ')} } GRAPH ?g { ?s ?p ?o } }`);
    for (const row of res.results?.bindings ?? []) {
      const g = staged.get(row.g.value)!;
      const graph: RDF.Quad_Graph = g === DEFAULT_GRAPH ? DataFactory.defaultGraph() : DataFactory.namedNode(g);
      builder.add(
        DataFactory.quad(
          rdfTerm(row.s) as RDF.Quad_Subject,
          rdfTerm(row.p) as RDF.Quad_Predicate,
          rdfTerm(row.o) as RDF.Quad_Object,
          graph,
        ),
      );
    }
  }
  const namedQueries: NamedQuery[] = [];
  for (const f of payload.queries) {
    const r = parseNamedQuery(f.file, f.text, entry.base);
    if (r.query) namedQueries.push(r.query);
  }
  const dataset: RecordDataset = new Dataset<RecordInfo>(builder.build(), {
    baseIri: entry.base,
    files: payload.files,
    contexts: new Map(Object.entries(payload.contexts)),
    sources: new Map(Object.entries(payload.sources)),
    version: entry.version,
    loadedAt: entry.loadedAt,
    namedQueries,
  });
  if (dataset.size !== entry.quads) {
    return {
      ok: false,
      problems: [
        {
          severity: 'violation',
          message: `version ${entry.version}: the store gave ${dataset.size} quads, the catalog says ${entry.quads}`,
        },
      ],
    };
  }
  return { ok: true, dataset, problems: [], entry };
}
