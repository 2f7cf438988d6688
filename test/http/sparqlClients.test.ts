// A standard SPARQL client against the running endpoint: fetch-sparql-endpoint, the library Comunica's own
// SPARQL-endpoint source uses (the @comunica/query-sparql-rdfjs engine cannot query a remote endpoint itself).
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { SparqlEndpointFetcher } from 'fetch-sparql-endpoint';
import { testApp, TestApp, BASE } from '../helpers';

const NAME = 'https://schema.org/name';

async function all<T>(stream: NodeJS.ReadableStream): Promise<T[]> {
  const out: T[] = [];
  for await (const x of stream) out.push(x as T);
  return out;
}

describe('http: a standard SPARQL client', function () {
  this.timeout(30_000);
  let t: TestApp;
  let server: Server;
  let endpoint: string;

  before(async () => {
    t = await testApp({}, 1);
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await t.live.close();
  });

  for (const method of ['GET', 'POST'] as const) {
    it(`reads SELECT bindings as RDF terms (${method})`, async () => {
      const client = new SparqlEndpointFetcher({ method });
      const rows = await all<Record<string, RDF.Term>>(await client.fetchBindings(endpoint, `SELECT ?s ?n WHERE { ?s <${NAME}> ?n }`));
      const expected = t.live.current.dataset.match(null, DataFactory.namedNode(NAME), null, null);
      const key = (s: RDF.Term, n: RDF.Term) => `${s.termType === 'BlankNode' ? '_:' : s.value} ${n.value}@${(n as RDF.Literal).language}`;
      assert.deepEqual(new Set(rows.map((r) => key(r.s, r.n))), new Set(expected.map((q) => key(q.subject, q.object))));
      const acme = rows.find((r) => r.s.value === `${BASE}id/organization/acme`)!;
      assert.equal(acme.s.termType, 'NamedNode');
      assert.equal((acme.n as RDF.Literal).language, 'en');
    });
  }

  it('reads ASK answers', async () => {
    const client = new SparqlEndpointFetcher();
    assert.equal(await client.fetchAsk(endpoint, `ASK { ?s <${NAME}> "ACME"@en }`), true);
    assert.equal(await client.fetchAsk(endpoint, 'ASK { ?s <urn:nothing> ?o }'), false);
  });

  it('reads CONSTRUCT triples', async () => {
    const client = new SparqlEndpointFetcher();
    const triples = await all<RDF.Quad>(await client.fetchTriples(endpoint, `CONSTRUCT { ?s <${NAME}> ?n } WHERE { ?s <${NAME}> ?n }`));
    const seen = new Set<string>();
    const expected = t.live.current.dataset
      .match(null, DataFactory.namedNode(NAME), null, null)
      .map((q) => DataFactory.quad(q.subject, q.predicate, q.object))
      .filter((q) => !seen.has(`${q.subject.value} ${q.object.value}`) && !!seen.add(`${q.subject.value} ${q.object.value}`));
    assert.ok(isomorphic(triples, expected));
  });

  it("surfaces the endpoint's error message for a malformed query", async () => {
    const client = new SparqlEndpointFetcher();
    await assert.rejects(
      client.fetchBindings(endpoint, 'SELECT * WHERE { ?s ?p ?o . FILTER( }'),
      /HTTP status 400[\s\S]*Malformed query at line 1/,
    );
  });
});
