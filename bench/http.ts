// HTTP figures for one scale: our server and the peers as child processes, same data and requests, runs alternating.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser } from 'n3';
import type { Catalog } from './generate';
import { queryMix } from './queries';
import { ENGINE_IDLE_MS } from '../src/sparql/processPool';
import { get, oursSpec, quiesce, Running, ServerSpec, start, stop, treeCpuMs, treeRss } from './servers';
import { LoadFigure, LoadSpec, runLoad } from './load';

export type ServerName = 'ours' | 'comunica' | 'oxigraph' | 'express';
export const SERVERS: readonly ServerName[] = ['ours', 'comunica', 'oxigraph', 'express'];

export interface HttpOptions {
  durationS: number;
  warmupS: number;
  rounds: number;
  connections: number;
  workers: number;
  readyTimeoutMs: number;
  peers: readonly ServerName[];
  /** Only these scenarios (all when empty). */
  scenarios?: readonly string[];
  /** Write a CPU profile of our server into this folder. */
  profileDir?: string;
  log: (line: string) => void;
}

export interface ServerFigure {
  /** 'ours' is a first start (checks run, dumps written after it went live); 'ours restart' the same data again. */
  name: ServerName | 'ours restart';
  readyMs: number;
  /** Resident memory (process and workers) just after readiness, the highest sampled under load, and after all runs. */
  rssReady: number;
  rssPeak: number;
  rssEnd: number;
  /**
   * Resident memory once the runs have been over for ENGINE_IDLE_MS and a few seconds: query processes that loaded
   * Comunica during the runs have been replaced by lean ones (the pool still runs every process). NaN where not read.
   */
  rssSettled?: number;
  /** What went wrong, when something did (the harness then exits 1). */
  note?: string;
  /** Other facts worth a column (not failures). */
  info?: string;
}
export interface ScenarioFigure {
  name: string;
  label: string;
  mix?: { query: string; cached: boolean };
  /** Per server: undefined = not applicable (n/a). */
  runs: Partial<Record<ServerName, LoadFigure & { check: string }>>;
}
export interface HttpResult {
  quads: number;
  servers: ServerFigure[];
  scenarios: ScenarioFigure[];
  apiPath?: string;
}

interface Scenario {
  name: string;
  label: string;
  spec: (s: ServerName) => LoadSpec | undefined;
  kind: 'json' | 'rdf' | 'html' | 'any';
  /** A shape of the query mix, asked with a new text each time or (cached) with the same text each time. */
  mix?: { query: string; cached: boolean };
}

const JSON_RESULTS = { accept: 'application/sparql-results+json' };
const sparql = (q: string) => `/sparql?query=${encodeURIComponent(q)}`;
const tpf = (params: Record<string, string>) =>
  `/fragments?${Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')}`;
let nonce = 1 + (Date.now() % 1_000_000);

function scenarios(c: Catalog, apiPath: string | undefined): Scenario[] {
  const fixed = (name: string, headers: Record<string, string>): LoadSpec => ({ path: `/fixed/${name}`, headers });
  const turtle = { accept: 'text/turtle' };
  const html = { accept: 'text/html' };
  return [
    {
      name: 'deref-ttl',
      label: 'dereference a document, Turtle',
      kind: 'rdf',
      spec: (s) =>
        ({
          ours: { path: c.editionDoc, headers: turtle },
          oxigraph: { path: c.editionDoc, headers: turtle },
          comunica: { path: sparql(`DESCRIBE <${c.edition}>`), headers: turtle },
          express: fixed('deref-ttl', turtle),
        })[s],
    },
    {
      name: 'deref-html',
      label: 'dereference a document, HTML',
      kind: 'html',
      spec: (s) =>
        (
          ({
            ours: { path: c.editionDoc, headers: html },
            express: fixed('deref-html', html),
          }) as Partial<Record<ServerName, LoadSpec>>
        )[s],
    },
    {
      name: 'deref-varied',
      label: 'dereference a document, Turtle, a different edition each time',
      kind: 'rdf',
      spec: (s) => {
        const doc = (n: number) => c.editionSample[n % c.editionSample.length].replace(`${c.base}id/`, '/doc/');
        const describe = (n: number) => sparql(`DESCRIBE <${c.editionSample[n % c.editionSample.length]}>`);
        return (
          {
            ours: { path: doc(0), headers: turtle, vary: doc },
            oxigraph: { path: doc(0), headers: turtle, vary: doc },
            comunica: { path: describe(0), headers: turtle, vary: describe },
          } as Partial<Record<ServerName, LoadSpec>>
        )[s];
      },
    },
    ...mixScenarios(c),
    {
      name: 'api',
      label: 'named API query',
      kind: 'any',
      spec: (s) =>
        !apiPath
          ? undefined
          : s === 'ours'
            ? { path: apiPath, headers: { accept: 'application/json' } }
            : s === 'express'
              ? fixed('api', { accept: 'application/json' })
              : undefined,
    },
    // Triple Pattern Fragments: the lookup's triples as a fragment, and the join's first pattern. Only we serve them;
    // the express ceiling sends our bytes. No result cache is involved: every fragment is read off the indexes.
    {
      name: 'tpf-lookup',
      label: 'TPF fragment of one subject (the SPARQL lookup)',
      kind: 'rdf',
      spec: (s) =>
        s === 'ours' ? { path: tpf({ subject: c.edition }), headers: turtle } : s === 'express' ? fixed('tpf-lookup', turtle) : undefined,
    },
    {
      name: 'tpf-lookup-varied',
      label: 'TPF fragment, a different subject each time',
      kind: 'rdf',
      spec: (s) =>
        s !== 'ours'
          ? undefined
          : {
              path: tpf({ subject: c.edition }),
              headers: turtle,
              vary: (n) => tpf({ subject: c.editionSample[n % c.editionSample.length] }),
            },
    },
    {
      name: 'tpf-pattern',
      label: "TPF fragment, predicate and object (the join's first pattern)",
      kind: 'rdf',
      spec: (s) =>
        s === 'ours'
          ? { path: tpf({ predicate: 'https://schema.org/containedInPlace', object: c.country }), headers: turtle }
          : s === 'express'
            ? fixed('tpf-pattern', turtle)
            : undefined,
    },
  ];
}

/**
 * The query mix over HTTP: each shape twice, with a new text each time (`mix:NAME`: no result cache can answer) and
 * with the same text each time (`mix:NAME:cached`), for ours and the two SPARQL peers.
 */
function mixScenarios(c: Catalog): Scenario[] {
  return queryMix(c).flatMap((q) => {
    const headers = q.form === 'SELECT' ? JSON_RESULTS : { accept: 'text/turtle' };
    const kind = q.form === 'SELECT' ? ('json' as const) : ('rdf' as const);
    const uncached: Scenario = {
      name: `mix:${q.name}`,
      label: `${q.kind}, a new query text each time`,
      kind,
      mix: { query: q.name, cached: false },
      spec: (s) =>
        // vary(0) is the text every server's answer is checked with (the same everywhere); the runs start at 1 and
        // draw from a counter shared by all servers and rounds, so no text is ever asked twice.
        s === 'express' ? undefined : { path: sparql(q.vary(0)), headers, vary: (n) => sparql(q.vary(n === 0 ? 0 : nonce++)) },
    };
    const cached: Scenario = {
      name: `mix:${q.name}:cached`,
      label: `${q.kind}, the same query text each time`,
      kind,
      mix: { query: q.name, cached: true },
      spec: (s) => (s === 'express' ? undefined : { path: sparql(q.text), headers }),
    };
    return [uncached, cached];
  });
}

function specs(c: Catalog, dir: string, opts: HttpOptions, bodiesFile: string): Record<ServerName, ServerSpec> {
  const records = [c.records, ...c.ontology].map((f) => path.join(dir, f)).join(',');
  const ready = sparql('ASK {}');
  return {
    ours: oursSpec(
      path.join(dir, c.dataDir),
      c.base,
      path.join(dir, 'server-tmp'),
      { workers: opts.workers },
      opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', opts.profileDir] : [],
    ),
    comunica: {
      name: 'comunica',
      script: path.join(__dirname, 'peers', 'comunica.js'),
      readyPath: ready,
      args: ['--data', records, '--base', c.base, '--port', '{port}', '--workers', String(opts.workers)],
    },
    oxigraph: {
      name: 'oxigraph',
      script: path.join(__dirname, 'peers', 'oxigraph.js'),
      readyPath: ready,
      args: ['--data', records, '--port', '{port}', '--base', c.base],
    },
    express: {
      name: 'express',
      script: path.join(__dirname, 'peers', 'express.js'),
      readyPath: '/ready',
      args: ['--port', '{port}', '--bodies', bodiesFile],
    },
  };
}

/** Counts what a response holds: solutions, triples, or bytes for HTML. */
function countOf(kind: Scenario['kind'], contentType: string, body: string): number {
  if (kind === 'json' || (/json/.test(contentType) && /"bindings"/.test(body))) {
    try {
      return (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length;
    } catch {
      return -1;
    }
  }
  if (kind === 'rdf') {
    try {
      return new Parser({ format: 'text/turtle' }).parse(body).length;
    } catch {
      return -1;
    }
  }
  return body.length;
}

/** Finds a named query in our OpenAPI description, if the server has an /api; undefined when there is none. */
async function findApiPath(port: number): Promise<string | undefined> {
  for (const p of ['/api/openapi.json', '/api', '/openapi.json', '/api/']) {
    const r = await get(port, p, { accept: 'application/json' }).catch(() => undefined);
    if (r?.status !== 200) continue;
    try {
      const doc = JSON.parse(r.body) as {
        paths?: Record<string, { get?: { parameters?: Array<{ required?: boolean; in?: string }> } }>;
        servers?: Array<{ url: string }>;
      };
      const prefix = (doc.servers?.[0]?.url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\/$/, '');
      for (const [route, item] of Object.entries(doc.paths ?? {})) {
        if (!item.get || route.includes('{') || (item.get.parameters ?? []).some((x) => x.required)) continue;
        const full = route.startsWith(prefix) ? route : `${prefix}${route}`;
        const probe = await get(port, full, { accept: 'application/json' }).catch(() => undefined);
        if (probe?.status === 200) return full;
      }
    } catch {
      /* not an OpenAPI document */
    }
  }
  return undefined;
}

export async function runHttp(c: Catalog, dir: string, opts: HttpOptions): Promise<HttpResult> {
  const bodiesFile = path.join(dir, 'bodies.json');
  fs.writeFileSync(bodiesFile, '{}');
  const all = specs(c, dir, opts, bodiesFile);
  const running = new Map<ServerName, Running>();
  const servers: ServerFigure[] = [];
  const names = SERVERS.filter((s) => s === 'ours' || opts.peers.includes(s));
  try {
    // Ours first: its answers are the bodies the express ceiling sends. A first start: nothing from earlier runs on disk.
    fs.rmSync(all.ours.env!.TMPDIR, { recursive: true, force: true });
    fs.mkdirSync(all.ours.env!.TMPDIR, { recursive: true });
    const ours = await start(all.ours, opts.readyTimeoutMs);
    running.set('ours', ours);
    const first: ServerFigure = { name: 'ours', readyMs: ours.readyMs, rssReady: treeRss(ours.pid), rssPeak: 0, rssEnd: NaN };
    servers.push(first);
    opts.log(`  ours ready in ${(ours.readyMs / 1000).toFixed(1)} s`);
    // A first start goes live before its dumps are written; measure serving once they are, not while they are.
    const dumpsMs = await waitForDumps(ours.port, opts.readyTimeoutMs);
    if (Number.isFinite(dumpsMs)) first.info = `dumps written ${(dumpsMs / 1000).toFixed(1)} s after ready`;
    else first.note = 'dumps not written';
    opts.log(`  ours: ${first.info ?? first.note}`);
    const apiPath = await findApiPath(ours.port);
    const list = scenarios(c, apiPath).filter((sc) => !opts.scenarios?.length || opts.scenarios.includes(sc.name));
    const bodies: Record<string, { type: string; body: string }> = {};
    for (const sc of list) {
      const spec = sc.spec('ours');
      if (!spec || spec.vary || !sc.spec('express')) continue;
      const r = await get(ours.port, spec.path, spec.headers);
      bodies[`/fixed/${sc.name}`] = { type: String(r.headers['content-type'] ?? 'text/plain'), body: r.body };
    }
    fs.writeFileSync(bodiesFile, JSON.stringify(bodies));
    for (const name of names.filter((n) => n !== 'ours')) {
      try {
        const r = await start(all[name], opts.readyTimeoutMs);
        running.set(name, r);
        servers.push({ name, readyMs: r.readyMs, rssReady: treeRss(r.pid), rssPeak: 0, rssEnd: NaN });
        opts.log(`  ${name} ready in ${(r.readyMs / 1000).toFixed(1)} s`);
      } catch (e) {
        servers.push({ name, readyMs: NaN, rssReady: NaN, rssPeak: NaN, rssEnd: NaN, note: (e as Error).message.slice(0, 200) });
        opts.log(`  ${name} failed to start: ${(e as Error).message.slice(0, 300)}`);
      }
    }

    const figures: ScenarioFigure[] = [];
    for (const sc of list) {
      const fig: ScenarioFigure = { name: sc.name, label: sc.label, mix: sc.mix, runs: {} };
      const checks = new Map<ServerName, string>();
      let reference: number | undefined;
      for (const name of names) {
        const r = running.get(name);
        const spec = sc.spec(name);
        if (!r || !spec) continue;
        const probe = await get(r.port, spec.vary ? spec.vary(0) : spec.path, spec.headers).catch((e: Error) => ({
          status: 0,
          headers: {} as Record<string, string>,
          body: e.message,
        }));
        if (probe.status !== 200) {
          checks.set(name, `HTTP ${probe.status}`);
          continue;
        }
        const count = countOf(sc.kind, String(probe.headers['content-type'] ?? ''), probe.body);
        if (name === 'ours') reference = count;
        const mismatch = sc.kind === 'json' && name !== 'express' && reference !== undefined && count !== reference;
        checks.set(name, `${count}${mismatch ? ` (ours ${reference}) MISMATCH` : ''}`);
      }
      const warmed = new Set<ServerName>();
      const perServer = new Map<ServerName, LoadFigure[]>();
      for (let round = 0; round < opts.rounds; round++) {
        for (const name of names) {
          const r = running.get(name);
          const spec = sc.spec(name);
          if (!r || !spec || /^HTTP/.test(checks.get(name) ?? '')) continue;
          if (!warmed.has(name) && opts.warmupS > 0) {
            await runLoad(r.port, spec, opts.warmupS, opts.connections);
            warmed.add(name);
            await quiesce(r.pid);
          }
          const sampler = setInterval(() => {
            const s = servers.find((x) => x.name === name)!;
            s.rssPeak = Math.max(s.rssPeak, treeRss(r.pid));
          }, 250);
          try {
            const cpu = treeCpuMs(r.pid);
            const f = await runLoad(r.port, spec, opts.durationS, opts.connections);
            f.cpuUs = f.requests ? ((treeCpuMs(r.pid) - cpu) * 1000) / f.requests : NaN;
            if (!perServer.has(name)) perServer.set(name, []);
            perServer.get(name)!.push(f);
          } finally {
            clearInterval(sampler);
          }
          await quiesce(r.pid);
        }
      }
      for (const name of names) {
        const runs = perServer.get(name);
        if (runs) fig.runs[name] = { ...combine(runs), check: checks.get(name) ?? '' };
        else if (checks.has(name))
          fig.runs[name] = { rps: NaN, p50: NaN, p99: NaN, errors: NaN, requests: 0, bytesPerSec: 0, check: checks.get(name)! };
      }
      const o = fig.runs.ours;
      opts.log(
        `  ${sc.name}: ${names.map((n) => `${n} ${fig.runs[n] ? fig.runs[n]!.rps.toFixed(0) : 'n/a'}`).join(', ')}${o ? '' : ' (not applicable)'}`,
      );
      figures.push(fig);
    }
    for (const [name, r] of running) servers.find((x) => x.name === name)!.rssEnd = treeRss(r.pid);
    await new Promise((resolve) => setTimeout(resolve, ENGINE_IDLE_MS + 8_000));
    for (const [name, r] of running) servers.find((x) => x.name === name)!.rssSettled = treeRss(r.pid);
    for (const r of running.values()) await stop(r);
    running.clear();
    // An OPTIONAL query with a new text each time: answered by the engine in the workers, never from a cache.
    const engineLoad: LoadSpec = {
      path: '',
      headers: JSON_RESULTS,
      vary: (k) => sparql(`${queryMix(c).find((q) => q.name === 'optional')!.text}\n# ${nonce++} ${k}`),
    };
    servers.push(await startupOnly(all.ours, opts, engineLoad));
    return { quads: c.quads, servers, scenarios: figures, apiPath };
  } finally {
    for (const r of running.values()) await stop(r);
  }
}

/** Milliseconds until /dumps/dataset.nt answers 200 (a first start writes the dumps after going live). */
async function waitForDumps(port: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const r = await get(port, '/dumps/dataset.nt', { 'accept-encoding': 'identity', range: 'bytes=0-0' }).catch(() => undefined);
    if (r && (r.status === 200 || r.status === 206)) return Date.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return NaN;
}

/**
 * Readiness and memory of our server restarted on the same data with the default settings: the checks' verdict and
 * the dumps of the first start are found in its cache folder, so neither is done again.
 */
async function startupOnly(ours: ServerSpec, opts: HttpOptions, engineLoad: LoadSpec): Promise<ServerFigure> {
  const spec = { ...ours, name: 'ours restart', nodeFlags: [] };
  const fig: ServerFigure = { name: 'ours restart', readyMs: NaN, rssReady: NaN, rssPeak: NaN, rssEnd: NaN };
  let r: Running | undefined;
  try {
    r = await start(spec, opts.readyTimeoutMs);
    fig.readyMs = r.readyMs;
    fig.rssReady = treeRss(r.pid);
    // The pool at work (queries the engine answers, in both workers), then memory once things have settled.
    const sampler = setInterval(() => {
      fig.rssPeak = Math.max(Number.isNaN(fig.rssPeak) ? 0 : fig.rssPeak, treeRss(r!.pid));
    }, 250);
    try {
      await runLoad(r.port, engineLoad, Math.max(1, opts.durationS / 2), opts.connections);
    } finally {
      clearInterval(sampler);
    }
    await quiesce(r.pid);
    fig.rssEnd = treeRss(r.pid);
    opts.log(`  ours restart ready in ${(r.readyMs / 1000).toFixed(1)} s`);
  } catch (e) {
    fig.note = (e as Error).message.slice(0, 200);
  } finally {
    if (r) await stop(r);
  }
  return fig;
}

/** Rounds of one server on one scenario: mean requests/s, median latencies, summed errors. */
function combine(runs: LoadFigure[]): LoadFigure {
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  return {
    rps: runs.reduce((a, r) => a + r.rps, 0) / runs.length,
    p50: med(runs.map((r) => r.p50)),
    p99: med(runs.map((r) => r.p99)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    requests: runs.reduce((a, r) => a + r.requests, 0),
    cpuUs: med(runs.map((r) => r.cpuUs ?? NaN)),
    bytesPerSec: runs.reduce((a, r) => a + r.bytesPerSec, 0) / runs.length,
  };
}
