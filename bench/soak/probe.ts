// Steady background traffic during the soak: document lookups and simple queries, timed and checked, per phase.
import type { SoakServer } from './server';

export interface Sample {
  phase: string;
  kind: 'doc' | 'query';
  ms: number;
  ok: boolean;
  status: number;
  error?: string;
  at: number;
  busy?: boolean;
}

const DOCS = [
  '/doc/event/rf-2019',
  '/doc/organization/osce',
  '/def/forum',
  '/doc/event/rf-2018',
  '/doc/country/kz',
  '/doc/event/rf-2019/plenary',
];
const ACCEPTS = ['text/turtle', 'text/html', 'application/ld+json', 'application/n-triples'];

/**
 * Runs `docs` loops of document lookups and `queries` loops of small, always new SPARQL queries until stopped.
 * A request is a failure unless it is a 200 with the expected content; after the server was told to stop, refused
 * connections are expected and counted apart.
 */
export class Probe {
  readonly samples: Sample[] = [];
  phase = 'idle';
  /** Set when the server was told to stop: new connections are refused from then on, by design. */
  stopping = false;
  private running = true;
  private readonly loops: Promise<void>[] = [];
  private n = 0;

  constructor(
    private readonly server: SoakServer,
    docs = 2,
    queries = 1,
  ) {
    for (let i = 0; i < docs; i++) this.loops.push(this.loop('doc', i));
    for (let i = 0; i < queries; i++) this.loops.push(this.loop('query', i));
  }

  private async loop(kind: 'doc' | 'query', seed: number): Promise<void> {
    let i = seed;
    while (this.running) {
      const phase = this.phase;
      const t = performance.now();
      let status = 0;
      let ok = false;
      let error: string | undefined;
      let busy = false;
      try {
        const res =
          kind === 'doc'
            ? await fetch(`${this.server.origin}${DOCS[i % DOCS.length]}`, {
                headers: { Accept: ACCEPTS[i % ACCEPTS.length] },
                signal: AbortSignal.timeout(30_000),
              })
            : await fetch(`${this.server.origin}/sparql`, {
                method: 'POST',
                signal: AbortSignal.timeout(60_000),
                headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
                body: `SELECT ?name WHERE { ?s <https://schema.org/name> ?name } LIMIT ${1 + (this.n++ % 500)} # ${Date.now()}`,
              });
        status = res.status;
        busy = status === 503 && res.headers.get('retry-after') !== null;
        const body = await res.text();
        ok = status === 200 && (kind === 'doc' ? body.length > 100 : body.includes('"bindings"'));
        if (!ok) error = `${status} ${body.slice(0, 120).replace(/\s+/g, ' ')}`;
      } catch (e) {
        error = (e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      }
      this.samples.push({ phase, kind, ms: performance.now() - t, ok, status, error, at: Date.now(), busy });
      i++;
      if (error && this.stopping) await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Latency percentiles of the successful document lookups of a phase, and the failures of each kind. */
  figures(phase: string): {
    docs: number;
    p50: number;
    p99: number;
    max: number;
    docFailures: number;
    queries: number;
    queryFailures: number;
    queryBusy: number;
    errors: string[];
  } {
    const of = this.samples.filter((s) => s.phase === phase);
    const docs = of.filter((s) => s.kind === 'doc');
    const ms = docs
      .filter((s) => s.ok)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const pct = (p: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] : NaN);
    // A query refused at once with 503 and Retry-After (every slot and the queue full) is the promised answer to a
    // storm, not a failure; it is counted apart.
    const failed = (s: Sample) =>
      !s.ok &&
      !(s.kind === 'query' && s.busy) &&
      !(
        this.stopping &&
        s.at >= this.stoppedAt &&
        /ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|fetch failed|other side closed/.test(s.error ?? '')
      );
    const queries = of.filter((s) => s.kind === 'query');
    const errors = [...new Set(of.filter(failed).map((s) => `${s.kind}: ${s.error}`))].slice(0, 5);
    return {
      docs: docs.length,
      p50: pct(0.5),
      p99: pct(0.99),
      max: ms.length ? ms[ms.length - 1] : NaN,
      docFailures: docs.filter(failed).length,
      queries: queries.length,
      queryFailures: queries.filter(failed).length,
      queryBusy: queries.filter((q) => q.busy).length,
      errors,
    };
  }

  private stoppedAt = Infinity;

  /** From now on the server is stopping: refused connections are its answer, not failures. */
  markStopping(): void {
    this.stopping = true;
    this.stoppedAt = Date.now();
  }
}
