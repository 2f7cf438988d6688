// Starts the servers under test as child processes (own process group), times readiness, samples memory, stops them.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { type ServeSettings, serveFlags } from '../src/config';

export interface ServerSpec {
  name: string;
  /** Node script and arguments; `{port}` is replaced. */
  script: string;
  args: string[];
  /** Path answered with 200 once the server can serve (polled from spawn). */
  readyPath: string;
  nodeFlags?: string[];
  env?: Record<string, string>;
}

export interface Running {
  spec: ServerSpec;
  port: number;
  pid: number;
  readyMs: number;
  child: ChildProcess;
  stderr: string[];
}

/**
 * `forum-ld serve` over `dataPath` on a free loopback port, ready once it answers a query, with `tmp` as its temp
 * folder (the default cache folder: a first start writes its verdict and dumps there, a restart finds them).
 */
export function oursSpec(
  dataPath: string,
  baseIri: string,
  tmp: string,
  settings: ServeSettings = {},
  nodeFlags: string[] = [],
): ServerSpec {
  return {
    name: 'ours',
    script: path.join(__dirname, '..', 'src', 'cli.js'),
    readyPath: `/sparql?query=${encodeURIComponent('ASK {}')}`,
    env: { TMPDIR: tmp },
    args: ['serve', ...serveFlags({ dataPaths: [dataPath], baseIri, port: '{port}', host: '127.0.0.1', logLevel: 'silent', ...settings })],
    nodeFlags,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** One GET; resolves with status, headers and body (never rejects on HTTP errors). */
export function get(
  port: number,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathAndQuery, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export async function start(spec: ServerSpec, timeoutMs: number): Promise<Running> {
  const port = await freePort();
  const args = spec.args.map((a) => a.replace('{port}', String(port)));
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), spec.script, ...args], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...spec.env },
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 200) stderr.push(c.toString());
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  const running: Running = { spec, port, pid: child.pid!, readyMs: NaN, child, stderr };
  while (performance.now() - t0 < timeoutMs) {
    if (exited) throw new Error(`${spec.name} ${exited} before it was ready: ${stderr.join('').slice(-2000)}`);
    try {
      const r = await get(port, spec.readyPath, { accept: 'application/sparql-results+json' }, 5_000);
      if (r.status === 200) {
        running.readyMs = performance.now() - t0;
        return running;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  stop(running);
  throw new Error(`${spec.name} was not ready within ${timeoutMs / 1000} s`);
}

/** Stops the server and everything it forked (its own process group). */
export function stop(r: Running): Promise<void> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null || r.child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-r.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5_000);
    r.child.once('exit', () => {
      clearTimeout(timer);
      setTimeout(resolve, 100);
    });
    try {
      process.kill(-r.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** The pids of a process and all its descendants (Linux /proc). */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(path.join('/proc', entry, 'stat'), 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(entry));
    } catch {
      /* raced with exit */
    }
  }
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** CPU time (user + system, in clock ticks) used so far by a process and its descendants. */
export function treeCpu(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ').pop()!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* gone */
    }
  }
  return ticks;
}

/**
 * Waits until the server stops working on requests a load run left behind (a slow peer keeps computing queries
 * after the client has gone), so that it does not steal the CPU from the next server's run. At most `maxMs`.
 */
export async function quiesce(pid: number, maxMs = 30_000): Promise<void> {
  const end = Date.now() + maxMs;
  let last = treeCpu(pid);
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 300));
    const now = treeCpu(pid);
    if (now - last <= 3) return; // under a tenth of a core over 300 ms (100 ticks per second)
    last = now;
  }
}

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
export function treeRss(pid: number): number {
  let total = 0;
  for (const p of tree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* gone */
    }
  }
  return total;
}

/**
 * CPU time (user + system, ms) used so far by a process and its children, from /proc (100 ticks a second). Per
 * request, it is what a response costs the server whatever else the machine runs, where requests/s are not.
 */
export function treeCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks * 10;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
