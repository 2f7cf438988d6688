// `npm run w3c [-- --record] [-- --only NAME]`: runs the W3C SPARQL suite, prints the table and failures; --record rewrites the baseline.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../src/config';
import { BASELINE_FILE, categoryTable, failureList, readBaseline, regressions, runSuite, toBaseline } from './report';

async function main(argv: string[]): Promise<number> {
  const root = packageRoot();
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const started = Date.now();
  const outcomes = await runSuite(root, only ? (s) => s.includes(only) : undefined);
  process.stdout.write(`${categoryTable(outcomes)}\n\nFailures:\n${failureList(outcomes) || '(none)'}\n`);
  process.stdout.write(`\n${outcomes.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (argv.includes('--record')) {
    if (only) throw new Error('--record needs the whole suite (drop --only)');
    await fs.writeFile(path.join(root, BASELINE_FILE), `${JSON.stringify(toBaseline(outcomes), null, 2)}\n`);
    process.stdout.write(`recorded ${BASELINE_FILE}\n`);
    return 0;
  }
  if (only) return 0;
  const problems = regressions(outcomes, await readBaseline(root).catch(() => ({ passCount: 0, total: 0, knownFailures: {} })));
  for (const p of problems) process.stdout.write(`REGRESSION: ${p}\n`);
  return problems.length ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
