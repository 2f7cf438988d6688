// A replica over a real Virtuoso serves documents without a copy of the version: what it holds stays within its bound.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { isomorphic } from 'rdf-isomorphic';
import { answerBytes } from '../../src/remote/patternCache';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';
import { ReplicaPair, replicaPair } from '../support/replicaPair';
import { BASE } from '../forumFixture';

/** Far below the version's size: the replica must let answers go and fetch them again. */
const BOUND = 40_000;

describe('remote/versionReader: a replica that holds no copy of the version', function () {
  this.timeout(600_000);
  let store: Virtuoso | undefined;
  let pair: ReplicaPair | undefined;
  let embedded: ReplicaPair['embedded'];
  let replica: ReplicaPair['replica'];

  before(async function () {
    requireVirtuoso(this);
    store = await startVirtuoso();
    pair = await replicaPair(store, BOUND);
    ({ embedded, replica } = pair);
  });
  after(async () => {
    await pair?.close();
    await store?.stop();
  });

  it('serves every document as the embedded backend does while what it holds stays within its bound', async () => {
    assert.ok(answerBytes({ quads: [...embedded.dataset.quads()] }) > 20 * BOUND, 'the version is far larger than the bound');
    const things = [
      ...new Set(embedded.dataset.match().flatMap((q) => (q.subject.value.startsWith(`${BASE}id/`) ? [q.subject.value] : []))),
    ].sort();
    assert.ok(things.length > 30);
    const nt = findFormat('nt')!;
    // Every fifth thing, twice over: the second pass finds most answers gone and reads them again.
    const picked = things.filter((_, i) => i % 5 === 0);
    for (const pass of [1, 2]) {
      for (const iri of picked) {
        const p = `/doc/${iri.slice(BASE.length + 3)}.nt`;
        const [want, got] = await Promise.all([request(embedded.app).get(p), request(replica.app).get(p)]);
        assert.equal(got.status, want.status, `${p} (pass ${pass}): ${got.text.slice(0, 2000)}`);
        const parse = (text: string) => parseRdf(text, { format: nt, baseIri: BASE, file: p });
        assert.ok(isomorphic(await parse(got.text), await parse(want.text)), `${p} is the embedded backend's document`);
        assert.ok(replica.version.reader.heldBytes <= BOUND, `held ${replica.version.reader.heldBytes} bytes after ${p}`);
      }
    }
    assert.equal(replica.version.holdsWhole, false, 'the whole version was never read');
    // The shell the replica serves from knows the version's size, not its triples.
    assert.equal(replica.live.current.dataset.size, embedded.dataset.size);
    assert.throws(() => replica.live.current.dataset.match(), /needs the whole version/);
  });

  it('pages, 303s and the ontology come from the store too; a surface that needs the whole version reads it then', async () => {
    const iri = embedded.dataset.match().find((q) => q.subject.value.startsWith(`${BASE}id/`))!.subject.value;
    const id = `/id/${iri.slice(BASE.length + 3)}`;
    for (const p of [id, `/doc/${iri.slice(BASE.length + 3)}`, '/def/forum', '/id/nothing-here']) {
      const [want, got] = await Promise.all([
        request(embedded.app).get(p).set('Accept', 'text/html'),
        request(replica.app).get(p).set('Accept', 'text/html'),
      ]);
      assert.equal(got.status, want.status, `${p}: ${got.text.slice(0, 2000)}`);
      assert.equal(got.headers.location, want.headers.location, p);
    }
    assert.equal(replica.version.holdsWhole, false);
    assert.equal((await request(replica.app).get('/sitemap.xml')).status, 200);
    assert.equal(replica.version.holdsWhole, true, 'the sitemap is still made from the whole version');
  });
});
