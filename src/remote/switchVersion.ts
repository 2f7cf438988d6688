// Puts a loaded version in service: its graphs under the record's own names, the union, and the pointer, as readers must see them.
import { CATALOG_GRAPH, FL, iriRef, PUBLICATION, readDigests, stagedGraph, UNION_GRAPH, VersionEntry, versionIri } from './catalog';
import { RequestPool } from './requestPool';
import { StoreClient } from './storeClient';

/** Graphs named one by one in the switch request, up to this many. */
const LISTED_SWITCH = 400;
/** Staged graphs copied per request when nothing is in service yet. */
const FIRST_GROUP = 200;

export interface SwitchReport {
  /** Served graphs replaced (dropped, copied, or both); the others held the same triples in both versions. */
  moved: number;
  /** True when nothing was in service: the graphs were copied in many requests and only the pointer moved in one. */
  first: boolean;
}

/**
 * Serves `next` in place of `current`. Only the graphs whose content differs move: a graph without blank nodes whose
 * digest is the same in both versions stays where it is (a republish of a record with a few edits moves a few graphs).
 * With a version in service, everything that changes what a reader sees goes in one SPARQL Update request, which the
 * store runs as one transaction (Virtuoso: "Commit -- done"), so /sparql sees the old version or the new one whole.
 * With none in service nobody reads the served names yet (replicas wait for a pointer), so the copy goes in bounded
 * requests, `parallel` at a time, and the pointer alone moves last: a first publish of millions of triples is not one
 * transaction of millions of rows.
 */
export async function switchVersion(
  client: StoreClient,
  next: { version: string; graphs: readonly string[] },
  current: VersionEntry | undefined,
  opts: { parallel?: number; listed?: number } = {},
): Promise<SwitchReport> {
  const catalog = iriRef(CATALOG_GRAPH);
  const pointer = [
    `DELETE WHERE { GRAPH ${catalog} { ${iriRef(PUBLICATION)} ${iriRef(FL.current)} ?c } }`,
    `INSERT DATA { GRAPH ${catalog} { ${iriRef(PUBLICATION)} ${iriRef(FL.current)} ${iriRef(versionIri(next.version))} } }`,
  ];
  const union = [
    `DROP SILENT GRAPH ${iriRef(UNION_GRAPH)}`,
    `ADD SILENT ${iriRef(stagedGraph(next.version, UNION_GRAPH))} TO ${iriRef(UNION_GRAPH)}`,
  ];
  if (!current) {
    await firstCopy(client, next, opts.parallel ?? 4);
    await client.update([...union, ...pointer].join(' ;\n'));
    return { moved: next.graphs.length, first: true };
  }
  const [was, will] = await Promise.all([readDigests(client, current.version), readDigests(client, next.version)]);
  const same = (g: string) => was.has(g) && was.get(g) === will.get(g);
  const leaving = current.graphs.filter((g) => !same(g));
  const coming = next.graphs.filter((g) => !same(g));
  const ops: string[] = [];
  if (leaving.length + coming.length <= (opts.listed ?? LISTED_SWITCH)) {
    for (const g of new Set([...leaving, ...coming])) ops.push(`DROP SILENT GRAPH ${iriRef(g)}`);
    for (const g of coming) ops.push(`ADD SILENT ${iriRef(stagedGraph(next.version, g))} TO ${iriRef(g)}`);
  } else {
    // Thousands of graphs overrun Virtuoso's limit on a request's compiled size: two operations driven by the catalog's
    // graph lists and digests do the same.
    const cur = iriRef(versionIri(current.version));
    const nxt = iriRef(versionIri(next.version));
    const [staged, copyOf, digest] = [iriRef(FL.staged), iriRef(FL.copyOf), iriRef(FL.digest)];
    ops.push(
      `DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ${catalog} { ${cur} ${iriRef(FL.graph)} ?g
        FILTER NOT EXISTS { ${cur} ${staged} ?cs . ?cs ${copyOf} ?g ; ${digest} ?d . ${nxt} ${staged} ?ns . ?ns ${copyOf} ?g ; ${digest} ?d } }
        GRAPH ?g { ?s ?p ?o } }`,
      `INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ${catalog} { ${nxt} ${staged} ?ns . ?ns ${copyOf} ?g
        FILTER NOT EXISTS { ?ns ${digest} ?d . ${cur} ${staged} ?cs . ?cs ${copyOf} ?g ; ${digest} ?d } }
        GRAPH ?ns { ?s ?p ?o } }`,
    );
  }
  await client.update([...ops, ...union, ...pointer].join(' ;\n'));
  return { moved: new Set([...leaving, ...coming]).size, first: false };
}

/**
 * Nothing in service: the served names are cleared (a failed first attempt may have left some) and filled, in groups,
 * graph by graph with ADD. (One `INSERT { GRAPH ?g … } WHERE { VALUES (?staged ?g) … }` a group was fewer operations,
 * but at a million triples Virtuoso failed it on blank nodes, "Bad argument to iri_to_id (), 'nodeID://8192' is not
 * valid bnode IRI", every time; ADD copies a graph's rows as they are.)
 */
async function firstCopy(client: StoreClient, next: { version: string; graphs: readonly string[] }, parallel: number): Promise<void> {
  const pool = new RequestPool(parallel);
  for (let k = 0; k < next.graphs.length; k += FIRST_GROUP) {
    const group = next.graphs.slice(k, k + FIRST_GROUP);
    const ops = group.flatMap((g) => [
      `DROP SILENT GRAPH ${iriRef(g)}`,
      `ADD SILENT ${iriRef(stagedGraph(next.version, g))} TO ${iriRef(g)}`,
    ]);
    await pool.run(() => client.update(ops.join(' ;\n')));
  }
  await pool.drain();
}
