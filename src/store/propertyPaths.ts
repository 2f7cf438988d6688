// Property paths of any length (P*, P+, P?) evaluated here, as SPARQL 1.1 §18.4 defines them, and handed to Comunica
// as virtual predicates of the source, because Comunica 5.4 gets them wrong.
import type * as RDF from '@rdfjs/types';
import { AsyncIterator, fromIterable } from 'asynciterator';
import { DataFactory } from 'n3';
import { Generator, Parser } from 'sparqljs';
import type * as S from 'sparqljs';
import { termKey } from './triples';

const { namedNode, quad } = DataFactory;
const VIRTUAL = 'urn:x-forum-ld:closure:';
const NONE: ReadonlySet<string> = new Set();

type Path = S.PropertyPath | RDF.NamedNode;
const isPath = (p: Path): p is S.PropertyPath => (p as { type?: string }).type === 'path';
export interface Closure {
  kind: '*' | '+' | '?';
  path: Path;
  /** Keys of the terms the query itself puts at this closure's ends: a zero-length path reaches them even outside the graph. */
  constants: ReadonlySet<string>;
}

/** What closures are read from: the store's quads, lazily, and its named graphs. */
export interface PathData {
  readQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): Iterable<RDF.Quad>;
  namedGraphs(): readonly RDF.Term[];
}

/**
 * The query with each P*, P+ and P? replaced by a predicate `urn:x-forum-ld:closure:N`, with what each stands for;
 * undefined when the query has none, or when a merge of several FROM graphs would make a path cross graphs
 * (Comunica evaluates a pattern per FROM graph; such queries stay with it).
 *
 * Comunica 5.4's closures with two unbound ends: `?x P+ ?x` also yields nodes on no cycle (any node a cycle reaches),
 * `?x P* ?x` joined with another pattern yields nothing, and a closure over a sequence, `?x (p/q)* ?y`, never
 * finishes (its iterator is never closed). Found by the differential tests (docs/differential.md); no upstream issue found.
 */
export function takeOverClosures(text: string): { text: string; closures: Closure[] } | undefined {
  if (!/[*+?]/.test(text)) return undefined;
  let parsed: S.SparqlQuery;
  try {
    parsed = new Parser().parse(text);
  } catch {
    return undefined;
  }
  if (parsed.type !== 'query' || (parsed.from?.default.length ?? 0) > 1) return undefined;
  const closures: Closure[] = [];
  // `ends`: the triple's subject and object, while the path is the whole predicate (or its inverse).
  const replace = (p: Path, ends?: readonly RDF.Term[]): Path => {
    if (!isPath(p)) return p;
    if (p.pathType === '*' || p.pathType === '+' || p.pathType === '?') {
      const constants = new Set((ends ?? []).filter((t) => t.termType !== 'Variable' && t.termType !== 'BlankNode').map(termKey));
      closures.push({ kind: p.pathType, path: p.items[0], constants });
      return namedNode(`${VIRTUAL}${closures.length - 1}`);
    }
    if (p.pathType === '^') return { ...p, items: [replace(p.items[0], ends && [...ends].reverse())] } as Path;
    // Closures inside a negated property set cannot occur: its members are IRIs and their inverses.
    return p.pathType === '!' ? p : { ...p, items: p.items.map((i) => replace(i)) } as Path;
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'bgp') for (const t of o.triples as S.Triple[]) t.predicate = replace(t.predicate as Path, [t.subject, t.object] as RDF.Term[]) as S.Triple['predicate'];
    for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
  };
  walk(parsed.where);
  return closures.length ? { text: new Generator().stringify(parsed), closures } : undefined;
}

/** A source that answers the virtual predicates of `closures` itself and passes every other pattern on. */
export class ClosureSource implements RDF.Source {
  constructor(
    private readonly inner: RDF.Source & { countQuads?(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number },
    private readonly data: PathData,
    /** The default graph is the union of all graphs (else the unnamed graph alone). */
    private readonly union: boolean,
    private readonly closures: readonly Closure[],
  ) {}

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): AsyncIterator<RDF.Quad> {
    const closure = this.closureOf(p);
    if (!closure) return this.inner.match(s, p, o, g) as AsyncIterator<RDF.Quad>;
    const graphs: Array<[RDF.Quad_Graph, RDF.Term | undefined]> = !g || g.termType === 'Variable'
      ? this.data.namedGraphs().map((n) => [n as RDF.Quad_Graph, n]) // GRAPH ?g: each named graph on its own
      : g.termType === 'DefaultGraph' ? [[g, this.union ? undefined : g]] : [[g as RDF.Quad_Graph, g]];
    const bound = (t?: RDF.Term | null) => (t && t.termType !== 'Variable' ? t : undefined);
    const self = this;
    function* pairs(): Iterable<RDF.Quad> {
      for (const [name, selector] of graphs) {
        const ev = new PathEvaluator(self.data, selector);
        const subject = bound(s);
        const object = bound(o);
        if (subject) {
          for (const x of ev.closure(subject, closure!, true)) if (!object || termKey(x) === termKey(object)) yield quad(subject as RDF.Quad_Subject, p as RDF.NamedNode, x as RDF.Quad_Object, name);
        } else if (object) {
          for (const x of ev.closure(object, closure!, false)) yield quad(x as RDF.Quad_Subject, p as RDF.NamedNode, object as RDF.Quad_Object, name);
        } else {
          for (const n of ev.nodes()) for (const x of ev.closure(n, closure!, true)) yield quad(n as RDF.Quad_Subject, p as RDF.NamedNode, x as RDF.Quad_Object, name);
        }
      }
    }
    return fromIterable(pairs());
  }

  /** Join planning only: a closure from a bound end is small, one over all nodes is large. */
  countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number {
    if (!this.closureOf(p)) return this.inner.countQuads?.(s, p, o, g) ?? Number.POSITIVE_INFINITY;
    return (s && s.termType !== 'Variable') || (o && o.termType !== 'Variable') ? 10 : 10_000;
  }

  private closureOf(p?: RDF.Term | null): Closure | undefined {
    if (!p || p.termType !== 'NamedNode' || !p.value.startsWith(VIRTUAL)) return undefined;
    return this.closures[Number(p.value.slice(VIRTUAL.length))];
  }
}

/** Path evaluation in one graph (undefined: the union of all), with set semantics, as inside a closure (§18.4 ALP). */
class PathEvaluator {
  private readonly steps = new Map<string, RDF.Term[]>();
  private readonly ids = new Map<Path, number>();
  private readonly nodeCache = new Map<string, boolean>();

  constructor(private readonly data: PathData, private readonly graph: RDF.Term | undefined) {}

  /**
   * ALP: what `start` reaches by zero (P*, P?) or one (P+) or more (not P?) steps of the path, each once. A zero-length
   * path joins a node of the graph to itself, and a term the query names at the path's end to itself even when the
   * graph lacks it (§18.4: ALP(x) holds x; W3C property-path/zero_or_more_set_start). A term that reaches the path
   * from a join is not named there (the path is evaluated on its own, then joined), so it needs to be in the graph,
   * whichever way Comunica joins.
   */
  closure(start: RDF.Term, c: Closure, forward: boolean): RDF.Term[] {
    const seen = new Map<string, RDF.Term>();
    if (c.kind !== '+' && (c.constants.has(termKey(start)) || this.isNode(start))) seen.set(termKey(start), start);
    if (c.kind === '?') {
      for (const next of this.step(start, c.path, forward)) seen.set(termKey(next), next);
      return [...seen.values()];
    }
    const queue = [start];
    while (queue.length) {
      for (const next of this.step(queue.pop()!, c.path, forward)) {
        const k = termKey(next);
        if (!seen.has(k)) { seen.set(k, next); queue.push(next); }
      }
    }
    return [...seen.values()];
  }

  /** Whether the term is a subject or object in the graph. */
  isNode(t: RDF.Term): boolean {
    const k = termKey(t);
    let known = this.nodeCache.get(k);
    if (known === undefined) {
      known = !this.data.readQuads(t, null, null, this.graph)[Symbol.iterator]().next().done
        || !this.data.readQuads(null, null, t, this.graph)[Symbol.iterator]().next().done;
      this.nodeCache.set(k, known);
    }
    return known;
  }

  /** Every subject and object of the graph: the nodes a zero-length path joins to themselves. */
  *nodes(): Iterable<RDF.Term> {
    const seen = new Set<string>();
    for (const q of this.data.readQuads(null, null, null, this.graph)) {
      for (const t of [q.subject, q.object]) {
        const k = termKey(t);
        if (!seen.has(k)) { seen.add(k); yield t; }
      }
    }
  }

  /** The distinct nodes one step of `path` leads to from `node` (backwards: from which `node` is reached). */
  private step(node: RDF.Term, path: Path, forward: boolean): RDF.Term[] {
    let id = this.ids.get(path);
    if (id === undefined) { id = this.ids.size; this.ids.set(path, id); }
    const key = `${id} ${forward ? '>' : '<'} ${termKey(node)}`;
    let out = this.steps.get(key);
    if (!out) { out = distinct(this.evaluate(node, path, forward)); this.steps.set(key, out); }
    return out;
  }

  private evaluate(node: RDF.Term, path: Path, forward: boolean): RDF.Term[] {
    if (!isPath(path)) return this.link(node, path, forward, () => true);
    switch (path.pathType) {
      case '^': return this.step(node, path.items[0], !forward);
      case '/': {
        const items = forward ? path.items : [...path.items].reverse();
        return items.reduce<RDF.Term[]>((from, item) => distinct(from.flatMap((n) => this.step(n, item, forward))), [node]);
      }
      case '|': return path.items.flatMap((item) => this.step(node, item, forward));
      case '?': case '*': case '+': return this.closure(node, { kind: path.pathType, path: path.items[0], constants: NONE }, forward);
      case '!': {
        // !(a|^b) is NPS(a) together with the inverse of NPS(b), each present only if it has members (§18.2.2.3).
        // sparqljs writes !(a|^b) with an alternative inside; its types say otherwise.
        const first = path.items[0] as Path;
        const members: Path[] = isPath(first) && first.pathType === '|' ? first.items : path.items;
        const inverse = (m: Path) => isPath(m) && m.pathType === '^';
        const excluded = (list: Path[]) => new Set(list.map((m) => (isPath(m) ? (m.items[0] as RDF.NamedNode) : m).value));
        const fwd = members.filter((m) => !inverse(m));
        const inv = members.filter(inverse);
        const notIn = (set: Set<string>) => (q: RDF.Quad) => !set.has(q.predicate.value);
        return [
          ...(fwd.length ? this.link(node, undefined, forward, notIn(excluded(fwd))) : []),
          ...(inv.length ? this.link(node, undefined, !forward, notIn(excluded(inv))) : []),
        ];
      }
      default: throw new Error(`unknown path operator ${(path as { pathType: string }).pathType}`);
    }
  }

  private link(node: RDF.Term, predicate: RDF.NamedNode | undefined, forward: boolean, keep: (q: RDF.Quad) => boolean): RDF.Term[] {
    const out: RDF.Term[] = [];
    const quads = forward ? this.data.readQuads(node, predicate, null, this.graph) : this.data.readQuads(null, predicate, node, this.graph);
    for (const q of quads) if (keep(q)) out.push(forward ? q.object : q.subject);
    return out;
  }
}

function distinct(terms: RDF.Term[]): RDF.Term[] {
  const seen = new Map<string, RDF.Term>();
  for (const t of terms) if (!seen.has(termKey(t))) seen.set(termKey(t), t);
  return [...seen.values()];
}
