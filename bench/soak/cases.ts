// The soak's attacks, each against a running server while the probe measures everyone else: what was sent, what came back.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { SoakServer } from './server';

export interface CaseResult {
  name: string;
  /** Attack requests sent. */
  sent: number;
  /** Of those, answered the way the server promises (a clear error, a cut answer, …). */
  asExpected: number;
  /** One line of figures and surprises. */
  note: string;
}

/** Grows strings by 8^5 × 4 per solution, then hashes them: a query that wants far more memory than a process has. */
export const MEMORY_BOMB = `SELECT (SHA256(?s6) AS ?h) WHERE {
  ?s ?p ?o .
  BIND(CONCAT(STR(?o),STR(?o),STR(?o),STR(?o),STR(?o),STR(?o),STR(?o),STR(?o)) AS ?s1)
  BIND(CONCAT(?s1,?s1,?s1,?s1,?s1,?s1,?s1,?s1) AS ?s2)
  BIND(CONCAT(?s2,?s2,?s2,?s2,?s2,?s2,?s2,?s2) AS ?s3)
  BIND(CONCAT(?s3,?s3,?s3,?s3,?s3,?s3,?s3,?s3) AS ?s4)
  BIND(CONCAT(?s4,?s4,?s4,?s4,?s4,?s4,?s4,?s4) AS ?s5)
  BIND(CONCAT(?s5,?s5,?s5,?s5) AS ?s6)
} ORDER BY ?h`;

/** Catastrophic backtracking: one regular expression match that runs for minutes, uninterruptible from inside. */
export const REGEX_BOMB =
  'SELECT ?x WHERE { BIND(CONCAT("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "!") AS ?x) FILTER(REGEX(?x, "^(a+)+$")) }';

/** A count over a cartesian product of the whole dataset, three times over: never ends. */
export const ENDLESS = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

/** About 100 KB per solution, a thousand solutions: far over any sensible answer size. */
export const HUGE_ANSWER = `SELECT ?big WHERE {
  ?s ?p ?o .
  BIND(CONCAT(STR(?o),STR(?o),STR(?o),STR(?o),STR(?o),STR(?o),STR(?o),STR(?o)) AS ?a)
  BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a) AS ?b)
  BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b) AS ?c)
  BIND(CONCAT(?c,?c,?c,?c) AS ?big)
} LIMIT 1000`;

async function post(
  server: SoakServer,
  query: string,
  signal?: AbortSignal,
): Promise<{ status: number; text: string; ms: number; headers: Headers }> {
  const t = performance.now();
  const res = await fetch(`${server.origin}/sparql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: query,
    signal,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t, headers: res.headers };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * `n` memory bombs in a row: each must get a clear 503, and the server must stay up. The clear error is the memory
 * cap's, or the timeout's when the query's process is slower to fill its heap than the time limit (a loaded machine).
 */
export async function memoryBombs(server: SoakServer, n: number): Promise<CaseResult> {
  let memory = 0;
  let timeout = 0;
  const ms: number[] = [];
  const other: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await post(server, `${MEMORY_BOMB} # ${i}`);
    ms.push(r.ms);
    if (r.status === 503 && /needed more than the \d+ MB of memory a query may use/.test(r.text)) memory++;
    else if (r.status === 503 && /did not finish within the limit/.test(r.text)) timeout++;
    else other.push(`${r.status} ${r.text.slice(0, 80)}`);
  }
  return {
    name: 'memory bombs in a row',
    sent: n,
    asExpected: memory + timeout,
    note: `${memory} × 503 memory cap, ${timeout} × 503 timeout; answered after ${seconds(median(ms))} (median), slowest ${seconds(Math.max(...ms))}${other.length ? `; unexpected: ${other[0]}` : ''}`,
  };
}

/** `n` regular-expression bombs, two at a time: each must end at the timeout with a 503. */
export async function regexBombs(server: SoakServer, n: number): Promise<CaseResult> {
  const results = await inPairs(n, (i) => post(server, `${REGEX_BOMB} # ${i}`));
  const ok = results.filter((r) => r.status === 503 && /did not finish within the limit/.test(r.text)).length;
  return {
    name: 'regex bombs',
    sent: n,
    asExpected: ok,
    note: `503 at the timeout after ${seconds(median(results.map((r) => r.ms)))} (median)`,
  };
}

async function inPairs<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += 2) out.push(...(await Promise.all([f(i), ...(i + 1 < n ? [f(i + 1)] : [])])));
  return out;
}

/**
 * `n` endless queries whose clients hang up after `afterMs`: their processes must be ended (or their places in the
 * line given up) within a second, and /sparql must answer again as soon as fresh processes are up.
 */
export async function abandonedQueries(server: SoakServer, n: number, afterMs = 500): Promise<CaseResult> {
  const before = new Set(server.queryPids());
  const controllers = Array.from({ length: n }, () => new AbortController());
  const sent = controllers.map((c, i) => post(server, `${ENDLESS} # abandoned ${i}`, c.signal).catch(() => undefined));
  await new Promise((r) => setTimeout(r, afterMs));
  const t = performance.now();
  for (const c of controllers) c.abort();
  await Promise.all(sent);
  // Ended within a second: none of the processes that ran them is still there.
  let endedMs = NaN;
  while (performance.now() - t < 5_000) {
    const busy = server.queryPids().filter((p) => before.has(p) && cpuBusy(p));
    if (busy.length === 0) {
      endedMs = performance.now() - t;
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  let recoveredMs = NaN;
  while (performance.now() - t < 60_000) {
    const r = await post(server, `ASK { ?s ?p ?o } # after abandoned ${Date.now()}`).catch(() => undefined);
    if (r?.status === 200) {
      recoveredMs = performance.now() - t;
      break;
    }
  }
  const ok = Number.isFinite(endedMs) && endedMs < 1_000 ? n : 0;
  return {
    name: 'abandoned endless queries',
    sent: n,
    asExpected: ok,
    note: `work stopped ${Number.isFinite(endedMs) ? `${Math.round(endedMs)} ms` : 'NOT within 5 s'} after the hang-ups; /sparql answered again after ${seconds(recoveredMs)}`,
  };
}

/** True when the process used CPU in the last 100 ms (it is still working on something). */
export function cpuBusy(pid: number): boolean {
  const ticks = () => {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch {
      return NaN;
    }
  };
  const a = ticks();
  const end = Date.now() + 100;
  while (Date.now() < end) {
    /* a short busy wait keeps this synchronous */
  }
  const b = ticks();
  return Number.isFinite(a) && Number.isFinite(b) && b - a > 3;
}

/** `n` connections sending their headers a byte at a time for `ms`: documents must go on as before. */
export async function slowloris(server: SoakServer, n: number, ms: number): Promise<CaseResult> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = net.connect(server.port, '127.0.0.1');
    s.on('error', () => undefined);
    s.write(`GET /doc/event/rf-2019 HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    sockets.push(s);
  }
  const drip = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write('X');
  }, 1000);
  await new Promise((r) => setTimeout(r, ms));
  clearInterval(drip);
  const open = sockets.filter((s) => !s.destroyed).length;
  for (const s of sockets) s.destroy();
  const after = await fetch(`${server.origin}/doc/event/rf-2019`).then(
    (r) => r.status,
    () => 0,
  );
  return {
    name: 'slowloris connections',
    sent: n,
    asExpected: after === 200 ? n : 0,
    note: `${open} still open after ${seconds(ms)}; documents served throughout`,
  };
}

/**
 * `n` clients ask for an answer far over the size cap and never read it: the answer must be cut at the cap, and the
 * server's own memory must not grow by the answers.
 */
export async function unreadAnswers(server: SoakServer, n: number, holdMs: number): Promise<CaseResult> {
  const rssBefore = server.rss();
  const sockets: net.Socket[] = [];
  const body = HUGE_ANSWER;
  for (let i = 0; i < n; i++) {
    const s = net.connect(server.port, '127.0.0.1');
    s.on('error', () => undefined);
    const q = `${body} # unread ${i}`;
    s.write(
      `POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\nContent-Length: ${Buffer.byteLength(q)}\r\n\r\n${q}`,
    );
    s.pause(); // never read
    sockets.push(s);
  }
  let peak = rssBefore;
  const end = Date.now() + holdMs;
  while (Date.now() < end) {
    peak = Math.max(peak, server.rss());
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const s of sockets) s.destroy();
  // One read to the end, to see the cap at work.
  const read = await post(server, `${body} # read`);
  const cut = read.status === 200 && read.headers.get('x-result-truncated')?.startsWith('true');
  const grew = peak - rssBefore;
  return {
    name: 'huge answers never read',
    sent: n,
    asExpected: cut && grew < 64 * 1024 * 1024 ? n : 0,
    note: `server RSS ${mb(rssBefore)} → peak ${mb(peak)} MB while they hung; a reader got ${mb(read.text.length)} MB, cut (${read.headers.get('x-result-truncated')})`,
  };
}

const mb = (b: number) => (b / 1048576).toFixed(0);

/** `good` reloads of changed data and `broken` ones of data that fails to parse, one after another, under load. */
export async function reloads(server: SoakServer, good: number, broken: number): Promise<CaseResult> {
  const file = path.join(server.dataDir, 'meta.trig');
  const original = fs.readFileSync(file, 'utf8');
  const brokenFile = path.join(server.dataDir, 'broken.ttl');
  let ok = 0;
  const ms: number[] = [];
  const total = good + broken;
  const step = broken ? Math.max(1, Math.floor(total / broken)) : Infinity;
  for (let i = 0; i < total; i++) {
    const isBroken = i % step === step - 1 && Math.floor(i / step) < broken;
    if (isBroken) fs.writeFileSync(brokenFile, '<id/a> <https://schema.org/name> "unterminated .\n');
    else fs.writeFileSync(file, `${original}\n# reload ${i} ${Date.now()}\n`);
    const t = performance.now();
    const outcome = await server.reload();
    ms.push(performance.now() - t);
    if (isBroken) {
      fs.rmSync(brokenFile, { force: true });
      if (outcome === 'refused') ok++;
    } else if (outcome === 'reloaded') ok++;
  }
  return {
    name: 'reloads (good and broken data)',
    sent: good + broken,
    asExpected: ok,
    note: `each took ${seconds(median(ms))} (median) from SIGHUP to swap or refusal`,
  };
}

/** A count over every triple joined with every name: a few seconds of work on this dataset. */
const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d <https://schema.org/name> ?f }';

type Result = { status: number; text: string; retry: string | null };

/**
 * `n` heavy queries at once (each a few seconds of work, all different): each is answered, or refused at once with a
 * 503 and Retry-After when the slots and the queue are full, or stopped by the time limit; nothing else is.
 */
export async function storm(server: SoakServer, n: number): Promise<CaseResult> {
  const t = performance.now();
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      post(server, `${HEAVY} # storm ${i}`).then(
        (r) => ({ ...r, retry: r.headers.get('retry-after') }),
        () => ({ status: 0, text: '', ms: NaN, retry: null }),
      ),
    ),
  );
  const isAnswered = (r: Result) => r.status === 200;
  const isRefused = (r: Result) => r.status === 503 && !!r.retry && /query slots are busy|waited .* for a free slot/.test(r.text);
  // On a loaded machine (CI runs several suites at once) a heavy query can outlast the time limit: stopping it with
  // the timeout's 503 is the promise too, and it is counted apart so that the note shows it.
  const isStopped = (r: Result) => r.status === 503 && !r.retry && /did not finish within the limit/.test(r.text);
  const count = (f: (r: Result) => boolean) => results.filter(f).length;
  const unexpected = results.filter((r) => !isAnswered(r) && !isRefused(r) && !isStopped(r));
  return {
    name: 'storm of heavy queries',
    sent: n,
    asExpected: n - unexpected.length,
    note:
      `${count(isAnswered)} answered, ${count(isRefused)} refused at once (503, Retry-After), ${count(isStopped)} stopped by ` +
      `the timeout (503); all done after ${seconds(performance.now() - t)}` +
      unexpected.map((r) => `; unexpected: ${r.status} ${r.text.slice(0, 100)}`).join(''),
  };
}

/** About a second of work (on a quiet machine): in flight when SIGTERM comes, it must still be answered. */
const SLOW = 'SELECT (COUNT(*) AS ?n) WHERE { ?a <https://schema.org/name> ?c . ?d <https://schema.org/name> ?f }';

/**
 * SIGTERM under load: queries and documents in flight are answered, the process exits 0 within the grace (plus the
 * second it takes to end the query processes).
 */
export async function sigterm(server: SoakServer, graceMs: number, markStopping: () => void): Promise<CaseResult> {
  const inFlight = [
    ...[0, 1].map((i) => post(server, `${SLOW} # sigterm ${i}`).then((r) => r.status)),
    ...[0, 1, 2, 3].map(() =>
      fetch(`${server.origin}/doc/event/rf-2019`, { headers: { Accept: 'text/html' } }).then(async (r) => {
        await r.text();
        return r.status;
      }),
    ),
  ].map((p) => p.catch(() => 0));
  // A half-open connection: a request that never ends its headers.
  const silent = net.connect(server.port, '127.0.0.1');
  silent.on('error', () => undefined);
  silent.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  await new Promise((r) => setTimeout(r, 300));
  markStopping();
  const exit = await server.terminate();
  const statuses = await Promise.all(inFlight);
  silent.destroy();
  const answered = statuses.filter((s) => s === 200).length;
  const inTime = exit.code === 0 && exit.ms <= graceMs + 2_000;
  return {
    name: 'SIGTERM under load',
    sent: statuses.length,
    asExpected: inTime ? answered : 0,
    note: `exit code ${exit.code ?? exit.signal} after ${seconds(exit.ms)} (grace ${seconds(graceMs)}); in-flight answers: ${statuses.join(', ')}`,
  };
}
