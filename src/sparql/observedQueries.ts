// Reports the outcome of every query a QueryService answers, from outside it, until the service reports them itself.
import { QueryError, QueryService } from './queryService';
import { outcomeOfError, QueryOutcomes } from './outcomes';

/**
 * Wraps the service's two entry points (answer: the endpoint; execute: the named-query API) so each call ends in one
 * event. The same object is returned, so callers keep their type. Cancellation is not seen from here: it needs
 * the service's own report.
 */
export function observeOutcomes(service: QueryService, sink: QueryOutcomes): QueryService {
  const observe = <A extends unknown[], R extends { cached: boolean }>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const start = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
    try {
      const out = await call(...args);
      sink.queryOutcome('ok', { seconds: seconds(), cached: out.cached });
      return out;
    } catch (e) {
      sink.queryOutcome(e instanceof QueryError ? outcomeOfError(e.kind) : 'error', { seconds: seconds() });
      throw e;
    }
  };
  service.answer = observe(service.answer.bind(service));
  service.execute = observe(service.execute.bind(service));
  return service;
}
