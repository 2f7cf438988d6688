// The W3C SPARQL 1.0/1.1 query-evaluation suite through the endpoint's query path, held to the recorded baseline.
import * as assert from 'node:assert/strict';
import { packageRoot } from '../../src/config';
import type { Outcome } from './runner';
import { Baseline, categoryTable, failureList, newlyPassing, readBaseline, regressions, runSuite } from './report';

describe('W3C SPARQL query-evaluation tests', function (this: Mocha.Suite) {
  this.timeout(300_000);
  let outcomes: Outcome[];
  let baseline: Baseline;

  before(async () => {
    const root = packageRoot();
    baseline = await readBaseline(root);
    outcomes = await runSuite(root);
    const now = newlyPassing(outcomes, baseline)
      .map((o) => `\n  now passing, re-record with \`npm run w3c -- --record\`: ${o.test.iri}`)
      .join('');
    console.log(`\n${categoryTable(outcomes)}\n\nFailures:\n${failureList(outcomes, baseline) || '(none)'}${now}\n`);
  });

  it('runs every query-evaluation test the manifests list', () => {
    assert.equal(outcomes.length, baseline.total);
  });

  it('passes at least the recorded count and loses no test that passed', () => {
    assert.deepEqual(regressions(outcomes, baseline), []);
  });
});
