// Entry point of a query process (forked by sparql/processPool.ts): opens store snapshots, answers one task at a time.
// A process of its own, with a hard heap cap, so whatever a query allocates can end this process and nothing else.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { QuadStore } from './store/quadStore';
import { readSnapshot } from './store/snapshot';
import { EngineOnDemand } from './sparql/engineOnDemand';
import { directAnswerer } from './sparql/bgp';
import { answerQuery, TaskTools } from './sparql/queryTask';
import { QueryError } from './sparql/queryError';
import { QUERY_NICE, type ToMain, type ToProcess, type ProcessSettings } from './sparql/processProtocol';
import { presentAnswer } from './views/presentAnswer';

const settings = JSON.parse(process.argv[2]) as ProcessSettings;
/** Answer bodies go out on their own pipe (fd 4), so a client that reads slowly slows this process, not the server. */
const bodies = new net.Socket({ fd: 4, readable: false, writable: true });

const send = (m: ToMain) => {
  process.send?.(m);
};

/** At most two versions open: the one in service and, during a reload, the next (or the previous, finishing). */
const opened = new Map<string, TaskTools>();

function open(version: string, file: string): TaskTools {
  let tools = opened.get(version);
  if (tools) {
    opened.delete(version);
    opened.set(version, tools); // most recently used last
    return tools;
  }
  const store = new QuadStore(readSnapshot(file));
  const graphs = new Set(
    store
      .graphs()
      .filter((g) => g.termType === 'NamedNode')
      .map((g) => g.value),
  );
  tools = {
    // Comunica is loaded by the first query the index evaluator leaves to it, not before: most never need it.
    engine: new EngineOnDemand(store, { unionDefaultGraph: settings.unionDefaultGraph, allowRemote: settings.allowRemote }),
    // Off the server's thread: a generous bound on the work of the fast path.
    direct: directAnswerer(store, { unionDefaultGraph: settings.unionDefaultGraph, budget: 1_000_000 }),
    env: {
      allowRemote: settings.allowRemote,
      localBase: settings.baseIri,
      isLocalGraph: (g) => graphs.has(g),
      maxDepth: settings.maxDepth,
    },
    present: presentAnswer,
  };
  opened.set(version, tools);
  while (opened.size > 2) opened.delete(opened.keys().next().value!);
  return tools;
}

let engineAnnounced = false;

/** Tells the server, once, that this process now holds Comunica: the pool replaces such a process after it idles a while. */
function announceEngine(): void {
  if (engineAnnounced || ![...opened.values()].some((t) => (t.engine as EngineOnDemand).loaded)) return;
  engineAnnounced = true;
  send({ t: 'engine' });
}

/**
 * One task. There is no cancelling one here: destroying Comunica's result stream does not stop the work behind it (a
 * sort, a count over a join goes on), so a query whose client left ends with its process instead.
 */
async function run(m: Extract<ToProcess, { t: 'run' }>): Promise<void> {
  let tools: TaskTools;
  try {
    tools = open(m.version, m.file);
  } catch (e) {
    send({
      t: 'failed',
      id: m.id,
      error: new QueryError('crashed', `The query process could not open the data: ${(e as Error).message}`).toPlain(),
    });
    return;
  }
  try {
    send({ t: 'started', id: m.id });
    const { head, body } = await answerQuery(tools, m.task);
    announceEngine(); // before the head, so the server knows it by the time the task is done
    send({ t: 'head', id: m.id, head });
    if (body.length) await new Promise<void>((resolve, reject) => bodies.write(body, (e) => (e ? reject(e) : resolve())));
  } catch (e) {
    const error = e instanceof QueryError ? e : new QueryError('execution', (e as Error)?.message ?? String(e));
    announceEngine();
    send({ t: 'failed', id: m.id, error: error.toPlain() });
  }
}

process.on('message', (m: ToProcess) => {
  switch (m.t) {
    case 'run':
      void run(m);
      break;
    case 'open':
      try {
        open(m.version, m.file);
        send({ t: 'opened', version: m.version });
      } catch (e) {
        send({ t: 'openFailed', version: m.version, message: (e as Error).message });
      }
      break;
    case 'drop':
      opened.delete(m.version);
      break;
  }
});
// The server is gone: so is the reason to exist.
process.on('disconnect', () => process.exit(0));

lowerPriority();
// The parser and the index evaluator warm up on a first query before the process says it is ready; the engine is
// not loaded for it (the evaluator answers it), so an idle process holds no Comunica.
const empty = QuadStore.fromQuads([]);
answerQuery(
  {
    engine: new EngineOnDemand(empty, { unionDefaultGraph: true }),
    direct: directAnswerer(empty, { unionDefaultGraph: true, budget: 1_000 }),
    env: { maxDepth: settings.maxDepth },
  },
  { text: 'ASK { ?s ?p ?o }', resultsType: 'application/sparql-results+json', maxRows: 1, maxBytes: 1 << 20 },
)
  .catch(() => undefined)
  .then(() => send({ t: 'ready' }));

/**
 * Queries yield the CPU to the server's own process (documents, pages, the main thread's bookkeeping). The server set
 * this process's nice value as it started it; on Linux a nice value is per thread, so any thread started before that
 * is set here too.
 */
function lowerPriority(): void {
  const nice = QUERY_NICE;
  try {
    const tids = process.platform === 'linux' ? fs.readdirSync('/proc/self/task').map(Number) : [0];
    for (const tid of tids) os.setPriority(tid, nice);
  } catch {
    // Not allowed here: the queries run at the server's priority.
  }
}
