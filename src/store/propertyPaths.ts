// Property paths answered by our own evaluator (pathEvaluator.ts), handed to Comunica as virtual predicates of the
// source, because Comunica 5.4 gets several of them wrong.
import type * as RDF from '@rdfjs/types';
import { AsyncIterator, fromIterable } from 'asynciterator';
import { DataFactory } from 'n3';
import { Generator, Parser } from 'sparqljs';
import type * as S from 'sparqljs';
import { isPath, Path, PathEvaluator, QuadReader } from './pathEvaluator';
import { termKey } from './triples';

const { namedNode, quad } = DataFactory;
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
 * The query with the predicate of every path pattern replaced by `urn:x-forum-ld:path:N`, with what each stands for;
 * undefined when the query has none, or when a merge of several FROM graphs would let a path cross graphs (Comunica
 * matches a pattern in each FROM graph apart; such queries stay with it).
 *
 * Comunica 5.4 never finishes a closure over a sequence between two variables (`?x (p/q)* ?y`: its iterator is
 * never closed), answers `?x p+ ?x` with nodes on no cycle, loses `?x p* ?x` in a join, and answers a negated set
 * with an inverse member, `<s> !(p|^q) ?o`, with nothing when it is joined with another pattern of the same subject.
 * Found by the differential tests (docs/differential.md); no upstream issues found.
 */
export function takeOverPaths(text: string): { text: string; paths: PathPattern[] } | undefined {
  if (!/[*+?/|^!]/.test(text)) return undefined;
  let parsed: S.SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch {
    return undefined;
  }
  if (parsed.type !== 'query' || (parsed.from?.default.length ?? 0) > 1) return undefined;
  const paths: PathPattern[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'bgp') {
      for (const t of o.triples as S.Triple[]) {
        if (!isPath(t.predicate as Path)) continue;
        const constants = new Set([t.subject, t.object].filter((e) => e.termType !== 'Variable' && e.termType !== 'BlankNode').map((e) => termKey(e as RDF.Term)));
        paths.push({ path: t.predicate as Path, constants });
        t.predicate = namedNode(`${VIRTUAL}${paths.length - 1}`);
      }
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
  };
  walk(parsed.where);
  return paths.length ? { text: new Generator().stringify(parsed), paths } : undefined;
}

/** A source that answers the virtual predicates of `paths` itself and passes every other pattern on. */
export class PathSource implements RDF.Source {
  constructor(
    private readonly inner: RDF.Source & { countQuads?(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number },
    private readonly data: PathData,
    /** The default graph is the union of all graphs (else the unnamed graph alone). */
    private readonly union: boolean,
    private readonly paths: readonly PathPattern[],
  ) {}

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): AsyncIterator<RDF.Quad> {
    const pattern = this.patternOf(p);
    if (!pattern) return this.inner.match(s, p, o, g) as AsyncIterator<RDF.Quad>;
    // GRAPH ?g: each named graph on its own; the default graph: the union of all, or the unnamed one.
    const graphs: Array<[RDF.Quad_Graph, RDF.Term | undefined]> = !g || g.termType === 'Variable'
      ? this.data.namedGraphs().map((n) => [n as RDF.Quad_Graph, n])
      : g.termType === 'DefaultGraph' ? [[g, this.union ? undefined : g]] : [[g as RDF.Quad_Graph, g]];
    const bound = (t?: RDF.Term | null) => (t && t.termType !== 'Variable' ? t : undefined);
    const subject = bound(s);
    const object = bound(o);
    const predicate = p as RDF.NamedNode;
    const data = this.data;
    function* matches(): Iterable<RDF.Quad> {
      for (const [name, selector] of graphs) {
        const ev = new PathEvaluator(data, selector);
        const triple = (x: RDF.Term, y: RDF.Term) => quad(x as RDF.Quad_Subject, predicate, y as RDF.Quad_Object, name);
        if (subject) {
          for (const y of ev.ends(subject, pattern!.path, true, pattern!.constants)) if (!object || termKey(y) === termKey(object)) yield triple(subject, y);
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
    if (!p || p.termType !== 'NamedNode' || !p.value.startsWith(VIRTUAL)) return undefined;
    return this.paths[Number(p.value.slice(VIRTUAL.length))];
  }
}
