// The soak's fast version (npm run soak is the full one): a real server on loopback under every attack in turn, while
// documents and simple queries keep being asked; each attack is answered as promised and nothing else fails.
import { strict as assert } from 'node:assert';
import { QUICK, runSoak, soakFlags, soakTable } from '../../bench/soak';
import { startSoakServer, SoakServer } from '../../bench/soak/server';

describe('http: soak (fast version of npm run soak)', function () {
  this.timeout(600_000);
  let server: SoakServer | undefined;
  after(() => server?.dispose());

  it('answers memory and regex bombs, abandoned queries, a storm, slowloris, unread answers, reloads and SIGTERM as promised, failing nothing else', async function () {
    if (process.platform !== 'linux') this.skip(); // the harness reads /proc
    server = await startSoakServer(soakFlags(QUICK));
    const rows = await runSoak(QUICK, server);
    console.log(
      soakTable(rows)
        .split('\n')
        .map((l) => `      ${l}`)
        .join('\n'),
    );
    for (const r of rows) {
      assert.equal(r.asExpected, r.sent, `${r.name}: ${r.note}`);
      assert.equal(r.fig.docFailures, 0, `${r.name}: documents failed: ${r.fig.errors.join('; ')}`);
      assert.equal(r.fig.queryFailures, 0, `${r.name}: simple queries failed: ${r.fig.errors.join('; ')}`);
    }
  });
});
