// The dumps of a version kept in an external store, streamed from it on a thread of their own: never held whole here.
import * as path from 'node:path';
import type * as RDF from '@rdfjs/types';
import type { RecordInfo } from '../ingest/load';
import { Dataset } from '../store/dataset';
import { runInThread } from '../store/threadTask';
import type { StoreClient, StoreEndpoints } from '../remote/storeClient';
import type { VersionEntry } from '../remote/catalog';
import { StoreVersion } from '../remote/storeDataset';
import { storedQuads } from '../remote/storeDumps';
import { DumpOptions, DumpSet, DumpSource, writeDumps } from './dumps';
import { readingIndex, withoutReadings } from './readings';

/**
 * A version not held in this process as a dump source: its quads streamed from the store; the readings left out of
 * the union and reified as the embedded dumps do, found by `describe` over the triple patterns the reading index reads.
 */
export function streamedSource(
  version: string,
  quads: { byGraph(): AsyncIterable<RDF.Quad>; union(): AsyncIterable<RDF.Quad> },
  describe: <T>(render: (ds: Dataset) => Promise<T>) => Promise<T>,
): DumpSource {
  return {
    version,
    transient: true,
    byGraph: () => quads.byGraph(),
    async *union() {
      const { index, reified } = await describe(async (ds) => {
        const index = readingIndex(ds);
        const reified = withoutReadings(
          ds,
          index.triples.map((r) => r.quad),
        ).filter((q) => q.subject.termType === 'BlankNode');
        return { index, reified };
      });
      for await (const q of quads.union()) if (!index.of(q)) yield q;
      yield* reified;
    },
  };
}

/** What a streaming thread is sent: where the store is, the version's catalog entry and payload, the options. */
export interface StreamedDumpJob {
  endpoints: StoreEndpoints;
  entry: VersionEntry;
  info: RecordInfo;
  cacheBytes: number;
  opts: DumpOptions;
}

/**
 * Writes the dumps of a version in the store on a thread of their own (the writers and gzip are CPU-bound), which
 * reads the store by itself and never reads the version whole (a description that would have to fails the thread);
 * then the set found on disk. When the thread fails, they are written on this thread instead.
 */
export async function buildStreamedDumps(
  version: StoreVersion,
  client: StoreClient,
  cacheBytes: number,
  opts: DumpOptions,
): Promise<DumpSet> {
  // The named queries are parsed trees the dumps never read: not sent.
  const job: StreamedDumpJob = {
    endpoints: client.endpoints,
    entry: version.entry,
    info: { ...version.info, namedQueries: [] },
    cacheBytes,
    opts,
  };
  await runInThread<void>(path.join(__dirname, 'streamedDumpWorker.js'), job).catch(() => undefined);
  // Finds what the thread wrote, or writes it here.
  return writeDumps(
    streamedSource(version.entry.version, storedQuads(client, version), (render) => version.describing(render)),
    opts,
  );
}
