// Admission control: a fixed number of slots, a bounded line, and a bounded wait in it.
import { strict as assert } from 'node:assert';
import { Admission, AdmissionRefused } from '../../src/sparql/admission';

async function refusal(p: Promise<unknown>): Promise<AdmissionRefused> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AdmissionRefused);
    return e;
  }
  assert.fail('admitted');
}

describe('store/admission', () => {
  it('admits up to the slots at once, queues the next ones, and refuses beyond the queue', async () => {
    const a = new Admission(2, 1, 60_000);
    const r1 = await a.acquire();
    const r2 = await a.acquire();
    const third = a.acquire();
    assert.deepEqual(a.load, { running: 2, queued: 1 });
    const e = await refusal(a.acquire());
    assert.match(e.message, /All 2 query slots are busy and 1 queries are already waiting/);
    r1();
    const r3 = await third;
    assert.deepEqual(a.load, { running: 2, queued: 0 });
    r2();
    r3();
    assert.deepEqual(a.load, { running: 0, queued: 0 });
  });

  it('serves the line in order', async () => {
    const a = new Admission(1, 3, 60_000);
    const first = await a.acquire();
    const order: number[] = [];
    const waiting = [1, 2, 3].map((i) =>
      a.acquire().then((release) => {
        order.push(i);
        release();
      }),
    );
    first();
    await Promise.all(waiting);
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('refuses a request that waited too long, and leaves the line consistent', async () => {
    const a = new Admission(1, 2, 20);
    const held = await a.acquire();
    const e = await refusal(a.acquire());
    assert.match(e.message, /waited 0\.02 s for a free slot/);
    assert.deepEqual(a.load, { running: 1, queued: 0 });
    held();
    const again = await a.acquire();
    again();
    assert.deepEqual(a.load, { running: 0, queued: 0 });
  });

  it('ignores a second release of the same slot', async () => {
    const a = new Admission(1, 0, 60_000);
    const r = await a.acquire();
    r();
    r();
    assert.deepEqual(a.load, { running: 0, queued: 0 });
    const r2 = await a.acquire();
    await refusal(a.acquire());
    r2();
  });
});
