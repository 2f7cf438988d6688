// Records how every query a QueryService answers ends, from outside it, until the service records them itself.
import { QueryService } from './queryService';
import { outcomeOf, QueryOutcomes } from './outcomes';

/**
 * Wraps the service's two entry points (answer: the endpoint; execute: the named-query API) so each call records one
 * event. The same object is returned, so callers keep their type. Cancellation is not seen from here (nothing
 * cancels a query yet); the isolation branch's service records its outcomes itself, and this wrapper goes.
 */
export function observeOutcomes(service: QueryService, outcomes: QueryOutcomes): QueryService {
  const observe = <A extends unknown[], R extends { cached: boolean }>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const began = Date.now();
    try {
      const out = await call(...args);
      outcomes.record({ outcome: 'ok', ms: Date.now() - began, cached: out.cached });
      return out;
    } catch (e) {
      outcomes.record({ outcome: outcomeOf(e), ms: Date.now() - began, cached: false });
      throw e;
    }
  };
  service.answer = observe(service.answer.bind(service));
  service.execute = observe(service.execute.bind(service));
  return service;
}
