// A differential run: seeded datasets, a batch of seeded queries on each (one app per dataset), every answer judged.
import { Random } from '../../bench/random';
import { indexStats } from '../../src/sparql/evaluate/answer';
import { checkCase, CaseOutcome } from './check';
import { generateDataset, GeneratedDataset } from './dataset';
import { Endpoint } from './endpoint';
import { Oracle } from './oracle';
import { Case, generateQuery } from './queries';

/** The seed of the run in `npm test` (and of `npm run differential` without --seed). */
export const DEFAULT_SEED = 20261212;

export interface RunOptions {
  seed: number;
  cases: number;
  /** Queries per generated dataset (one app, one oracle store each). */
  perDataset?: number;
  /** Only these case ids (`seed/dataset/query`), for replaying a disagreement. */
  only?: readonly string[];
  onOutcome?: (o: CaseOutcome) => void;
}

export interface Report {
  seed: number;
  cases: number;
  agree: number;
  /** Known, documented differences, by category. */
  known: Map<string, CaseOutcome[]>;
  disagreements: CaseOutcome[];
  skipped: Map<string, number>;
  /** Cases per feature, to show what the run covered. */
  features: Map<string, number>;
  ms: number;
}

/** Mixes integers into one seed (murmur3's finaliser), so every dataset and case has its own stream. */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function datasetFor(seed: number, d: number): GeneratedDataset {
  return generateDataset(new Random(mix(seed, d)));
}

export function caseFor(seed: number, d: number, q: number, ds: GeneratedDataset): Case {
  return generateQuery(new Random(mix(seed, d, q)), ds, `${seed}/${d}/${q}`);
}

export async function runDifferential(opts: RunOptions): Promise<Report> {
  const started = Date.now();
  const per = opts.perDataset ?? 25;
  const report: Report = {
    seed: opts.seed,
    cases: 0,
    agree: 0,
    known: new Map(),
    disagreements: [],
    skipped: new Map(),
    features: new Map(),
    ms: 0,
  };
  const wanted = opts.only && new Map(opts.only.map((id) => [id, id.split('/').map(Number)]));
  const datasets = wanted
    ? [...new Set([...wanted.values()].map(([, d]) => d))]
    : Array.from({ length: Math.ceil(opts.cases / per) }, (_, d) => d);
  for (const d of datasets) {
    const ds = datasetFor(opts.seed, d);
    const cases = Array.from({ length: per }, (_, q) => q)
      .filter((q) => (wanted ? wanted.has(`${opts.seed}/${d}/${q}`) : d * per + q < opts.cases))
      .map((q) => caseFor(opts.seed, d, q, ds));
    const oracle = new Oracle(ds.nquads);
    const endpoint = await Endpoint.open(ds.nquads);
    try {
      for (const c of cases) {
        const before = indexStats.answered;
        const outcome = await checkCase(c, endpoint, oracle);
        // Answered (in some format) from the indexes rather than by the engine.
        if (indexStats.answered > before) outcome.case.features.push('indexed');
        record(report, outcome);
        opts.onOutcome?.(outcome);
      }
    } finally {
      await endpoint.close();
    }
  }
  report.ms = Date.now() - started;
  return report;
}

function record(report: Report, o: CaseOutcome): void {
  report.cases++;
  for (const f of o.case.features) report.features.set(f, (report.features.get(f) ?? 0) + 1);
  const v = o.verdict;
  if (v.kind === 'agree') report.agree++;
  else if (v.kind === 'known') report.known.set(v.category, [...(report.known.get(v.category) ?? []), o]);
  else if (v.kind === 'skipped')
    report.skipped.set(v.reason.replace(/\d+/g, 'N'), (report.skipped.get(v.reason.replace(/\d+/g, 'N')) ?? 0) + 1);
  else report.disagreements.push(o);
}

/** The report as text: totals, coverage, known categories with an example each, every disagreement in full. */
export function describeReport(r: Report, verbose = false): string {
  const lines = [
    `differential run, seed ${r.seed}: ${r.cases} cases in ${(r.ms / 1000).toFixed(1)} s — ${r.agree} agree, ` +
      `${[...r.known.values()].reduce((n, xs) => n + xs.length, 0)} known differences, ${r.disagreements.length} disagreements, ` +
      `${[...r.skipped.values()].reduce((n, x) => n + x, 0)} skipped`,
  ];
  lines.push(
    `  covered: ${[...r.features]
      .sort((a, b) => b[1] - a[1])
      .map(([f, n]) => `${f} ${n}`)
      .join(', ')}`,
  );
  for (const [reason, n] of r.skipped) lines.push(`  skipped (${reason}): ${n}`);
  for (const [category, xs] of r.known) {
    lines.push(`  known: ${category}: ${xs.length} cases, e.g. ${xs[0].case.id}: ${xs[0].case.text}`);
  }
  for (const o of r.disagreements.slice(0, verbose ? Infinity : 20)) {
    const v = o.verdict as { format: string; reason: string };
    lines.push(`  DISAGREE ${o.case.id} [${v.format}] ${o.case.text}\n      ${v.reason}`);
  }
  if (!verbose && r.disagreements.length > 20) lines.push(`  … and ${r.disagreements.length - 20} more`);
  return lines.join('\n');
}
