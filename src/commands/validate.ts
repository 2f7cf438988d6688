// `forum-ld validate`: loads and validates the data, prints the report, returns the exit code.
import type { Writable } from 'node:stream';
import { loadDataset } from '../ingest/load';
import { formatProblem } from '../rdf/problem';
import { validatorVerdicts, validators } from '../forum/checks';

export async function validateCommand(
  opts: { paths: readonly string[]; baseIri: string; queries?: string; cacheDir?: string },
  out: Writable,
): Promise<number> {
  // Always checks; a pass is remembered, so `serve` on the same bytes (same base, same cache folder) skips the checks.
  const remember = opts.cacheDir === undefined ? undefined : validatorVerdicts(opts.cacheDir);
  const verdicts = remember && { get: async () => undefined, put: remember.put };
  const result = await loadDataset({ paths: opts.paths, baseIri: opts.baseIri, validators: validators(), queries: opts.queries, verdicts });
  for (const p of result.problems) out.write(`${formatProblem(p)}\n`);
  const violations = result.problems.filter((p) => p.severity === 'violation').length;
  const warnings = result.problems.filter((p) => p.severity === 'warning').length;
  if (result.ok) {
    out.write(
      `valid: ${result.dataset.size} quads from ${result.dataset.info.files.length} files, ${result.dataset.graphNames().length} named graphs, ${result.dataset.info.namedQueries?.length ?? 0} named queries; ${warnings} warnings\n`,
    );
    return 0;
  }
  out.write(`invalid: ${violations} violations, ${warnings} warnings; nothing would be published\n`);
  return 1;
}
