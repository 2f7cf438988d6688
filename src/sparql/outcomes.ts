// How each query ended, as events for whoever counts them (the metrics): the small interface the query service reports through.

/**
 * ok: answered (from the cache too); timeout, memory: stopped at a limit; cancelled: the client went away and the
 * query was stopped; busy: refused for want of a slot; refused: not run (malformed, an update, network access,
 * no acceptable format, unsupported); error: the engine failed on it.
 */
export const QUERY_OUTCOMES = ['ok', 'timeout', 'memory', 'cancelled', 'busy', 'refused', 'error'] as const;
export type QueryOutcome = typeof QUERY_OUTCOMES[number];

export interface QueryOutcomeDetail {
  /** From the moment the service was asked to the moment it answered or gave up. */
  seconds?: number;
  /** Served from the result cache without running. */
  cached?: boolean;
}

/** Takes one event per query asked of a QueryService. */
export interface QueryOutcomes {
  queryOutcome(outcome: QueryOutcome, detail?: QueryOutcomeDetail): void;
}

/** The outcome of a failed query, from its QueryError kind (a string here, so this module imports nothing). */
export function outcomeOfError(kind: string): QueryOutcome {
  switch (kind) {
    case 'timeout': case 'memory': case 'busy': case 'cancelled': return kind;
    case 'syntax': case 'update': case 'remote': case 'unacceptable': case 'unsupported': return 'refused';
    default: return 'error';
  }
}
