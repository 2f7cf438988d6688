// Comunica's own client evaluates SPARQL over /fragments as a hypermedia source, on a real socket, and must give
// exactly the answers of /sparql: joins, OPTIONAL, FILTER, blank nodes crossed by a join, graphs, counts.
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type * as RDF from '@rdfjs/types';
import { QueryEngine } from '@comunica/query-sparql';
import { BASE, TestApp } from '../helpers';
import { recordApp } from './recordApp';
import { parseJsonResults, Row, rowSet, termKey } from '../support/sparqlResults';

const PREFIXES = `PREFIX rf: <${BASE}def/forum#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
`;

const GENID = `${BASE}.well-known/genid/`;

/** The queries, what each exercises, and the entry point Comunica starts from (the fragments' root unless said). */
const QUERIES: Array<{ name: string; query: string; entry?: string }> = [
  {
    name: 'a three-pattern join',
    query: `${PREFIXES}SELECT ?finding ?number ?name WHERE {
    ?finding rf:findingOf ?edition ; rf:sequenceNumber ?number . ?edition schema:name ?name }`,
  },
  {
    name: 'OPTIONAL',
    query: `${PREFIXES}SELECT ?phrase ?organization ?name WHERE {
    ?edition rf:involvement ?i . ?i rf:sourcePhrase ?phrase .
    OPTIONAL { ?i prov:agent ?organization . ?organization schema:name ?name } }`,
  },
  {
    name: 'FILTER on text',
    query: `${PREFIXES}SELECT ?finding ?text WHERE {
    ?finding a rf:Finding ; rf:verbatimText ?text . FILTER(CONTAINS(LCASE(?text), "online")) }`,
  },
  {
    name: 'FILTER on language and a negation',
    query: `${PREFIXES}SELECT ?s ?label WHERE {
    ?s rdfs:label ?label . FILTER(LANG(?label) = "en") FILTER NOT EXISTS { ?s rdfs:comment ?c } }`,
  },
  // Blank nodes join across fragments only because each is the same skolem IRI in every fragment.
  {
    name: 'joins on blank nodes from different fragments',
    query: `${PREFIXES}SELECT ?shape ?path ?min WHERE {
    ?shape sh:property ?property . ?property sh:path ?path ; sh:minCount ?min }`,
  },
  {
    name: 'aggregates over the default graph (the union, each triple once)',
    query: 'SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o }',
  },
  { name: 'one named graph', query: `SELECT ?s ?p ?o WHERE { GRAPH <${BASE}graph/links> { ?s ?p ?o } }` },
  {
    name: 'a graph variable with a bound predicate',
    query: `${PREFIXES}SELECT ?g ?finding WHERE { GRAPH ?g { ?finding rf:verbatimText ?text } }`,
  },
  {
    name: 'a graph variable over every quad, from the all-graphs entry point',
    entry: '/fragments?graph=',
    query: 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g',
  },
];

describe('http: Comunica over the Triple Pattern Fragments', function () {
  this.timeout(120_000);
  let t: TestApp;
  let server: Server;
  let origin: string;
  let requested: string[] = [];
  /** Notes what Comunica asks for, and checks it only ever asks for fragments. */
  const counting = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = decodeURIComponent(String(input instanceof Request ? input.url : input));
    requested.push(url);
    assert.match(url, /\/fragments(\?|$)/);
    return fetch(input, init);
  };

  before(async () => {
    t = await recordApp();
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await t.live.close();
  });

  async function endpointRows(query: string): Promise<Row[]> {
    const res = await fetch(`${origin}/sparql`, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
      body: query,
    });
    assert.equal(res.status, 200, await res.clone().text());
    return parseJsonResults(await res.text()).rows!;
  }

  async function fragmentRows(query: string, entry = '/fragments'): Promise<Row[]> {
    // A new engine each time: Comunica keeps sources and fragments between queries, and each query is to ask for itself.
    const bindings = await (
      await new QueryEngine().queryBindings(query, { sources: [`${origin}${entry}`], fetch: counting as typeof fetch })
    ).toArray();
    // A blank node reaches clients as its skolem IRI; /sparql's rows spell every blank node _:b.
    const key = (term: RDF.Term) => (term.value.startsWith(GENID) ? '_:b' : termKey(term));
    return bindings.map((b) => Object.fromEntries([...b].map(([v, term]: [RDF.Variable, RDF.Term]) => [v.value, key(term)])));
  }

  for (const q of QUERIES) {
    it(`${q.name}: the same answers as /sparql`, async () => {
      requested = [];
      const expected = await endpointRows(q.query);
      const actual = await fragmentRows(q.query, q.entry);
      assert.ok(expected.length > 0, 'the query has answers to compare');
      assert.deepEqual(rowSet(actual), rowSet(expected));
      assert.ok(requested.length > 0, 'Comunica asked the fragments');
    });
  }
});
