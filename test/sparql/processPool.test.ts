// The query processes: one that has loaded Comunica is replaced by a lean one once idle, and queries are still answered.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { loadDataset } from '../../src/ingest/load';
import { answerText, QueryService, startQueryProcesses } from '../../src/sparql/queryService';
import { BASE, FIXTURES, queryServiceOptions } from '../helpers';

const JSON_RESULTS = 'application/sparql-results+json';

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('sparql/processPool', function () {
  this.timeout(120_000);
  const opts = queryServiceOptions({ workers: 1, maxConcurrent: 1, timeoutMs: 60_000 });
  // SHA1 is left to the engine by the index evaluator; the comment makes each text new to the answer cache.
  const hashed = (n: number) => `# ${n}\nSELECT ?s (SHA1(STR(?s)) AS ?h) WHERE { ?s a ?t } ORDER BY ?s LIMIT 5`;
  const plain = 'SELECT ?s WHERE { ?s a ?t } ORDER BY ?s LIMIT 5';

  it('replaces a process that loaded the engine once it is idle, and the new one answers the same', async () => {
    const r = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: BASE });
    assert.ok(r.ok);
    const reference = new QueryService(r.dataset, { ...opts, workers: 0 });
    const exits: Array<number | undefined> = [];
    const pool = startQueryProcesses(opts, BASE, { engineIdleMs: 100, onProcessExit: (e) => exits.push(e.pid) });
    const s = new QueryService(r.dataset, opts, pool);
    try {
      await s.ready();
      const [first] = pool.pids;
      const want = await answerText(await reference.answer({ text: hashed(0), resultsType: JSON_RESULTS }));
      assert.match(want, /"h"/);
      assert.equal(await answerText(await s.answer({ text: hashed(1), resultsType: JSON_RESULTS })), want);
      assert.equal(pool.withEngine, 1, 'the process says it loaded the engine');
      await until(() => exits.includes(first));
      await until(() => pool.pids.length === 1 && pool.withEngine === 0);
      assert.notEqual(pool.pids[0], first, 'a new process took its place');
      assert.equal(await answerText(await s.answer({ text: hashed(2), resultsType: JSON_RESULTS })), want, 'the new one answers');
      assert.equal(pool.withEngine, 1);
    } finally {
      await pool.close();
      await s.close();
      await reference.close();
    }
  });

  it('keeps a process the index evaluator alone has used', async () => {
    const r = await loadDataset({ paths: [path.join(FIXTURES, 'mini')], baseIri: BASE });
    assert.ok(r.ok);
    const exits: Array<number | undefined> = [];
    const pool = startQueryProcesses(opts, BASE, { engineIdleMs: 50, onProcessExit: (e) => exits.push(e.pid) });
    const s = new QueryService(r.dataset, opts, pool);
    try {
      await s.ready();
      const [first] = pool.pids;
      for (let i = 0; i < 3; i++) {
        const out = await s.answer({ text: `# ${i}\n${plain}`, resultsType: JSON_RESULTS });
        assert.equal(out.count, 5);
      }
      // Long past the idle time of a process holding the engine: this one holds none, so it stays.
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual([pool.pids, exits, pool.withEngine], [[first], [], 0]);
    } finally {
      await pool.close();
      await s.close();
    }
  });
});
