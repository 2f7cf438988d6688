// The server under attack: `forum-ld serve` as a child process over a private copy of the data, on loopback only.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../servers';

export interface SoakServer {
  origin: string;
  port: number;
  pid: number;
  /** The copy of the data the server reads (reload cases edit it). */
  dataDir: string;
  child: ChildProcess;
  /** JSON log lines seen so far (warn and above, plus reloads and process ends). */
  log: Array<Record<string, unknown>>;
  /** Resident memory of the server's own process, in bytes. */
  rss(): number;
  /** Pids of the query processes. */
  queryPids(): number[];
  /** Sends SIGHUP and waits for the log to say how the reload ended. */
  reload(): Promise<'reloaded' | 'refused'>;
  /** Sends SIGTERM and waits for the exit: its code and how long it took. */
  terminate(): Promise<{ code: number | null; signal: string | null; ms: number }>;
  /** Kills whatever is left (after a failed case) and removes the data copy. */
  dispose(): void;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

export async function startSoakServer(flags: string[], readyMs = 120_000): Promise<SoakServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-soak-'));
  const dataDir = path.join(dir, 'data');
  fs.cpSync(path.join(ROOT, 'data'), dataDir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'ontology'), path.join(dir, 'ontology'), { recursive: true });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'dist', 'src', 'cli.js'),
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      path.join(dir, 'ontology'),
      '--data',
      dataDir,
      '--cache-dir',
      path.join(dir, 'cache'),
      '--log-level',
      'info',
      ...flags,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: Array<Record<string, unknown>> = [];
  let stderr = '';
  let pending = '';
  child.stdout!.on('data', (c: Buffer) => {
    pending += c.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const l of lines) {
      try {
        const o = JSON.parse(l) as Record<string, unknown>;
        if (o.msg !== 'request' || (o.level as number) >= 50) log.push(o);
      } catch {
        /* not JSON */
      }
    }
  });
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const origin = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited before it was ready: ${stderr}`);
    if (Date.now() - t0 > readyMs) {
      child.kill('SIGKILL');
      throw new Error('the server was not ready in time');
    }
    const ok = await fetch(`${origin}/sparql?query=${encodeURIComponent('ASK {}')}`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const waitLog = async (test: (o: Record<string, unknown>) => boolean, from: number, ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = log.slice(from).find(test);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the server did not log the expected line in time');
  };
  return {
    origin,
    port,
    pid: child.pid!,
    dataDir,
    child,
    log,
    rss: () => rssOf(child.pid!),
    queryPids: () => childrenOf(child.pid!),
    reload: async () => {
      const from = log.length;
      child.kill('SIGHUP');
      const line = await waitLog(
        (o) => o.msg === 'reloaded the dataset' || String(o.msg).startsWith('the new data is invalid'),
        from,
        120_000,
      );
      return line.msg === 'reloaded the dataset' ? 'reloaded' : 'refused';
    },
    terminate: async () => {
      const t = Date.now();
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      return { code, signal, ms: Date.now() - t };
    },
    dispose: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      for (const pid of childrenOf(child.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resident memory of one process, in bytes (Linux /proc; NaN elsewhere). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Direct children of a process (Linux /proc). */
export function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
