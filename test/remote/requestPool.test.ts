// The upload's request pool: never more than N in flight, every task run, the first failure reported.
import { strict as assert } from 'node:assert';
import { RequestPool } from '../../src/remote/requestPool';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('remote/requestPool', () => {
  it('runs every task with at most N at once', async () => {
    const pool = new RequestPool(3);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    for (let i = 0; i < 20; i++)
      await pool.run(async () => {
        running++;
        most = Math.max(most, running);
        await tick(1 + (i % 4));
        running--;
        done.push(i);
      });
    await pool.drain();
    assert.equal(most, 3);
    assert.deepEqual(
      [...done].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('throws the first failure from drain, and refuses new work after it', async () => {
    const pool = new RequestPool(2);
    await pool.run(async () => {
      await tick(2);
      throw new Error('first');
    });
    await pool.run(async () => {
      await tick(5);
      throw new Error('second');
    });
    await assert.rejects(pool.drain(), /first/);
    await assert.rejects(
      pool.run(async () => undefined),
      /first/,
    );
    assert.throws(() => new RequestPool(0), /at least 1/);
  });
});
