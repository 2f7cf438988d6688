// Publishing into Virtuoso: uploads in parallel keep every literal's language tag and datatype, even new to the store.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '../../src/ingest/load';
import { StoreClient } from '../../src/remote/storeClient';
import { publishToStore, versionPayload } from '../../src/remote/publishToStore';
import { UNION_GRAPH } from '../../src/remote/catalog';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';
import { BASE } from '../forumFixture';

const GRAPHS = 100;
const ROUNDS = 5;
const KINDS = 40;

/**
 * A record whose graphs all use the same language tags and datatypes, new in each round. Every other graph holds a
 * blank node, so it goes by a request of its own (the others together, by another kind of request), several at once.
 */
function raceRecord(dir: string, round: number): { tags: string[]; types: string[] } {
  const tags = Array.from({ length: KINDS }, (_, i) => `x-r${round}-${i}`);
  const types = Array.from({ length: KINDS }, (_, i) => `urn:race:r${round}:type-${i}`);
  const graphs = Array.from({ length: GRAPHS }, (_, i) => {
    const lines = [
      ...tags.map((t) => `<thing/${i}> <https://schema.org/name> "name ${i}"@${t} .`),
      ...types.map((d) => `<thing/${i}> <https://schema.org/value> "${i}"^^<${d}> .`),
      ...(i % 2 ? [`<thing/${i}> <https://schema.org/about> [ <https://schema.org/name> "node ${i}" ] .`] : []),
    ];
    return `<graph/${i}> {\n${lines.join('\n')}\n}`;
  });
  fs.writeFileSync(path.join(dir, 'race.trig'), `${graphs.join('\n')}\n`);
  return { tags, types };
}

describe('remote/publishToStore (Virtuoso)', function () {
  this.timeout(300_000);
  let store: Virtuoso | undefined;
  let dir: string | undefined;
  before(async function () {
    requireVirtuoso(this);
    store = await startVirtuoso();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-race-'));
  });
  after(async () => {
    await store?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Virtuoso registers a tag or datatype it has not seen when a request first uses it; two requests registering the
  // same one at once collided (SR197 on RDF_LANGUAGE or RDF_DATATYPE, or literals stored without their tag) in about
  // one publish in three here, so several rounds of new ones make the old code fail nearly every run.
  it('keeps every language tag and datatype when graphs that first use them upload at once', async () => {
    const client = new StoreClient({ queryUrl: store!.sparqlUrl, gspUrl: store!.gspUrl });
    for (let round = 0; round < ROUNDS; round++) {
      const { tags, types } = raceRecord(dir!, round);
      const loaded = await loadDataset({ paths: [dir!], baseIri: BASE, validators: [] });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      await publishToStore(client, loaded.dataset, versionPayload(loaded.dataset, []), { parallel: 8 });
      const counts = await client.select(
        `SELECT ?k (COUNT(*) AS ?n) WHERE { GRAPH <${UNION_GRAPH}> { ?s ?p ?o FILTER(isLiteral(?o)) } BIND(IF(LANG(?o) != "", LANG(?o), STR(DATATYPE(?o))) AS ?k) } GROUP BY ?k`,
      );
      const byKind = new Map(counts.results!.bindings.map((b) => [b.k.value, Number(b.n.value)]));
      for (const k of [...tags, ...types]) assert.equal(byKind.get(k), GRAPHS, `round ${round}, ${k}: ${byKind.get(k)} literals`);
    }
  });
});
