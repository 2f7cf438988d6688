import { strict as assert } from 'node:assert';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Parser } from 'sparqljs';
import { planBgp, runBgp } from '../../src/sparql/bgp';
import { QuadStore } from '../../src/store/quadStore';
import { SparqlEngine } from '../../src/sparql/comunica/engine';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const X = (s: string) => namedNode(`http://x/${s}`);

function data(): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  for (let i = 0; i < 40; i++) {
    const g = i % 3 === 0 ? defaultGraph() : X(`g${i % 3}`);
    out.push(quad(X(`e${i}`), X('type'), X(i % 2 ? 'Forum' : 'Session'), g));
    out.push(quad(X(`e${i}`), X('in'), X(`c${i % 5}`), g));
    out.push(quad(X(`c${i % 5}`), X('country'), X(`k${i % 2}`), g));
    out.push(quad(X(`e${i}`), X('name'), literal(`Event ${i}`, 'en'), g));
    out.push(quad(X(`e${i}`), X('label'), literal(`e${i}`), g));
    out.push(quad(X(`e${i}`), X('knows'), X(`e${(i * 7) % 40}`), g));
    if (i % 4 === 0) out.push(quad(X(`e${i}`), X('note'), blankNode(`b${i}`), g));
  }
  out.push(quad(X('e1'), X('knows'), X('e1'))); // a self-loop, for repeated variables
  out.push(quad(X('e2'), X('in'), X('c2'), X('g1'))); // also stated in g2: the union holds it once
  out.push(quad(X('c2'), X('country'), X('k0'), X('g2')));
  return out;
}

/** Solutions as sorted strings, so two answers compare as multisets. */
function solutions(body: string): string[] {
  const json = JSON.parse(body) as {
    results: { bindings: Array<Record<string, { type: string; value: string; 'xml:lang'?: string; datatype?: string }>> };
  };
  return json.results.bindings
    .map((b) =>
      Object.keys(b)
        .sort()
        .map((k) => `${k}=${b[k].type === 'bnode' ? '_' : `${b[k].type}:${b[k].value}@${b[k]['xml:lang'] ?? ''}^${b[k].datatype ?? ''}`}`)
        .join(' '),
    )
    .sort();
}

const QUERIES = [
  'SELECT ?p ?o WHERE { <http://x/e3> ?p ?o }',
  'SELECT * WHERE { ?e <http://x/in> ?c . ?c <http://x/country> <http://x/k1> }',
  'SELECT ?e ?n WHERE { ?e <http://x/type> <http://x/Forum> ; <http://x/name> ?n }',
  'SELECT DISTINCT ?c WHERE { ?e <http://x/in> ?c }',
  'SELECT ?x WHERE { ?x <http://x/knows> ?x }',
  'SELECT ?e WHERE { ?e <http://x/name> "Event 7"@en }',
  'SELECT ?e WHERE { ?e <http://x/label> "e8" }',
  'SELECT ?e ?b WHERE { ?e <http://x/note> ?b }',
  'SELECT ?e WHERE { ?e <http://x/note> [] }',
  'SELECT ?e WHERE { ?e <http://x/nothing> ?o }',
  'SELECT ?a ?b WHERE { ?a <http://x/knows> ?b . ?b <http://x/knows> ?a }',
  'SELECT ?e ?k WHERE { ?e <http://x/type> <http://x/Session> . ?c <http://x/country> ?k }',
];

describe('bgp: basic graph patterns answered from the indexes', () => {
  it('has a triple stated in two graphs, so the union of graphs must hold it once', () => {
    const graphs = data()
      .filter((q) => q.subject.value === 'http://x/e2' && q.predicate.value === 'http://x/in')
      .map((q) => q.graph.value);
    assert.deepEqual(graphs.sort(), ['http://x/g1', 'http://x/g2']);
  });

  const store = QuadStore.fromQuads(data());
  for (const union of [true, false]) {
    const engine = new SparqlEngine(store, { unionDefaultGraph: union });
    for (const q of QUERIES) {
      it(`${q} (${union ? 'union' : 'default'} graph) answers as the engine does`, async () => {
        const plan = planBgp(new Parser().parse(q));
        assert.ok(plan, 'planned');
        const direct = runBgp(store, plan, { unionDefaultGraph: union, maxRows: 1000, budget: 1e6 });
        assert.ok(direct);
        const viaEngine = await engine.execute({ query: q, mediaType: 'application/sparql-results+json' });
        assert.deepEqual(solutions(direct.body), solutions(viaEngine.body));
        assert.equal(direct.count, viaEngine.count);
      });
    }
  }

  it('honours LIMIT, OFFSET and the row cap, and says when it cut the answer', () => {
    const all = runBgp(store, planBgp(new Parser().parse('SELECT ?e WHERE { ?e <http://x/type> ?t }'))!, {
      unionDefaultGraph: true,
      maxRows: 1000,
      budget: 1e6,
    })!;
    assert.equal(all.count, 40);
    const page = runBgp(store, planBgp(new Parser().parse('SELECT ?e WHERE { ?e <http://x/type> ?t } LIMIT 5 OFFSET 38'))!, {
      unionDefaultGraph: true,
      maxRows: 1000,
      budget: 1e6,
    })!;
    assert.equal(page.count, 2);
    const capped = runBgp(store, planBgp(new Parser().parse('SELECT ?e WHERE { ?e <http://x/type> ?t }'))!, {
      unionDefaultGraph: true,
      maxRows: 10,
      budget: 1e6,
    })!;
    assert.deepEqual([capped.count, capped.truncated], [10, true]);
    const limited = runBgp(store, planBgp(new Parser().parse('SELECT ?e WHERE { ?e <http://x/type> ?t } LIMIT 10'))!, {
      unionDefaultGraph: true,
      maxRows: 10,
      budget: 1e6,
    })!;
    assert.deepEqual([limited.count, limited.truncated], [10, false]);
  });

  // Issue #12: LIMIT 0 returned one row, because the limit was checked only after a row was added.
  it('answers LIMIT 0 with no solutions', () => {
    for (const q of ['SELECT * WHERE { ?s ?p ?o } LIMIT 0', 'SELECT DISTINCT ?s WHERE { ?s ?p ?o } LIMIT 0 OFFSET 3']) {
      const answer = runBgp(store, planBgp(new Parser().parse(q))!, { unionDefaultGraph: true, maxRows: 1000, budget: 1e6 })!;
      assert.deepEqual([answer.count, answer.truncated, solutions(answer.body)], [0, false, []], q);
    }
  });

  // Issue #12: a projected variable the pattern never binds came out bound to "" in every row.
  it('leaves a projected variable that the pattern never mentions unbound', async () => {
    const q = 'SELECT ?e ?z WHERE { ?e <http://x/type> <http://x/Forum> }';
    const answer = runBgp(store, planBgp(new Parser().parse(q))!, { unionDefaultGraph: true, maxRows: 1000, budget: 1e6 })!;
    const json = JSON.parse(answer.body) as { head: { vars: string[] }; results: { bindings: Array<Record<string, unknown>> } };
    assert.deepEqual(json.head.vars, ['e', 'z']);
    assert.equal(json.results.bindings.length, 20);
    for (const b of json.results.bindings) assert.deepEqual(Object.keys(b), ['e']);
    const viaEngine = await new SparqlEngine(store, { unionDefaultGraph: true }).execute({
      query: q,
      mediaType: 'application/sparql-results+json',
    });
    assert.deepEqual(solutions(answer.body), solutions(viaEngine.body));
  });

  it('gives up beyond its budget, leaving the query to the engine', () => {
    const plan = planBgp(new Parser().parse('SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }'))!;
    assert.equal(runBgp(store, plan, { unionDefaultGraph: true, maxRows: 1e9, budget: 1000 }), undefined);
  });

  it('leaves everything but a plain basic graph pattern to the engine', () => {
    for (const q of [
      'SELECT ?e WHERE { ?e <http://x/in> ?c FILTER(?c != <http://x/c1>) }',
      'SELECT ?e WHERE { ?e <http://x/knows>+ ?f }',
      'SELECT ?e WHERE { ?e ?p ?o } ORDER BY ?e',
      'SELECT (COUNT(*) AS ?n) WHERE { ?e ?p ?o }',
      'ASK { ?e ?p ?o }',
      'SELECT ?e FROM <http://x/g1> WHERE { ?e ?p ?o }',
      'SELECT ?e WHERE { GRAPH ?g { ?e ?p ?o } }',
      'SELECT ?e WHERE { ?e ?p 5 }',
      'SELECT REDUCED ?e WHERE { ?e ?p ?o }',
      'SELECT ?e WHERE { { ?e ?p ?o } UNION { ?o ?p ?e } }',
    ])
      assert.equal(planBgp(new Parser().parse(q)), undefined, q);
  });
});
