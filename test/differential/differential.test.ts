// The fixed-seed differential run in `npm test`: generated queries through the endpoint, judged against oxigraph.
import { strict as assert } from 'node:assert';
import { Random } from '../../bench/random';
import { generateDataset } from './dataset';
import { Oracle } from './oracle';
import { caseFor, datasetFor, DEFAULT_SEED, describeReport, runDifferential } from './run';
import { LITERALS, termText } from './vocabulary';

/** Enough to reach every generated feature many times in about a minute of CPU; longer runs: npm run differential. */
const CASES = Number(process.env.DIFFERENTIAL_CASES ?? 2000);

describe('differential: the endpoint against oxigraph', function () {
  this.timeout(900_000);

  it('generates the same datasets and queries from the same seed', () => {
    const a = datasetFor(7, 3);
    const b = datasetFor(7, 3);
    assert.equal(a.nquads, b.nquads);
    assert.deepEqual(caseFor(7, 3, 5, a), caseFor(7, 3, 5, b));
    assert.notEqual(datasetFor(8, 3).nquads, a.nquads);
  });

  it('writes every literal in the form oxigraph keeps, so that the oracle reads the same data', () => {
    const changed = LITERALS.filter((l) => !Oracle.roundTrip(l as never).equals(l as never)).map(termText);
    assert.deepEqual(changed, []);
    // Every dataset also loads into the oracle with exactly its quads.
    const ds = generateDataset(new Random(1));
    assert.equal(
      new Oracle(ds.nquads).answer('SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }', 'csv').split(/\r?\n/)[1],
      String(ds.quads.filter((q) => q.graph.termType === 'NamedNode').length),
    );
  });

  it(`agrees on ${CASES} generated queries (seed ${DEFAULT_SEED}) in every result format, but for documented differences`, async () => {
    const report = await runDifferential({ seed: DEFAULT_SEED, cases: CASES });
    console.log(`\n${describeReport(report)}\n`);
    assert.equal(report.cases, CASES);
    assert.deepEqual(
      report.disagreements.map((o) => `${o.case.id} ${o.case.text}: ${'reason' in o.verdict ? o.verdict.reason : ''}`),
      [],
    );
  });
});
