// Property paths answered by our own evaluator (pathEvaluator.ts), handed to Comunica as virtual predicates of the
// source, because Comunica 5.4 gets several of them wrong.
import type * as RDF from '@rdfjs/types';
import { AsyncIterator, fromIterable } from 'asynciterator';
import { DataFactory } from 'rdf-data-factory';
import type { Operation } from '../syntax';
import { rewriteAlgebra } from './rewriteAlgebra';
import { Path, PathEvaluator, QuadReader } from './pathEvaluator';
import { termKey } from '../../rdf/termKey';

const DF = new DataFactory();
const VIRTUAL = 'urn:x-forum-ld:path:';

export interface PathPattern {
  path: Path;
  /** Keys of the terms the query names at the path's ends (see PathEvaluator). */
  constants: ReadonlySet<string>;
}

/** What paths are read from: the store's quads and its named graphs. */
export interface PathData extends QuadReader {
  namedGraphs(): readonly RDF.Term[];
}

/**
 * The algebra with every property path pattern replaced by a quad pattern of predicate `urn:x-forum-ld:path:N`,
 * with what each stands for; undefined when there is none, or when a merge of several FROM graphs would let a path
 * cross graphs (Comunica matches a pattern in each FROM graph apart; such queries stay with it). Copies what it
 * changes: the algebra given may be shared.
 *
 * Comunica 5.4 never finishes a closure over a sequence between two variables (`?x (p/q)* ?y`: its iterator is
 * never closed), answers `?x p+ ?x` with nodes on no cycle, loses `?x p* ?x` in a join, and answers a negated set
 * with an inverse member, `<s> !(p|^q) ?o`, with nothing when it is joined with another pattern of the same subject.
 * Found by the differential tests (docs/differential.md); no upstream issues found.
 */
export function takeOverPaths(op: Operation): { operation: Operation; paths: PathPattern[] } | undefined {
  const paths: PathPattern[] = [];
  let merged = false;
  const operation = rewriteAlgebra(op, (o, walk) => {
    if (o.type === 'from' && (o.default as unknown[]).length > 1) merged = true;
    if (o.type === 'path') {
      const ends = [o.subject, o.object] as RDF.Term[];
      const constants = new Set<string>(ends.filter((e) => e.termType !== 'Variable' && e.termType !== 'BlankNode').map((e) => termKey(e)));
      paths.push({ path: o.predicate as Path, constants });
      const pattern = DF.quad(
        o.subject as RDF.Quad_Subject,
        DF.namedNode(`${VIRTUAL}${paths.length - 1}`),
        o.object as RDF.Quad_Object,
        o.graph as RDF.Quad_Graph,
      );
      return Object.assign(pattern, { type: 'pattern' }) as unknown as Operation;
    }
    return walk.children(o);
  });
  return paths.length && !merged ? { operation, paths } : undefined;
}

/** A source that answers the virtual predicates of `paths` itself and passes every other pattern on. */
export class PathSource implements RDF.Source {
  constructor(
    private readonly inner: RDF.Source & {
      countQuads?(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number;
    },
    private readonly data: PathData,
    /** The default graph is the union of all graphs (else the unnamed graph alone). */
    private readonly union: boolean,
    private readonly paths: readonly PathPattern[],
  ) {}

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): AsyncIterator<RDF.Quad> {
    const pattern = this.patternOf(p);
    if (!pattern) return this.inner.match(s, p, o, g) as AsyncIterator<RDF.Quad>;
    // GRAPH ?g: each named graph on its own; the default graph: the union of all, or the unnamed one.
    const graphs: Array<[RDF.Quad_Graph, RDF.Term | undefined]> =
      !g || g.termType === 'Variable'
        ? this.data.namedGraphs().map((n) => [n as RDF.Quad_Graph, n])
        : g.termType === 'DefaultGraph'
          ? [[g, this.union ? undefined : g]]
          : [[g as RDF.Quad_Graph, g]];
    const bound = (t?: RDF.Term | null) => (t && t.termType !== 'Variable' ? t : undefined);
    const subject = bound(s);
    const object = bound(o);
    const predicate = p as RDF.NamedNode;
    const data = this.data;
    function* matches(): Iterable<RDF.Quad> {
      for (const [name, selector] of graphs) {
        const ev = new PathEvaluator(data, selector);
        const triple = (x: RDF.Term, y: RDF.Term) => DF.quad(x as RDF.Quad_Subject, predicate, y as RDF.Quad_Object, name);
        if (subject) {
          for (const y of ev.ends(subject, pattern!.path, true, pattern!.constants))
            if (!object || termKey(y) === termKey(object)) yield triple(subject, y);
        } else if (object) {
          for (const x of ev.ends(object, pattern!.path, false, pattern!.constants)) yield triple(x, object);
        } else {
          for (const x of ev.nodes()) for (const y of ev.ends(x, pattern!.path, true)) yield triple(x, y);
        }
      }
    }
    return fromIterable(matches());
  }

  /** Join planning only: a path from a bound end is small, one between two variables large. */
  countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number {
    if (!this.patternOf(p)) return this.inner.countQuads?.(s, p, o, g) ?? Number.POSITIVE_INFINITY;
    return (s && s.termType !== 'Variable') || (o && o.termType !== 'Variable') ? 10 : 10_000;
  }

  private patternOf(p?: RDF.Term | null): PathPattern | undefined {
    if (p?.termType !== 'NamedNode' || !p.value.startsWith(VIRTUAL)) return undefined;
    return this.paths[Number(p.value.slice(VIRTUAL.length))];
  }
}
