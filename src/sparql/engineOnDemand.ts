// The Comunica engine, loaded by the first query that needs it: the index evaluator answers most queries, and the
// engine's modules cost ~120 MB and ~1 s of CPU in every process that loads them.
import type * as RDF from '@rdfjs/types';
import type { EngineOptions, QueryOutput, QueryRequest, SparqlEngine } from './comunica/engine';

/** What a query task needs of the engine: SparqlEngine itself, or one made on demand. */
export type QueryEngine = Pick<SparqlEngine, 'execute'>;

/** A SparqlEngine over `source`, made (its modules loaded) on the first `execute`. */
export class EngineOnDemand implements QueryEngine {
  private made?: SparqlEngine;

  constructor(
    private readonly source: RDF.Source | RDF.Store,
    private readonly options: EngineOptions,
  ) {}

  /** Whether a query has needed the engine yet. */
  get loaded(): boolean {
    return this.made !== undefined;
  }

  execute(req: QueryRequest, signal?: AbortSignal): Promise<QueryOutput> {
    if (!this.made) {
      // A require, not an import(): this build is CommonJS, and the engine must load only here.
      const { SparqlEngine } = require('./comunica/engine') as typeof import('./comunica/engine');
      this.made = new SparqlEngine(this.source, this.options);
    }
    return this.made.execute(req, signal);
  }
}
