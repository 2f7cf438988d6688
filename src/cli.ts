#!/usr/bin/env node
// The forum-ld command line: a thin shell over the serve, validate, query and export commands.
import * as fs from 'node:fs';
import { buildConfig, Command, ConfigError, parseArgs } from './config';
import { serveCommand } from './commands/serve';
import { validateCommand } from './commands/validate';
import { queryCommand } from './commands/query';
import { publishCommand } from './commands/publish';
import { exportCommand } from './commands/export';

const HELP: Record<string, string> = {
  main: `Usage: forum-ld <command> [options]

Commands:
  serve      serve the dataset as Linked Data with a SPARQL endpoint (default)
  validate   load and validate the dataset; exit 1 on a violation
  query      run one SPARQL query over data files and print the result
  publish    check the dataset and load it into an external SPARQL store (--store URL), or restore an earlier version
  export     write the whole publication as static files, with nginx, Apache and Netlify rules

Run forum-ld <command> --help for its options.
`,
  serve: `Usage: forum-ld serve [options]

  --port N              port to listen on (PORT; default 3000)
  --host H              interface to bind (HOST; default 0.0.0.0)
  --base IRI            base IRI of the published data (BASE_IRI; default http://localhost:PORT/)
  --data PATH           data file or folder; repeat for several (default: ontology/ and data/)
  --queries DIR         named queries served at /api and shown as editor examples (QUERIES_PATH; default: queries/)
  --timeout MS          per-query time limit; the query's process is ended (QUERY_TIMEOUT_MS; default 30000)
  --workers N           query processes kept ready (WORKERS; default: the number of cores)
  --worker-memory MB    heap cap of each query process; a query needing more ends it alone (WORKER_MEMORY_MB; default 1024, at least 64)
  --max-concurrent N    queries running at once, one process each (MAX_CONCURRENT_QUERIES; default: the number of cores)
  --queue N             queries waiting for a slot before 503 (QUERY_QUEUE; default 16)
  --max-rows N          result rows before truncation (MAX_RESULT_ROWS; default 100000)
  --max-result-bytes N  size of any answer; a longer one is cut at a row (MAX_RESULT_BYTES; default 67108864, 64 MiB)
  --shutdown-grace MS   on SIGTERM, how long in-flight requests may take to finish (SHUTDOWN_GRACE_MS; default 10000)
  --max-body BYTES      request body limit (MAX_BODY_BYTES; default 1000000)
  --fragment-page-size N  matches per page of a Triple Pattern Fragment at /fragments (FRAGMENT_PAGE_SIZE; default 100)
  --allow-remote LIST   comma-separated IRI prefixes SERVICE/FROM may fetch (ALLOW_REMOTE; default none)
  --union-default-graph true|false  default graph = union of all graphs (UNION_DEFAULT_GRAPH; default true)
  --publisher-name S, --publisher-iri IRI, --license IRI   for the dataset description
  --contact-email ADDR, --contact-url IRI                 its DCAT contact point (default: the site itself)
  --log-level L         fatal|error|warn|info|debug|trace|silent (LOG_LEVEL; default info)
  --watch               reload when data files change (SIGHUP always reloads)
  --validate true|false run the SHACL and source checks on each load (VALIDATE; default true); a version that
                        passed them before (same bytes, same base, same checks) is not checked again
  --cache-dir DIR       where dumps and the verdicts of the checks are kept (CACHE_DIR; default: the OS temp folder)
  --metrics true|false  serve /metrics, the Prometheus text format (METRICS; default true); /healthz and /readyz always answer
  --store URL           serve what forum-ld publish loaded into this SPARQL 1.1 endpoint instead of the embedded store
                        (STORE_URL; credentials from STORE_USER and STORE_PASSWORD only)
  --store-update URL, --store-gsp URL   its update and Graph Store Protocol endpoints (STORE_UPDATE_URL, STORE_GSP_URL)
  --store-poll MS       how often to ask the store which version is in service (STORE_POLL_MS; default 5000)
`,
  publish: `Usage: forum-ld publish --store URL [--data PATH ...] [--queries DIR] [--base IRI] [--keep N] [--parallel N]
       forum-ld publish --store URL --restore VERSION|previous
       forum-ld publish --store URL --list

Checks the dataset exactly as serve does (SHACL, source and query checks); data that fails them never reaches the
store. Then loads every graph under a versioned name (Graph Store Protocol and SPARQL Update, --parallel N requests
at a time, default 4), and in one SPARQL Update request replaces the served graphs that changed and moves the version
pointer: readers see the old version or the new one, never half of either.
Servers started with --store follow the pointer. --restore puts a version the store still holds back in service;
--keep N versions are kept for it (default 3). --list shows them.
  --store URL           the SPARQL 1.1 query endpoint (STORE_URL)
  --store-update URL    the update endpoint (STORE_UPDATE_URL; default: --store)
  --store-gsp URL       the Graph Store Protocol endpoint (STORE_GSP_URL; default: --store; Virtuoso: /sparql-graph-crud)
  STORE_USER, STORE_PASSWORD   HTTP Basic credentials, from the environment only
`,
  validate: `Usage: forum-ld validate [--data PATH ...] [--queries DIR] [--base IRI] [--cache-dir DIR]

Loads every RDF file and the named queries, validates them with the SHACL shapes, the source checks and the query checks,
prints one line per problem (file:line:column, focus node, path, value) and exits 1 on a violation.
A pass is remembered in the cache folder, so serve skips the checks for the same bytes and base.
`,
  export: `Usage: forum-ld export --out DIR [--base IRI] [--data PATH ...] [options]

Loads and checks the data as serve does, renders every page, every document in every format (Turtle, JSON-LD,
N-Triples, RDF/XML, HTML), the framed editions, the dumps, the VoID description, the sitemap and the assets through
the server itself, and writes them under DIR (new or empty) with the rules static hosts need for 303s and content
negotiation: nginx.conf (include it in the server block), .htaccess (Apache), _redirects (Netlify, Cloudflare Pages:
no negotiation on Accept there). --base is the address the site will be published at. The SPARQL endpoint, the API
and the fragments answer queries and are not exported.

  --out DIR             the folder to write (required)
  --base IRI            where the copy will be served (default http://localhost:3000/)
  --data PATH, --queries DIR, --cache-dir DIR, --validate true|false, --publisher-name S, --publisher-iri IRI,
  --license IRI, --union-default-graph true|false    as for serve
`,
  query: `Usage: forum-ld query [QUERY | --file q.rq] [--data FILE ...] [--format F] [--base IRI]

Runs a SPARQL query over exactly the files given with --data (any supported format;
TriG and N-Quads keep their named graphs), or over the default dataset when none is given.
--format: a media type or json, xml, csv, tsv (SELECT/ASK) or ttl, nt, jsonld, rdf, trig, nq (graphs).
`,
};

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const known = ['serve', 'validate', 'query', 'publish', 'export'];
  const command = argv[0] && !argv[0].startsWith('--') ? argv[0] : 'serve';
  const rest = argv[0] === command ? argv.slice(1) : argv;
  if (argv[0] === 'help' || !known.includes(command)) {
    (argv[0] === 'help' ? out : err).write(HELP.main);
    return argv[0] === 'help' ? 0 : 2;
  }
  try {
    const { flags, args } = parseArgs(rest, command as Command);
    if (flags.help) {
      out.write(HELP[command]);
      return 0;
    }
    const queryFlags = { ...flags };
    delete queryFlags.file;
    delete queryFlags.format;
    for (const k of ['restore', 'keep', 'parallel', 'list']) delete queryFlags[k];
    const config = buildConfig(queryFlags);
    if (command === 'publish') {
      if (!config.store) {
        err.write('forum-ld publish needs the store: --store URL or STORE_URL (see forum-ld publish --help).\n');
        return 2;
      }
      const keep = flags.keep === undefined ? undefined : Number(flags.keep);
      if (keep !== undefined && !(Number.isInteger(keep) && keep >= 2 && keep <= 100)) {
        err.write(`The option --keep must be a whole number from 2 to 100, not "${flags.keep}".\n`);
        return 2;
      }
      const parallel = flags.parallel === undefined ? undefined : Number(flags.parallel);
      if (parallel !== undefined && !(Number.isInteger(parallel) && parallel >= 1 && parallel <= 32)) {
        err.write(`The option --parallel must be a whole number from 1 to 32, not "${flags.parallel}".\n`);
        return 2;
      }
      return await publishCommand(
        {
          store: config.store,
          paths: config.dataPaths,
          baseIri: config.baseIri,
          queries: config.queriesPath,
          cacheDir: config.cacheDir,
          restore: flags.restore as string | undefined,
          list: flags.list === true,
          keep,
          parallel,
        },
        out as never,
        err as never,
      );
    }
    if (command === 'validate')
      return await validateCommand(
        { paths: config.dataPaths, baseIri: config.baseIri, queries: config.queriesPath, cacheDir: config.cacheDir },
        out as never,
      );
    if (command === 'export') return await exportCommand(config, out as never, err as never);
    if (command === 'query') {
      const file = flags.file as string | undefined;
      const query = file ? fs.readFileSync(file, 'utf8') : args[0];
      if (!query) {
        err.write('Give the query as an argument or with --file q.rq.\n');
        return 2;
      }
      return await queryCommand(
        {
          query,
          paths: config.dataPaths,
          baseIri: config.baseIri,
          format: flags.format as string | undefined,
          timeoutMs: config.queryTimeoutMs,
          unionDefaultGraph: config.unionDefaultGraph,
        },
        out as never,
        err as never,
      );
    }
    const serving = await serveCommand(config);
    if (!serving) return 1;
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        err.write(`${signal} again: exiting without waiting.\n`);
        process.exit(1);
      }
      stopping = true;
      // close() is bounded by the grace; this only guards against a bug in it.
      setTimeout(() => {
        err.write('The server did not close in time; exiting.\n');
        process.exit(1);
      }, config.shutdownGraceMs + 10_000).unref();
      void serving.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return await new Promise<number>(() => undefined);
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
