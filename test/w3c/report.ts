// Runs the whole W3C suite and renders the outcome: a per-category table, the failures with reasons, the recorded baseline.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadSuite, suiteRoot } from './manifest';
import { Outcome, runTest, suiteBaseIri } from './runner';
import { W3cEndpoint } from './endpoint';
import type { StoreClient } from '../../src/remote/storeClient';

/** The recorded baseline (test/w3c/expected.json): the pass count CI must keep and the failures known today. */
export interface Baseline {
  passCount: number;
  total: number;
  /** Test IRI → why it fails. */
  knownFailures: Record<string, string>;
}

export const BASELINE_FILE = path.join('test', 'w3c', 'expected.json');

/** A store to run over and how to stop it. */
export type StoreFactory = () => Promise<{ client: StoreClient; stop: () => Promise<void> }>;

/**
 * Tests per external store: Virtuoso 7.2.5 fails every insert ("out of seg data … RDF_QUAD_SP") after some dozens
 * of publish-and-drop cycles of small datasets, so the runner starts a fresh one this often.
 */
const TESTS_PER_STORE = 20;

/** `store`: run over an external store (the Virtuoso backend) instead of the embedded one. */
export async function runSuite(repoRoot: string, filter?: (iri: string) => boolean, store?: StoreFactory): Promise<Outcome[]> {
  const root = suiteRoot(repoRoot);
  const base = suiteBaseIri(root);
  const tests = (await loadSuite(root)).filter((t) => !filter || filter(t.iri) || filter(t.name));
  const outcomes: Outcome[] = [];
  let current = store ? await store() : undefined;
  const endpoint = new W3cEndpoint(20_000, current?.client);
  await endpoint.start();
  try {
    for (const [i, t] of tests.entries()) {
      if (store && i > 0 && i % TESTS_PER_STORE === 0) {
        await current!.stop();
        current = await store();
        endpoint.useStore(current.client);
      }
      outcomes.push(await runTest(t, { suiteBase: base, endpoint }));
    }
  } finally {
    await endpoint.close();
    await current?.stop();
  }
  return outcomes;
}

/** One row per category plus a total, as a Markdown table. */
export function categoryTable(outcomes: readonly Outcome[]): string {
  const rows = new Map<string, { pass: number; total: number }>();
  for (const o of outcomes) {
    const r = rows.get(o.test.category) ?? rows.set(o.test.category, { pass: 0, total: 0 }).get(o.test.category)!;
    r.total++;
    if (o.pass) r.pass++;
  }
  const pass = outcomes.filter((o) => o.pass).length;
  const lines = ['| Category | Pass | Fail | Total |', '|---|--:|--:|--:|'];
  for (const [cat, r] of rows) lines.push(`| ${cat} | ${r.pass} | ${r.total - r.pass} | ${r.total} |`);
  lines.push(`| **all** | **${pass}** | **${outcomes.length - pass}** | **${outcomes.length}** |`);
  return lines.join('\n');
}

/** One entry per failure: the recorded explanation of a known failure (and, if asked, what was seen), else what was seen. */
export function failureList(outcomes: readonly Outcome[], baseline?: Baseline, observed = false): string {
  return outcomes
    .filter((o) => !o.pass)
    .map((o) => {
      const head = `- ${o.test.category} ${o.test.name} <${o.test.iri}>`;
      if (!baseline) return `${head}\n    ${o.reason}`;
      const known = baseline.knownFailures[o.test.iri];
      if (!known) return `${head}\n    NEW: ${o.reason}`;
      return `${head}\n    known: ${known}${observed ? `\n    observed: ${o.reason}` : ''}`;
    })
    .join('\n');
}

/** The baseline for these outcomes; explanations already written for a failure are kept, new ones get the observed reason. */
export function toBaseline(outcomes: readonly Outcome[], previous?: Baseline): Baseline {
  const knownFailures: Record<string, string> = {};
  for (const o of outcomes) if (!o.pass) knownFailures[o.test.iri] = previous?.knownFailures[o.test.iri] ?? o.reason ?? 'failed';
  return { passCount: outcomes.filter((o) => o.pass).length, total: outcomes.length, knownFailures };
}

export async function readBaseline(repoRoot: string): Promise<Baseline> {
  return JSON.parse(await fs.readFile(path.join(repoRoot, BASELINE_FILE), 'utf8')) as Baseline;
}

/** Known failures that pass now: the baseline should be re-recorded to lock them in. */
export function newlyPassing(outcomes: readonly Outcome[], baseline: Baseline): Outcome[] {
  return outcomes.filter((o) => o.pass && o.test.iri in baseline.knownFailures);
}

/** What breaks the baseline: fewer passes than recorded, or a test that is not a known failure failing. */
export function regressions(outcomes: readonly Outcome[], baseline: Baseline): string[] {
  const problems: string[] = [];
  const pass = outcomes.filter((o) => o.pass).length;
  if (pass < baseline.passCount) problems.push(`${pass} tests pass, fewer than the ${baseline.passCount} recorded`);
  for (const o of outcomes) {
    if (!o.pass && !(o.test.iri in baseline.knownFailures)) problems.push(`newly failing: ${o.test.name} <${o.test.iri}>: ${o.reason}`);
  }
  return problems;
}
