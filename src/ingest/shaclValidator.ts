// The loader's SHACL check: the shapes directShapes.ts does exactly off the indexes, the others with shacl-engine (on
// several threads at once for a large store, each taking a share of those shapes).
import * as os from 'node:os';
import * as path from 'node:path';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Problem } from '../rdf/problem';
import type { QuadStore } from '../store/quadStore';
import { runInThread } from '../store/threadTask';
import { checkDirect, planShapes } from './directShapes';
import type { Validator as LoadValidator } from './load';
import { distinctProblems, type Graph, ShapesValidator, type ValidateOptions } from './validate';

/**
 * A validator for loadDataset. Without explicit shapes it takes them from the loaded data itself, since
 * ontology/shapes.ttl is published with the data.
 */
export function shaclValidator(shapes?: Graph, opts: ValidateOptions = {}): LoadValidator {
  const compiled = shapes ? new ShapesValidator(shapes) : undefined;
  return async (store) => {
    if (compiled) return compiled.validate(store, opts);
    // Shapes taken from the data: those whose every constraint directShapes.ts implements are checked off the indexes
    // (at 1M quads in well under a second, where shacl-engine's bookkeeping per focus node took ~17 s of CPU); the rest
    // go to shacl-engine, on other threads for large data while this one does the direct checks.
    const { direct, rest } = planShapes(store);
    const threads = Math.min(4, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
    const engine =
      rest.length === 0
        ? Promise.resolve([])
        : store.size >= PARALLEL_FROM && threads > 1
          ? validateInParallel(store, threads - 1, rest, false)
          : new ShapesValidator(store).validate(store, opts, rest);
    // The loader's other checks start now (those on threads of their own too), before the direct checks take this thread.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const own = checkDirect(store, direct, opts.locate);
    return distinctProblems([...own, ...(await engine)]);
  };
}

/** Below this many quads a thread costs more to start than it saves. */
const PARALLEL_FROM = 100_000;

const { namedNode } = DataFactory;
const SH = 'http://www.w3.org/ns/shacl#';
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
/** The shapes shacl-engine validates one by one: those with targets, and those declared as shapes. */
const TARGETS = ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'target'].map((t) => namedNode(`${SH}${t}`));
const DECLARED = [namedNode(`${SH}NodeShape`), namedNode(`${SH}PropertyShape`)];

/** What a checking thread is sent: the shared store and the ids of its shapes (the dictionary is shared too). */
export interface ShareOfChecks {
  data: ReturnType<QuadStore['share']>;
  shapes: number[];
}

/**
 * Validates `store` against the shapes it holds (or only `only` of them), with `threads` threads: this one and
 * `threads - 1` workers, or with `here` false `threads` workers and none here. Shapes are independent in SHACL (a report
 * is the union of each shape's results), so each thread validates a share of them, balanced by how many focus nodes
 * each targets. At 1M quads, 17.6 s on one thread became ~12 s on two cores.
 */
export async function validateInParallel(store: QuadStore, threads: number, only?: readonly RDF.Term[], here = true): Promise<Problem[]> {
  const shares = shareOut(store, threads, only);
  if (!here) shares.unshift([]);
  const ids = (terms: RDF.Term[]) => terms.map((t) => store.lookup(t)!);
  const others = shares.slice(1).map((share) =>
    runInThread<Problem[]>(path.join(__dirname, 'shaclWorker.js'), {
      data: store.share(),
      shapes: ids(share),
    } satisfies ShareOfChecks).catch(
      // A thread that could not start or died: its share is done here instead.
      () => new ShapesValidator(store).validate(store, {}, share),
    ),
  );
  const own = validateShare(store, shares[0]);
  return distinctProblems((await Promise.all([own, ...others])).flat());
}

function validateShare(store: QuadStore, shapes: RDF.Term[]): Promise<Problem[]> {
  return shapes.length ? new ShapesValidator(store).validate(store, {}, shapes) : Promise.resolve([]);
}

/** The shapes in `threads` shares of about equal work (largest first, each to the lightest share). */
export function shareOut(store: QuadStore, threads: number, only?: readonly RDF.Term[]): RDF.Term[][] {
  const shapes = new Map<string, { term: RDF.Term; cost: number }>();
  const wanted = only && new Set(only.map((t) => `${t.termType} ${t.value}`));
  const add = (term: RDF.Term, cost: number) => {
    const key = `${term.termType} ${term.value}`;
    if (wanted && !wanted.has(key)) return;
    const s = shapes.get(key);
    if (s) s.cost += cost;
    else shapes.set(key, { term, cost });
  };
  for (const target of TARGETS) {
    for (const q of store.readQuads(null, target)) {
      const o = q.object;
      const cost = target.value.endsWith('targetClass')
        ? store.countQuads(null, RDF_TYPE, o)
        : target.value.endsWith('targetNode')
          ? 1
          : target.value.endsWith('target')
            ? store.size / 10
            : store.countQuads(null, o);
      add(q.subject, cost + 1);
    }
  }
  for (const declared of DECLARED) for (const q of store.readQuads(null, RDF_TYPE, declared)) add(q.subject, 0);
  const bins = Array.from({ length: threads }, () => ({ cost: 0, shapes: [] as RDF.Term[] }));
  for (const s of [...shapes.values()].sort((a, b) => b.cost - a.cost)) {
    const lightest = bins.reduce((a, b) => (b.cost < a.cost ? b : a));
    lightest.cost += s.cost;
    lightest.shapes.push(s.term);
  }
  return bins.map((b) => b.shapes);
}
