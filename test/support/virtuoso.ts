// Starts a real Virtuoso 7 (Debian's virtuoso-opensource) for the tests: a temporary database on free ports, stopped afterwards.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './loopback';

export interface Virtuoso {
  /** The SPARQL 1.1 Protocol endpoint, e.g. http://127.0.0.1:PORT/sparql (updates allowed: the tests publish into it). */
  sparqlUrl: string;
  /** The Graph Store Protocol endpoint. */
  gspUrl: string;
  /** Runs SQL through isql as dba (the bulk loader, grants). */
  sql(statement: string): string;
  /** The virtuoso-t process (benches measure its memory). */
  pid: number;
  stop(): Promise<void>;
}

const BINARY = '/usr/bin/virtuoso-t';
const ISQL = '/usr/bin/isql-vt';

/** Why Virtuoso cannot run here, or undefined when it can. In CI (CI=true) the tests never skip for this. */
export function virtuosoMissing(): string | undefined {
  if (fs.existsSync(BINARY) && fs.existsSync(ISQL)) return undefined;
  return `Virtuoso 7 is not installed (${BINARY}); .ci/run installs Debian's virtuoso-opensource`;
}

/** Skips the suite (outside CI) when Virtuoso is missing; in CI a missing Virtuoso fails it. */
export function requireVirtuoso(ctx: Mocha.Context): void {
  const missing = virtuosoMissing();
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(`${missing}: CI must run the external-store tests`);
  console.log(`      (skipped: ${missing})`);
  ctx.skip();
}

function iniText(dir: string, sqlPort: number, httpPort: number, buffers: number, resultSetMaxRows: number): string {
  return `[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:${sqlPort}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., ${dir}, /usr/share/virtuoso-opensource-7/vad
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.round(buffers * 0.75)}
ThreadsPerQuery = 2
MaxQueryMem = 512M
MaxSortedTopRows = 10000000
[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 20
ServerThreads = 20
MaxKeepAlives = 20
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = ${resultSetMaxRows}
MaxSortedTopRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 60
`;
}

/**
 * Starts virtuoso-t in the foreground (`buffers`: 8 KB pages of cache, 8,000 for the tests) on free ports with a new
 * database in a temporary folder; waits until it answers SPARQL. `resultSetMaxRows`: [SPARQL] ResultSetMaxRows, where
 * Virtuoso cuts every answer without a word (10 million unless a test wants to meet the cut).
 */
export async function startVirtuoso(opts: { buffers?: number; resultSetMaxRows?: number } = {}): Promise<Virtuoso> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-virtuoso-'));
  const sqlPort = await freePort();
  const httpPort = await freePort();
  fs.writeFileSync(
    path.join(dir, 'virtuoso.ini'),
    iniText(dir, sqlPort, httpPort, opts.buffers ?? 8000, opts.resultSetMaxRows ?? 10_000_000),
  );
  const child: ChildProcess = spawn(BINARY, ['+foreground', '+configfile', path.join(dir, 'virtuoso.ini')], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const sparqlUrl = `http://127.0.0.1:${httpPort}/sparql`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const sql = (statement: string) =>
    execFileSync(ISQL, [`127.0.0.1:${sqlPort}`, 'dba', 'dba', `exec=${statement}`], { encoding: 'utf8', timeout: 120_000 });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) {
      const log = fs.existsSync(path.join(dir, 'virtuoso.log')) ? fs.readFileSync(path.join(dir, 'virtuoso.log'), 'utf8') : '';
      await stop();
      throw new Error(`virtuoso-t exited while starting:\n${log.slice(-2000)}`);
    }
    try {
      const r = await fetch(`${sparqlUrl}?query=${encodeURIComponent('ASK {}')}`, {
        headers: { accept: 'application/sparql-results+json' },
      });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('Virtuoso did not answer within 120 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // The tests publish over the protocols without credentials: the anonymous SPARQL user may update (never do this in production).
  // The SQL port may open a moment after the HTTP one.
  for (let attempt = 0; ; attempt++) {
    try {
      sql('GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";');
      break;
    } catch (e) {
      if (attempt >= 40 || exited) {
        await stop();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const onExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));
  return { sparqlUrl, gspUrl: `http://127.0.0.1:${httpPort}/sparql-graph-crud`, sql, stop, pid: child.pid! };
}
