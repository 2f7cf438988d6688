// `npm run differential -- [--cases N] [--seed N] [--per-dataset N] [--only seed/d/q,…] [--verbose]`: a differential run against oxigraph.
import { DEFAULT_SEED, describeReport, runDifferential } from './run';

async function main(argv: string[]): Promise<number> {
  const get = (flag: string): string | undefined => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const only = get('--only')?.split(',');
  const seed = Number(get('--seed') ?? only?.[0].split('/')[0] ?? DEFAULT_SEED);
  const cases = Number(get('--cases') ?? 1000);
  const verbose = argv.includes('--verbose');
  let done = 0;
  const report = await runDifferential({
    seed,
    cases,
    only,
    perDataset: get('--per-dataset') ? Number(get('--per-dataset')) : undefined,
    onOutcome: (o) => {
      if (++done % 500 === 0) process.stderr.write(`${done} cases…\n`);
      if (verbose || only)
        process.stdout.write(
          `${o.case.id} ${o.verdict.kind}${'reason' in o.verdict ? `: ${o.verdict.reason}` : ''}${'category' in o.verdict ? `: ${o.verdict.category}` : ''}\n  ${o.case.text}\n`,
        );
    },
  });
  process.stdout.write(`${describeReport(report, verbose)}\n`);
  return report.disagreements.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
