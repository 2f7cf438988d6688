// The one typed, frozen configuration: defaults, then environment, then command-line flags.
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { parseArgs as parseNodeArgs } from 'node:util';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Ends with '/'. Every local IRI of the published data starts with it. */
  readonly baseIri: string;
  readonly dataPaths: readonly string[];
  /** Folder of named queries: served at /api/{name} and offered as examples in the SPARQL editor; undefined when there is none. */
  readonly queriesPath?: string;
  readonly queryTimeoutMs: number;
  readonly workers: number;
  /** Heap cap of each query process, in MB: a query that needs more ends its process alone, and a fresh one replaces it. */
  readonly workerMemoryMb: number;
  readonly maxConcurrentQueries: number;
  readonly queueSize: number;
  readonly maxBodyBytes: number;
  readonly maxResultRows: number;
  /** Size of any answer, in bytes: a longer one is cut at a row boundary and marked truncated. */
  readonly maxResultBytes: number;
  /** On SIGTERM: how long in-flight requests get to finish before every connection and query process is closed. */
  readonly shutdownGraceMs: number;
  /** Matches per page of a Triple Pattern Fragment (/fragments). */
  readonly fragmentPageSize: number;
  readonly unionDefaultGraph: boolean;
  /** Remote IRIs (prefixes) that SERVICE / FROM may reach; empty = no network from queries. */
  readonly allowRemote: readonly string[];
  readonly logLevel: string;
  readonly watch: boolean;
  /** Run the SHACL and source checks on every load (skip only for data already checked with `forum-ld validate`). */
  readonly validate: boolean;
  /** Where the dumps of each dataset version and the verdicts of the checks are kept between runs. */
  readonly cacheDir: string;
  readonly publisherName?: string;
  readonly publisherIri?: string;
  /** How to reach the publisher, for the DCAT contact point; without either, the contact point is the site itself. */
  readonly contactEmail?: string;
  readonly contactUrl?: string;
  readonly license: string;
  /** Serve /metrics (Prometheus text format); off where the operators cannot keep it from the public. */
  readonly metrics: boolean;
  /** An external SPARQL 1.1 store instead of the embedded one (--store / STORE_URL); undefined: the embedded store. */
  readonly store?: StoreConfig;
  /** `forum-ld export`: the folder the static copy is written to. */
  readonly outDir?: string;
}

/** Where the external store answers; the credentials come from the environment only and are never logged. */
export interface StoreConfig {
  readonly queryUrl: string;
  readonly updateUrl?: string;
  readonly gspUrl?: string;
  readonly user?: string;
  readonly password?: string;
  /** How often a server asks the store whether a new version was published. */
  readonly pollMs: number;
}

export class ConfigError extends Error {}

/** The package root: where package.json is, found from this file's location (works from src/ and dist/src/). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export function defaultDataPaths(): string[] {
  const root = packageRoot();
  return [path.join(root, 'ontology'), path.join(root, 'data')];
}

type Spec = { env?: string; flag?: string; parse: (v: string, name: string) => unknown };

const int = (min: number, max: number) => (v: string, name: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${v}".`);
  return n;
};
const bool = (v: string, name: string) => {
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ConfigError(`${name} must be true or false, not "${v}".`);
};
const str = (v: string) => v;
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const iri = (v: string, name: string) => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) IRI such as http://localhost:3000/, not "${v}".`);
  }
  if (!/^https?:$/.test(u.protocol) || u.search || u.hash)
    throw new ConfigError(`${name} must be an http(s) IRI without query or fragment, not "${v}".`);
  return v.endsWith('/') ? v : `${v}/`;
};

/** An absolute http(s) IRI kept exactly as given (an identifier, unlike the base, gets no trailing slash). */
const absoluteIri = (v: string, name: string) => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) IRI such as https://example.org/contact, not "${v}".`);
  }
  if (!/^https?:$/.test(u.protocol)) throw new ConfigError(`${name} must be an http(s) IRI, not "${v}".`);
  return v;
};
const email = (v: string, name: string) => {
  if (!/^[^@\s:/]+@[^@\s/]+\.[^@\s/]+$/.test(v))
    throw new ConfigError(`${name} must be an email address such as data@example.org, not "${v}".`);
  return v;
};

const SPECS: Record<string, Spec> = {
  port: { env: 'PORT', flag: 'port', parse: int(0, 65535) },
  host: { env: 'HOST', flag: 'host', parse: str },
  baseIri: { env: 'BASE_IRI', flag: 'base', parse: iri },
  queryTimeoutMs: { env: 'QUERY_TIMEOUT_MS', flag: 'timeout', parse: int(10, 3_600_000) },
  workers: { env: 'WORKERS', flag: 'workers', parse: int(1, 64) },
  // Below 64 MB a query process cannot even build the engine (about 35 MB of heap before any query).
  workerMemoryMb: { env: 'WORKER_MEMORY_MB', flag: 'worker-memory', parse: int(64, 65_536) },
  maxConcurrentQueries: { env: 'MAX_CONCURRENT_QUERIES', flag: 'max-concurrent', parse: int(1, 1024) },
  queueSize: { env: 'QUERY_QUEUE', flag: 'queue', parse: int(0, 100_000) },
  maxBodyBytes: { env: 'MAX_BODY_BYTES', flag: 'max-body', parse: int(1024, 100_000_000) },
  maxResultRows: { env: 'MAX_RESULT_ROWS', flag: 'max-rows', parse: int(1, 100_000_000) },
  maxResultBytes: { env: 'MAX_RESULT_BYTES', flag: 'max-result-bytes', parse: int(1024, 1_073_741_824) },
  shutdownGraceMs: { env: 'SHUTDOWN_GRACE_MS', flag: 'shutdown-grace', parse: int(0, 600_000) },
  fragmentPageSize: { env: 'FRAGMENT_PAGE_SIZE', flag: 'fragment-page-size', parse: int(1, 10_000) },
  unionDefaultGraph: { env: 'UNION_DEFAULT_GRAPH', flag: 'union-default-graph', parse: bool },
  allowRemote: { env: 'ALLOW_REMOTE', flag: 'allow-remote', parse: list },
  logLevel: {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    parse: (v, n) => {
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v))
        throw new ConfigError(`${n} must be one of fatal, error, warn, info, debug, trace, silent; not "${v}".`);
      return v;
    },
  },
  watch: { flag: 'watch', parse: bool },
  validate: { env: 'VALIDATE', flag: 'validate', parse: bool },
  cacheDir: { env: 'CACHE_DIR', flag: 'cache-dir', parse: (v) => path.resolve(v) },
  publisherName: { env: 'PUBLISHER_NAME', flag: 'publisher-name', parse: str },
  publisherIri: { env: 'PUBLISHER_IRI', flag: 'publisher-iri', parse: absoluteIri },
  contactEmail: { env: 'CONTACT_EMAIL', flag: 'contact-email', parse: email },
  contactUrl: { env: 'CONTACT_URL', flag: 'contact-url', parse: absoluteIri },
  license: { env: 'DATA_LICENSE', flag: 'license', parse: iri },
  metrics: { env: 'METRICS', flag: 'metrics', parse: bool },
  storeUrl: { env: 'STORE_URL', flag: 'store', parse: (v, n) => endpoint(v, n) },
  storeUpdateUrl: { env: 'STORE_UPDATE_URL', flag: 'store-update', parse: (v, n) => endpoint(v, n) },
  storeGspUrl: { env: 'STORE_GSP_URL', flag: 'store-gsp', parse: (v, n) => endpoint(v, n) },
  storePollMs: { env: 'STORE_POLL_MS', flag: 'store-poll', parse: int(100, 3_600_000) },
};

/** A store endpoint: an absolute http(s) URL (kept as given: a query string may be part of it). */
function endpoint(v: string, name: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(
      `${name} must be the absolute http(s) URL of a SPARQL endpoint such as http://localhost:8890/sparql, not "${v}".`,
    );
  }
  if (!/^https?:$/.test(u.protocol)) throw new ConfigError(`${name} must be an http(s) URL, not "${v}".`);
  if (u.username || u.password) throw new ConfigError(`${name} must not carry credentials: set STORE_USER and STORE_PASSWORD instead.`);
  return v;
}

/**
 * Builds the config. `flags` are parsed CLI options (`--port 8080` → { port: '8080' }); `--data` may repeat.
 * Throws ConfigError with a sentence saying what to fix.
 */
export function buildConfig(flags: Record<string, string | string[] | boolean> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const values: Record<string, unknown> = {
    port: 3000,
    host: '0.0.0.0',
    queryTimeoutMs: 30_000,
    workers: cores,
    workerMemoryMb: 1024,
    maxConcurrentQueries: cores,
    queueSize: 16,
    maxBodyBytes: 1_000_000,
    maxResultRows: 100_000,
    maxResultBytes: 64 * 1024 * 1024,
    shutdownGraceMs: 10_000,
    fragmentPageSize: 100,
    unionDefaultGraph: true,
    allowRemote: [],
    logLevel: 'info',
    watch: false,
    validate: true,
    cacheDir: os.tmpdir(),
    license: 'https://creativecommons.org/licenses/by/4.0/',
    metrics: true,
    storePollMs: 5000,
  };
  for (const [key, spec] of Object.entries(SPECS)) {
    const fromEnv = spec.env ? env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') values[key] = spec.parse(fromEnv, `The environment variable ${spec.env}`);
    const fromFlag = spec.flag ? flags[spec.flag] : undefined;
    if (fromFlag !== undefined) {
      const v = Array.isArray(fromFlag) ? fromFlag[fromFlag.length - 1] : fromFlag === true ? 'true' : String(fromFlag);
      values[key] = spec.parse(v, `The option --${spec.flag}`);
    }
  }
  if (values.baseIri === undefined) values.baseIri = `http://localhost:${values.port}/`;
  const data = flags.data;
  const dataPaths = data === undefined ? defaultDataPaths() : (Array.isArray(data) ? data : [String(data)]).map((p) => path.resolve(p));
  for (const p of dataPaths) {
    if (!fs.existsSync(p)) throw new ConfigError(`The data path "${p}" does not exist: pass --data with an existing file or folder.`);
  }
  const queries = flags.queries ?? (env.QUERIES_PATH || undefined);
  let queriesPath: string | undefined;
  if (queries !== undefined && queries !== true) {
    queriesPath = path.resolve(String(Array.isArray(queries) ? queries[queries.length - 1] : queries));
    if (!fs.existsSync(queriesPath))
      throw new ConfigError(`The queries folder "${queriesPath}" does not exist: pass --queries with an existing folder.`);
  } else if (fs.existsSync(path.join(packageRoot(), 'queries'))) {
    queriesPath = path.join(packageRoot(), 'queries');
  }
  const { storeUrl, storeUpdateUrl, storeGspUrl, storePollMs, ...rest } = values;
  const store: StoreConfig | undefined = storeUrl
    ? Object.freeze({
        queryUrl: storeUrl as string,
        updateUrl: storeUpdateUrl as string | undefined,
        gspUrl: storeGspUrl as string | undefined,
        user: env.STORE_USER || undefined,
        password: env.STORE_PASSWORD || undefined,
        pollMs: storePollMs as number,
      })
    : undefined;
  if (!store && (storeUpdateUrl || storeGspUrl))
    throw new ConfigError('STORE_UPDATE_URL and STORE_GSP_URL need the store itself: set --store or STORE_URL.');
  const out = flags.out;
  const outDir = typeof out === 'string' ? path.resolve(out) : undefined;
  if (outDir !== undefined && fs.existsSync(outDir) && (!fs.statSync(outDir).isDirectory() || fs.readdirSync(outDir).length > 0))
    throw new ConfigError(`The export folder "${outDir}" exists and is not empty: pass --out with a new or empty folder.`);
  return Object.freeze({ ...rest, dataPaths: Object.freeze(dataPaths), queriesPath, store, outDir }) as unknown as Config;
}

/** Settings as `forum-ld serve` flags take them: a value (or a `{placeholder}`) per setting of Config. */
export type ServeSettings = { [K in keyof Config]?: string | number | boolean | readonly string[] };

/**
 * The command line of `forum-ld serve` for these settings, read off the same table parseArgs uses (so a tool that starts
 * a server, such as bench/, cannot drift from the flags the command takes). Lists are joined with commas; the data
 * paths repeat --data.
 */
export function serveFlags(settings: ServeSettings): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (key === 'dataPaths') {
      for (const p of value as readonly string[]) out.push('--data', p);
      continue;
    }
    if (key === 'queriesPath') {
      out.push('--queries', String(value));
      continue;
    }
    const flag = SPECS[key]?.flag;
    if (!flag) throw new ConfigError(`forum-ld serve has no flag for the setting ${key}.`);
    out.push(`--${flag}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  return out;
}

export type Command = 'serve' | 'validate' | 'query' | 'publish' | 'export';

/** The options each command takes; anything else stops the command with a sentence naming the valid ones. */
const COMMAND_FLAGS: Record<Command, readonly string[]> = {
  serve: [
    'data',
    'queries',
    'help',
    ...Object.values(SPECS)
      .map((s) => s.flag!)
      .filter(Boolean),
  ],
  validate: ['data', 'queries', 'base', 'cache-dir', 'help'],
  query: ['data', 'base', 'file', 'format', 'timeout', 'union-default-graph', 'help'],
  publish: ['data', 'queries', 'base', 'cache-dir', 'store', 'store-update', 'store-gsp', 'restore', 'keep', 'parallel', 'list', 'help'],
  export: [
    'out',
    'data',
    'queries',
    'base',
    'cache-dir',
    'validate',
    'publisher-name',
    'publisher-iri',
    'license',
    'fragment-page-size',
    'union-default-graph',
    'help',
  ],
};
/** Flags that take no value. */
const SWITCHES = new Set(['watch', 'help', 'list']);
/** Flags that take true or false, and mean true when given alone (`--validate` = `--validate true`). */
const TOGGLES = new Set(['validate', 'union-default-graph', 'metrics']);

/** Parses argv (after the command) into flags and positional arguments, refusing options the command does not take. */
export function parseArgs(
  argv: readonly string[],
  command: Command = 'serve',
): { flags: Record<string, string | string[] | boolean>; args: string[] } {
  const names = COMMAND_FLAGS[command];
  const options = Object.fromEntries(
    names.map((n) => [n, { type: SWITCHES.has(n) ? ('boolean' as const) : ('string' as const), multiple: n === 'data' }]),
  );
  // A toggle given alone is made explicit, so that the value-taking parser accepts it.
  const args = argv.flatMap((a, i) =>
    a.startsWith('--') && TOGGLES.has(a.slice(2)) && !/^(true|false)$/i.test(argv[i + 1] ?? '') ? [`${a}=true`] : [a],
  );
  try {
    const { values, positionals } = parseNodeArgs({ args, options, strict: true, allowPositionals: command === 'query' });
    return { flags: { ...values } as Record<string, string | string[] | boolean>, args: positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const flag = /'(--?[^' ]+)/.exec((e as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new ConfigError(
        `forum-ld ${command} has no option ${flag}; its options are ${names.map((n) => `--${n}`).join(', ')} (see forum-ld ${command} --help).`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const word = /'([^']*)'/.exec((e as Error).message)?.[1] ?? '';
      throw new ConfigError(`forum-ld ${command} takes options only, not "${word}" (a toggle such as --validate takes true or false).`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new ConfigError(
        SWITCHES.has(flag.replace(/^--/, '')) ? `The option ${flag} takes no value.` : `The option ${flag} needs a value.`,
      );
    }
    throw e;
  }
}
