// `npm run soak [-- --quick]`: attacks a real server on loopback (memory and regex bombs, abandoned queries, a storm
// of heavy queries, slowloris, unread huge answers, reloads of good and broken data, SIGTERM) while measuring everyone else.
import * as os from 'node:os';
import { startSoakServer, SoakServer } from './soak/server';
import { Probe } from './soak/probe';
import {
  abandonedQueries,
  CaseResult,
  cpuBusy,
  memoryBombs,
  regexBombs,
  reloads,
  sigterm,
  slowloris,
  storm,
  unreadAnswers,
} from './soak/cases';
import { table, fmt } from './table';

export interface SoakOptions {
  memoryBombs: number;
  regexBombs: number;
  abandoned: number;
  storm: number;
  slowloris: number;
  unread: number;
  goodReloads: number;
  brokenReloads: number;
  /** How long slowloris and unread answers hold on. */
  holdMs: number;
  graceMs: number;
  log?: (s: string) => void;
}

export const FULL: SoakOptions = {
  memoryBombs: 20,
  regexBombs: 4,
  abandoned: 18,
  storm: 90,
  slowloris: 200,
  unread: 6,
  goodReloads: 10,
  brokenReloads: 2,
  holdMs: 5_000,
  graceMs: 15_000,
};
export const QUICK: SoakOptions = {
  memoryBombs: 2,
  regexBombs: 2,
  abandoned: 4,
  storm: 10,
  slowloris: 20,
  unread: 2,
  goodReloads: 2,
  brokenReloads: 1,
  holdMs: 2_000,
  graceMs: 15_000,
};

/** The server's flags in the soak: small caps, so the bombs go off in seconds. */
export function soakFlags(o: SoakOptions): string[] {
  return [
    '--timeout',
    '15000',
    '--worker-memory',
    '128',
    '--workers',
    '2',
    '--max-concurrent',
    '2',
    '--queue',
    '32',
    '--max-result-bytes',
    String(8 * 1024 * 1024),
    '--shutdown-grace',
    String(o.graceMs),
  ];
}

export interface SoakRow extends CaseResult {
  phase: string;
  fig: ReturnType<Probe['figures']>;
}

/** Runs every case in turn against one server; the probe's traffic runs throughout. */
export async function runSoak(o: SoakOptions, server: SoakServer): Promise<SoakRow[]> {
  const probe = new Probe(server, 2, 1);
  const rows: SoakRow[] = [];
  const run = async (phase: string, f: () => Promise<CaseResult>) => {
    probe.phase = phase;
    o.log?.(`  ${phase} ...`);
    await settle(server);
    let r: CaseResult;
    try {
      r = await f();
    } catch (e) {
      r = {
        name: phase,
        sent: 1,
        asExpected: 0,
        note: `the case itself failed: ${(e as Error).message} ${(e as Error & { cause?: Error }).cause?.message ?? ''}`,
      };
    }
    rows.push({ ...r, phase, fig: probe.figures(phase) });
  };
  try {
    // The first requests of a fresh server are slow (code not yet optimised, the dumps being written): not measured.
    probe.phase = 'warm-up';
    await new Promise((r) => setTimeout(r, o.holdMs));
    await run('baseline', async () => {
      await new Promise((r) => setTimeout(r, o.holdMs));
      return { name: 'no attack (baseline)', sent: 0, asExpected: 0, note: '' };
    });
    await run('memory', () => memoryBombs(server, o.memoryBombs));
    await run('regex', () => regexBombs(server, o.regexBombs));
    await run('abandoned', () => abandonedQueries(server, o.abandoned));
    await run('storm', () => storm(server, o.storm));
    await run('slowloris', () => slowloris(server, o.slowloris, o.holdMs));
    await run('unread', () => unreadAnswers(server, o.unread, o.holdMs));
    await run('reloads', () => reloads(server, o.goodReloads, o.brokenReloads));
    await run('sigterm', () => sigterm(server, o.graceMs, () => probe.markStopping()));
  } finally {
    await probe.stop();
  }
  return rows;
}

/** Waits (at most 60 s) until the query processes are all ready (by the server's log) and idle, so each case starts from a rested server. */
async function settle(server: SoakServer): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const ready = new Set(server.log.filter((l) => l.msg === 'a query process is ready').map((l) => l.queryPid));
    for (const l of server.log) if (l.msg === 'a query process ended') ready.delete(l.queryPid);
    const pids = server.queryPids();
    if (ready.size >= 3 && pids.every((p) => ready.has(p) && !cpuBusy(p))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function soakTable(rows: SoakRow[]): string {
  return table(
    'Soak: attacks on a real server (loopback), with document lookups and simple queries running throughout',
    ['case', 'sent', 'as promised', 'other requests failed', 'doc p50 ms', 'doc p99 ms', 'doc max ms', 'figures'],
    rows.map((r) => [
      r.name,
      r.sent,
      `${r.asExpected}/${r.sent}`,
      `${r.fig.docFailures}/${r.fig.docs} docs, ${r.fig.queryFailures}/${r.fig.queries} queries${r.fig.queryBusy ? ` (${r.fig.queryBusy} busy)` : ''}`,
      fmt.ms(r.fig.p50),
      fmt.ms(r.fig.p99),
      fmt.ms(r.fig.max),
      r.note + (r.fig.errors.length ? ` — failures: ${r.fig.errors.join('; ')}` : ''),
    ]),
  );
}

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const o = { ...(quick ? QUICK : FULL), log: (s: string) => process.stderr.write(`${s}\n`) };
  const started = Date.now();
  // Bounded in time whatever happens: a soak that hangs is itself a finding.
  const limit = setTimeout(() => {
    process.stderr.write('the soak did not finish within 15 minutes\n');
    process.exit(2);
  }, 15 * 60_000);
  o.log(
    `forum-ld soak (${quick ? 'quick' : 'full'}): node ${process.version}, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  const server = await startSoakServer(soakFlags(o));
  let rows: SoakRow[];
  try {
    rows = await runSoak(o, server);
  } finally {
    server.dispose();
    clearTimeout(limit);
  }
  process.stdout.write(soakTable(rows));
  process.stdout.write(
    `\nserver flags: ${soakFlags(o).join(' ')}; took ${((Date.now() - started) / 1000).toFixed(0)} s; load average at end ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}\n`,
  );
  const broken = rows.filter((r) => r.asExpected < r.sent || r.fig.docFailures || r.fig.queryFailures);
  return broken.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
