// forum-ld publish --store against a real Virtuoso: checked data only, versioned graphs, one-request switch, restore.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import { StoreClient } from '../../src/remote/storeClient';
import { readCatalog, UNION_GRAPH } from '../../src/remote/catalog';
import { BASE, FIXTURES } from '../helpers';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';
import { runCli as run } from '../support/runCli';

const count = async (client: StoreClient, graph: string) =>
  Number((await client.select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ?s ?p ?o } }`)).results!.bindings[0].n.value);

describe('commands/publish (Virtuoso)', function () {
  this.timeout(180_000);
  let v: Virtuoso;
  let client: StoreClient;
  let store: string[];
  let changed: string;
  before(async function () {
    requireVirtuoso(this);
    v = await startVirtuoso();
    client = new StoreClient({ queryUrl: v.sparqlUrl, gspUrl: v.gspUrl });
    store = ['--store', v.sparqlUrl, '--store-gsp', v.gspUrl, '--base', BASE];
    // A second version of the mini record: one more name.
    changed = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-publish-'));
    fs.cpSync(path.join(FIXTURES, 'mini'), changed, { recursive: true });
    fs.writeFileSync(path.join(changed, 'extra.ttl'), '<id/organization/gamma> <https://schema.org/name> "Gamma"@en .\n');
  });
  after(async () => {
    await v?.stop();
    if (changed) fs.rmSync(changed, { recursive: true, force: true });
  });

  it('refuses data that fails the checks before anything reaches the store', async () => {
    const r = await run(['publish', ...store, '--data', path.join(FIXTURES, 'broken-syntax')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /nothing was sent to the store/);
    const graphs = await client.select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:forum-ld:")) }');
    assert.deepEqual(graphs.results!.bindings, []);
  });

  it('publishes, serves what it published, switches to a new version and restores the previous one', async () => {
    const first = await run(['publish', ...store, '--data', path.join(FIXTURES, 'mini')]);
    assert.equal(first.code, 0, first.err);
    const v1 = /version (\w+)/.exec(first.out)![1];
    const size1 = await count(client, UNION_GRAPH);
    const config = buildConfig({ store: v.sparqlUrl, 'store-gsp': v.sparqlUrl, base: BASE, 'log-level': 'silent' }, {});
    const live = openDataset(config);
    assert.ok((await live.reload()).ok);
    const app = createApp(config, live);
    assert.equal(live.current.dataset.info.version, v1);
    assert.equal((await request(app).get('/id/organization/gamma')).status, 404);

    const second = await run(['publish', ...store, '--data', changed]);
    assert.equal(second.code, 0, second.err);
    const v2 = /version (\w+)/.exec(second.out)![1];
    assert.notEqual(v2, v1);
    assert.equal(await count(client, UNION_GRAPH), size1 + 1);
    assert.ok((await live.reload()).ok);
    assert.equal((await request(app).get('/id/organization/gamma')).status, 303);
    const names = await request(app)
      .get('/sparql')
      .query({ query: 'SELECT ?n WHERE { <http://example.org/id/organization/gamma> <https://schema.org/name> ?n }' });
    assert.match(names.text, /Gamma/);

    const listed = await run(['publish', ...store, '--list']);
    assert.match(listed.out, new RegExp(`^\\* ${v2}`, 'm'));
    assert.match(listed.out, new RegExp(`^  ${v1}`, 'm'));

    const restored = await run(['publish', ...store, '--restore', 'previous']);
    assert.equal(restored.code, 0, restored.err);
    assert.equal((await readCatalog(client)).current, v1);
    assert.equal(await count(client, UNION_GRAPH), size1);
    assert.ok((await live.reload()).ok);
    assert.equal((await request(app).get('/id/organization/gamma')).status, 404);
    await live.close();
  });

  it('switches in one request: a reader during the switch sees one version whole, never a mix', async () => {
    const sizes = new Set<number>();
    let reading = true;
    const reader = (async () => {
      while (reading) sizes.add(await count(client, UNION_GRAPH));
    })();
    for (let i = 0; i < 3; i++) {
      assert.equal((await run(['publish', ...store, '--data', i % 2 ? path.join(FIXTURES, 'mini') : changed])).code, 0);
    }
    reading = false;
    await reader;
    const before = await count(client, UNION_GRAPH);
    for (const n of sizes)
      assert.ok(n === before || n === before - 1, `a reader saw ${n} triples in the union (versions have ${before - 1} and ${before})`);
  });

  it('needs the store, and never takes credentials in the URL', async () => {
    assert.equal((await run(['publish', '--data', path.join(FIXTURES, 'mini')])).code, 2);
    const r = await run(['publish', '--store', 'http://dba:secret@localhost:8890/sparql']);
    assert.equal(r.code, 2);
    assert.match(r.err, /STORE_USER and STORE_PASSWORD/);
    assert.doesNotMatch(r.err, /secret/);
  });
});
