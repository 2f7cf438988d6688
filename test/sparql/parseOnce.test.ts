// A query is parsed once on the endpoint's path (by analyzeQuery), and the engine knows its form from that parse.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ActorQueryParseSparql } from '@comunica/actor-query-parse-sparql';
import { Parser as SparqljsParser } from 'sparqljs';
import { RdfStore } from 'rdf-stores';
import { loadDataset } from '../../src/ingest/load';
import { answerText, QueryService } from '../../src/sparql/queryService';
import { SparqlEngine } from '../../src/sparql/comunica/engine';
import { serializeBoolean } from '../../src/rdf/booleanResults';
import * as syntax from '../../src/sparql/syntax';
import { BASE, FIXTURES, queryServiceOptions } from '../helpers';

/** Counts calls of a method for the duration of `run`, then puts it back. */
async function counting<T extends object>(target: T, method: keyof T, run: () => Promise<void>): Promise<number> {
  const original = target[method] as unknown as (...a: unknown[]) => unknown;
  let calls = 0;
  (target as Record<keyof T, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    (target as Record<keyof T, unknown>)[method] = original;
  }
  return calls;
}

describe('sparql: each query parsed once', function () {
  this.timeout(30_000);
  let service: QueryService;
  before(async () => {
    const r = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: BASE });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    service = new QueryService(r.dataset, queryServiceOptions({ maxConcurrent: 1, maxRows: 100 }));
  });
  after(() => service.close());

  const QUERIES = [
    'SELECT ?n WHERE { ?s <https://schema.org/name> ?n } ORDER BY ?n',
    'SELECT REDUCED ?g WHERE { GRAPH ?g { } }',
    'ASK { ?s ?p ?o }',
    'PREFIX schema: <https://schema.org/> CONSTRUCT { [ schema:name ?n ] . } WHERE { ?s schema:name ?n }',
    'SELECT ?s WHERE { ?s ?p ?o } LIMIT 2',
  ];

  for (const [i, text] of QUERIES.entries()) {
    it(`${text.slice(0, 50)}…`, async () => {
      const ask = {
        text: `${text}\n# ${i}`,
        resultsType: 'application/sparql-results+json',
        graphType: 'text/turtle',
        defaultGraphUris: i === 4 ? [`${BASE}graph/source/mini`] : undefined,
      };
      let ours = 0;
      let comunica = 0;
      const sparqljs = await counting(SparqljsParser.prototype, 'parse', async () => {
        comunica = await counting(ActorQueryParseSparql.prototype, 'run', async () => {
          ours = await counting(syntax, 'parseSyntax', async () => {
            await service.answer(ask);
          });
        });
      });
      assert.deepEqual({ ours, comunica, sparqljs }, { ours: 1, comunica: 0, sparqljs: 0 });
    });
  }

  it('keeps answers to the same text under other graph parameters apart (the text no longer carries them)', async () => {
    const text = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    const count = async (defaultGraphUris?: string[]) => {
      const out = await service.answer({ text, defaultGraphUris, resultsType: 'application/sparql-results+json' });
      return Number(JSON.parse(await answerText(out)).results.bindings[0].n.value);
    };
    const all = await count();
    const one = await count([`${BASE}graph/source/mini`]);
    const none = await count([`${BASE}graph/no-such-graph`]);
    assert.ok(all > one && one > 0 && none === 0, `${all} ${one} ${none}`);
  });

  describe('the engine', () => {
    const engine = new SparqlEngine(RdfStore.createDefault(), { unionDefaultGraph: false });

    it('knows DESCRIBE by the parse, whatever precedes it in the text', async () => {
      const out = await engine.execute({ query: '# not CONSTRUCT\nPREFIX : <http://ex/>\n\n  DESCRIBE :a', mediaType: 'text/turtle' });
      assert.equal(out.form, 'DESCRIBE');
      assert.equal((await engine.execute({ query: 'CONSTRUCT WHERE { ?s ?p ?o }', mediaType: 'text/turtle' })).form, 'CONSTRUCT');
    });

    it('writes ASK with the one writer, in every results format', async () => {
      for (const type of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']) {
        const out = await engine.execute({ query: 'ASK {}', mediaType: type });
        assert.equal(out.body, serializeBoolean(true, type), type);
      }
    });

    it("runs the algebra it is given, and uses the query's BASE for what it resolves when it runs", async () => {
      const parsed = syntax.parseQuery('BASE <http://ex/dir/> SELECT ?i WHERE { BIND(IRI("x") AS ?i) }');
      const out = await engine.execute({ query: parsed, mediaType: 'application/sparql-results+json' });
      assert.equal(JSON.parse(out.body).results.bindings[0].i.value, 'http://ex/dir/x');
    });
  });
});
