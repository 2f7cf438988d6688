// The one error type of the query path, from the pre-check to the query process and back: a kind, a message, a position.
import type { QueryForm } from './comunica/engine';

/**
 * What went wrong, which decides the HTTP status:
 * - the request: syntax (400), update (403), remote (403), unacceptable (406), unsupported (501);
 * - the evaluation: execution (400, the engine refused it);
 * - a limit of this server: timeout, memory, size (503 without Retry-After: the same query would reach it again);
 * - the load: busy (503 with Retry-After), closing (503 with Retry-After: the server is shutting down);
 * - the client hung up: cancelled (no one is left to answer);
 * - crashed: the query process died for another reason (500).
 */
export type QueryErrorKind =
  | 'syntax'
  | 'update'
  | 'remote'
  | 'unacceptable'
  | 'unsupported'
  | 'execution'
  | 'timeout'
  | 'memory'
  | 'size'
  | 'busy'
  | 'closing'
  | 'cancelled'
  | 'crashed';

/** A QueryError as plain data, so it crosses a process boundary intact. */
export interface PlainQueryError {
  kind: QueryErrorKind;
  message: string;
  line?: number;
  column?: number;
  form?: QueryForm;
}

export class QueryError extends Error {
  constructor(
    readonly kind: QueryErrorKind,
    message: string,
    readonly line?: number,
    readonly column?: number,
    readonly form?: QueryForm,
  ) {
    super(message);
    this.name = 'QueryError';
  }

  toPlain(): PlainQueryError {
    return { kind: this.kind, message: this.message, line: this.line, column: this.column, form: this.form };
  }

  static fromPlain(p: PlainQueryError): QueryError {
    return new QueryError(p.kind, p.message, p.line, p.column, p.form);
  }
}
