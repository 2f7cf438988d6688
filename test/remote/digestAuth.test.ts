// HTTP Digest (RFC 7616): the RFC's own example, and a real Virtuoso's authenticated endpoints through StoreClient.
import { strict as assert } from 'node:assert';
import { digestAuthorization, parseDigestChallenge } from '../../src/remote/digestAuth';
import { StoreClient, StoreError } from '../../src/remote/storeClient';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';

// RFC 7616 §3.9.1.
const CHALLENGE =
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=%ALG%, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const REQUEST = {
  method: 'GET',
  uri: '/dir/index.html',
  user: 'Mufasa',
  password: 'Circle of Life',
  nc: 1,
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};

describe('remote/digestAuth', () => {
  it("answers RFC 7616's example challenge with the RFC's responses, MD5 and SHA-256", () => {
    for (const [alg, response] of [
      ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
      ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ]) {
      const challenge = parseDigestChallenge(CHALLENGE.replace('%ALG%', alg))!;
      assert.equal(challenge.algorithm, alg);
      const header = digestAuthorization(challenge, REQUEST);
      assert.match(header, new RegExp(`response="${response}"`));
      assert.match(header, /nc=00000001/);
      assert.match(header, /opaque="FQhe\/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"/);
    }
    assert.equal(parseDigestChallenge('Basic realm="x"'), undefined);
    assert.equal(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=MD5-sess-unknown'), undefined);
  });

  describe('against Virtuoso (/sparql-auth)', function () {
    this.timeout(120_000);
    let v: Virtuoso;
    before(async function () {
      requireVirtuoso(this);
      v = await startVirtuoso();
    });
    after(async () => v?.stop());

    it('queries and updates through the Digest-protected endpoints with the right password, and says 401 with a wrong one', async () => {
      const authUrl = v.sparqlUrl.replace(/\/sparql$/, '/sparql-auth');
      const client = new StoreClient({ queryUrl: authUrl, user: 'dba', password: 'dba' });
      await client.update('INSERT DATA { GRAPH <urn:test:digest> { <urn:a> <urn:b> "c" } }');
      for (let i = 0; i < 3; i++) {
        const r = await client.select('SELECT ?o WHERE { GRAPH <urn:test:digest> { <urn:a> <urn:b> ?o } }');
        assert.equal(r.results!.bindings[0].o.value, 'c');
      }
      const wrong = new StoreClient({ queryUrl: authUrl, user: 'dba', password: 'not-the-password' });
      await assert.rejects(wrong.select('ASK {}'), (e: unknown) => e instanceof StoreError && e.status === 401);
      const none = new StoreClient({ queryUrl: authUrl });
      await assert.rejects(none.select('ASK {}'), (e: unknown) => e instanceof StoreError && e.status === 401);
    });
  });
});
