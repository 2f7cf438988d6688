// `forum-ld publish --store URL`: checks the record as serve does, then loads it into the external store and switches to it.
import type { Writable } from 'node:stream';
import { loadDataset } from '../ingest/load';
import { loadNamedQueries } from '../api/namedQueries';
import { formatProblem } from '../rdf/problem';
import { validatorVerdicts, validators } from '../forum/checks';
import { StoreClient, StoreEndpoints } from '../remote/storeClient';
import { publishToStore, restoreVersion, versionPayload } from '../remote/publishToStore';
import { versionSummary } from '../publish/versionSummary';
import { readCatalog } from '../remote/catalog';

export interface PublishOptions {
  store: StoreEndpoints;
  paths: readonly string[];
  baseIri: string;
  queries?: string;
  cacheDir: string;
  /** Put this version (or "previous") back in service instead of publishing. */
  restore?: string;
  /** List the versions the store holds. */
  list?: boolean;
  /** Versions kept in the store for --restore (at least the one in service and the one before). */
  keep?: number;
  /** Upload requests in flight at once (default 4). */
  parallel?: number;
}

export async function publishCommand(opts: PublishOptions, out: Writable, err: Writable): Promise<number> {
  const client = new StoreClient(opts.store);
  try {
    if (opts.list) {
      const { current, versions } = await readCatalog(client);
      if (versions.length === 0) out.write(`the store at ${client.where} holds no version\n`);
      for (const v of versions)
        out.write(
          `${v.version === current ? '*' : ' '} ${v.version}  ${v.loadedAt.toISOString()}  ${v.quads} quads  ${v.graphs.length} graphs  ${v.base}\n`,
        );
      return 0;
    }
    if (opts.restore) {
      const v = await restoreVersion(client, opts.restore);
      out.write(
        `restored: version ${v.version} (${v.quads} quads, published ${v.loadedAt.toISOString()}) is in service at ${client.where}\n`,
      );
      return 0;
    }
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 1;
  }
  // Exactly the checks serve runs; a version that passed them before (same bytes, base and checks) is not checked again.
  const result = await loadDataset({
    paths: opts.paths,
    baseIri: opts.baseIri,
    validators: validators(),
    queries: opts.queries,
    verdicts: validatorVerdicts(opts.cacheDir),
  });
  for (const p of result.problems) (p.severity === 'violation' ? err : out).write(`${formatProblem(p)}\n`);
  if (!result.ok) {
    err.write(`invalid: nothing was sent to the store\n`);
    return 1;
  }
  const files = opts.queries ? (await loadNamedQueries(opts.queries, opts.baseIri)).files : [];
  try {
    const began = Date.now();
    const r = await publishToStore(client, result.dataset, versionPayload(result.dataset, files), {
      // What the replicas' home page, VoID/DCAT, sitemap and service description state, computed over the whole version.
      summary: () => versionSummary(result.dataset),
      keep: opts.keep,
      parallel: opts.parallel,
      log: (m) => out.write(`${m}\n`),
    });
    out.write(
      `published: version ${r.version}, ${r.quads} quads in ${r.graphs} graphs, at ${client.where}; ` +
        `${r.uploaded ? `loaded in ${r.uploadMs} ms` : 'already loaded'}, switched in ${r.switchMs} ms, ${Date.now() - began} ms in all` +
        `${r.pruned.length ? `; removed old versions ${r.pruned.join(', ')}` : ''}\n`,
    );
    return 0;
  } catch (e) {
    err.write(`the publish failed, the version in service is unchanged: ${(e as Error).message}\n`);
    return 1;
  }
}
