// The loader's SHACL check on several threads: the same problems as one thread, shapes shared out by their work.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { loadDataset } from '../../src/ingest/load';
import { shareOut, validateInParallel } from '../../src/ingest/shaclValidator';
import { ShapesValidator } from '../../src/ingest/validate';
import { formatProblem } from '../../src/rdf/problem';
import { BASE, DATA, FIXTURES, ONTOLOGY } from '../support';

async function storeOf(extra: string[]) {
  const r = await loadDataset({ paths: [ONTOLOGY, DATA, ...extra], baseIri: BASE });
  assert.ok(r.ok, JSON.stringify(r.problems));
  return r.dataset.store;
}

describe('store/shaclValidator', () => {
  it('shares every shape out exactly once', async () => {
    const store = await storeOf([]);
    const [all] = shareOut(store, 1);
    const shares = shareOut(store, 3);
    assert.equal(shares.length, 3);
    const dealt = shares
      .flat()
      .map((t) => t.value)
      .sort();
    assert.deepEqual(dealt, all.map((t) => t.value).sort());
    assert.equal(new Set(dealt).size, dealt.length);
    assert.ok(
      all.some((t) => t.value === `${BASE}def/forum-shapes#FindingShape`),
      'the shapes of ontology/shapes.ttl are found',
    );
  });

  it('finds the same problems with two threads as with one', async function () {
    this.timeout(60_000);
    const store = await storeOf([path.join(FIXTURES, 'finding-without-verbatim-text.trig'), path.join(FIXTURES, 'end-before-start.trig')]);
    const single = (await new ShapesValidator(store).validate(store)).map(formatProblem);
    assert.ok(single.length >= 2, single.join('\n'));
    assert.deepEqual((await validateInParallel(store, 2)).map(formatProblem), single);
  });
});
