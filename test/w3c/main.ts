// `npm run w3c [-- --record | --only NAME | --verbose]`: runs the W3C SPARQL suite, prints the table and failures; --record rewrites the baseline.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../src/config';
import { startVirtuoso } from '../support/virtuoso';
import { StoreClient } from '../../src/remote/storeClient';
import { BASELINE_FILE, categoryTable, failureList, newlyPassing, readBaseline, regressions, runSuite, toBaseline } from './report';

async function main(argv: string[]): Promise<number> {
  const root = packageRoot();
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const started = Date.now();
  // --store: over a Virtuoso this run starts (the external-store backend); the table is printed, the baseline is the embedded one's.
  const store = argv.includes('--store')
    ? async () => {
        const v = await startVirtuoso();
        return { client: new StoreClient({ queryUrl: v.sparqlUrl, gspUrl: v.gspUrl }), stop: v.stop };
      }
    : undefined;
  const outcomes = await runSuite(root, only ? (s) => s.includes(only) : undefined, store);
  if (store) {
    process.stdout.write(
      `${categoryTable(outcomes)}\n\nFailures over Virtuoso:\n${failureList(outcomes, undefined, argv.includes('--verbose'))}\n`,
    );
    return 0;
  }
  const verbose = argv.includes('--verbose');
  const baseline = await readBaseline(root).catch(() => undefined);
  process.stdout.write(`${categoryTable(outcomes)}\n\nFailures:\n${failureList(outcomes, baseline, verbose) || '(none)'}\n`);
  process.stdout.write(`\n${outcomes.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (argv.includes('--record')) {
    if (only) throw new Error('--record needs the whole suite (drop --only)');
    await fs.writeFile(path.join(root, BASELINE_FILE), `${JSON.stringify(toBaseline(outcomes, baseline), null, 2)}\n`);
    process.stdout.write(`recorded ${BASELINE_FILE}\n`);
    return 0;
  }
  if (only) return 0;
  if (!baseline) throw new Error(`no ${BASELINE_FILE}: record one with --record`);
  const problems = regressions(outcomes, baseline);
  for (const p of problems) process.stdout.write(`REGRESSION: ${p}\n`);
  for (const o of newlyPassing(outcomes, baseline))
    process.stdout.write(`now passing (run with --record): ${o.test.name} <${o.test.iri}>\n`);
  return problems.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
