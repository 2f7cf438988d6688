// How queries end, counted and announced: what a metrics endpoint or a log reads, without knowing the query path.
import { QueryError } from './queryError';

/**
 * How a query ended, in the few words a counter needs: ok (answered, from the cache too); invalid (refused or failed
 * for what it asks: malformed, an update, network access, no acceptable format, unsupported, the engine refused it);
 * timeout, memory, size (stopped at a limit); busy (no slot, or the server is closing); cancelled (the client went
 * away); failed (anything else: a query process that crashed).
 */
export type QueryOutcome = 'ok' | 'invalid' | 'timeout' | 'memory' | 'size' | 'busy' | 'cancelled' | 'failed';

export const QUERY_OUTCOMES: readonly QueryOutcome[] = ['ok', 'invalid', 'timeout', 'memory', 'size', 'busy', 'cancelled', 'failed'];

export interface OutcomeEvent {
  outcome: QueryOutcome /** Wall time from the request to its answer (or failure), in ms. */;
  ms: number;
  cached: boolean;
}

export function outcomeOf(e: unknown): QueryOutcome {
  if (!(e instanceof QueryError)) return 'failed';
  switch (e.kind) {
    case 'syntax':
    case 'update':
    case 'remote':
    case 'unacceptable':
    case 'unsupported':
    case 'execution':
      return 'invalid';
    case 'timeout':
    case 'memory':
    case 'size':
    case 'busy':
    case 'cancelled':
      return e.kind;
    case 'closing':
      return 'busy';
    default:
      return 'failed';
  }
}

/** One per server, shared by every dataset version's query service, so counts run on across reloads. */
export class QueryOutcomes {
  private readonly totals = Object.fromEntries(QUERY_OUTCOMES.map((o) => [o, 0])) as Record<QueryOutcome, number>;
  private readonly listeners = new Set<(e: OutcomeEvent) => void>();

  /** The counts so far, by outcome. */
  get counts(): Readonly<Record<QueryOutcome, number>> {
    return { ...this.totals };
  }

  /** Calls `listener` on every outcome from now on; returns what unsubscribes it. */
  on(listener: (e: OutcomeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(e: OutcomeEvent): void {
    this.totals[e.outcome]++;
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a listener's failure is not the query's */
      }
    }
  }
}
