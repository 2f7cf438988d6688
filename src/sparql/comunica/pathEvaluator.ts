// Property path expressions evaluated over one graph of the store, as SPARQL 1.1 §18.4 defines them.
import type * as RDF from '@rdfjs/types';
import { termKey } from '../../rdf/termKey';

/** A property path expression as Comunica's algebra (traqula) writes it. */
export type Path =
  | { type: 'link'; iri: RDF.NamedNode }
  | { type: 'inv'; path: Path }
  | { type: 'seq' | 'alt'; input: Path[] }
  | { type: 'ZeroOrMorePath' | 'OneOrMorePath' | 'ZeroOrOnePath'; path: Path }
  | { type: 'nps'; iris: RDF.NamedNode[] };

/** What paths are read from: the store's quads, lazily. */
export interface QuadReader {
  readQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): Iterable<RDF.Quad>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Evaluates paths from a node, forwards or backwards, in one graph (undefined: the union of all graphs, each triple
 * once). Multiplicities follow §18.4: a link or a negated set gives each triple once, a sequence is a Join and an
 * alternative a Union (multisets), and *, + and ? give each node once (ALP). `constants` are the keys of the terms
 * the query names at the path's own ends: a zero-length path reaches those even when the graph lacks them (ALP(x)
 * holds x; W3C property-path/zero_or_more_set_start), and otherwise only nodes of the graph. A term that comes from
 * a join is not named there, since the path is evaluated on its own and then joined; so the answer is the same
 * whichever way Comunica joins.
 */
export class PathEvaluator {
  private readonly steps = new Map<string, RDF.Term[]>();
  private readonly ids = new Map<Path, number>();
  private readonly nodeCache = new Map<string, boolean>();

  constructor(
    private readonly data: QuadReader,
    private readonly graph: RDF.Term | undefined,
  ) {}

  /** The ends of every match of `path` from `node` (backwards: the starts of those ending there), with multiplicity. */
  ends(node: RDF.Term, path: Path, forward: boolean, constants: ReadonlySet<string> = NONE): RDF.Term[] {
    switch (path.type) {
      case 'link':
        return this.link(node, path.iri, forward, () => true, false);
      case 'inv':
        return this.ends(node, path.path, !forward, constants);
      case 'alt':
        return path.input.flatMap((item) => this.ends(node, item, forward, constants));
      case 'seq': {
        const items = forward ? path.input : [...path.input].reverse();
        // Only the first step starts at the path's own end; the others start at intermediate nodes.
        return items.reduce<RDF.Term[]>(
          (from, item, i) => from.flatMap((n) => this.ends(n, item, forward, i === 0 ? constants : NONE)),
          [node],
        );
      }
      case 'ZeroOrOnePath':
        return this.closure(node, '?', path.path, forward, constants);
      case 'ZeroOrMorePath':
        return this.closure(node, '*', path.path, forward, constants);
      case 'OneOrMorePath':
        return this.closure(node, '+', path.path, forward, constants);
      case 'nps': {
        // !(a|^b) comes as alt(nps(a), inv(nps(b))): each triple whose predicate is none of these, once (§18.2.2.3).
        const excluded = new Set(path.iris.map((i) => i.value));
        return this.link(node, undefined, forward, (q) => !excluded.has(q.predicate.value), true);
      }
      default:
        throw new Error(`unknown path operator ${(path as { type: string }).type}`);
    }
  }

  /** ALP: the nodes reached by zero (*, ?) or one (+) or more (not ?) steps, each once. */
  closure(start: RDF.Term, kind: '*' | '+' | '?', path: Path, forward: boolean, constants: ReadonlySet<string>): RDF.Term[] {
    const seen = new Map<string, RDF.Term>();
    if (kind !== '+' && (constants.has(termKey(start)) || this.isNode(start))) seen.set(termKey(start), start);
    if (kind === '?') {
      for (const next of this.step(start, path, forward)) seen.set(termKey(next), next);
      return [...seen.values()];
    }
    const queue = [start];
    while (queue.length) {
      for (const next of this.step(queue.pop()!, path, forward)) {
        const k = termKey(next);
        if (!seen.has(k)) {
          seen.set(k, next);
          queue.push(next);
        }
      }
    }
    return [...seen.values()];
  }

  /** Every subject and object of the graph, each once: where matches can start. */
  *nodes(): Iterable<RDF.Term> {
    const seen = new Set<string>();
    for (const q of this.data.readQuads(null, null, null, this.graph)) {
      for (const t of [q.subject, q.object]) {
        const k = termKey(t);
        if (!seen.has(k)) {
          seen.add(k);
          yield t;
        }
      }
    }
  }

  /** Whether the term is a subject or object in the graph. */
  isNode(t: RDF.Term): boolean {
    const k = termKey(t);
    let known = this.nodeCache.get(k);
    if (known === undefined) {
      known =
        !this.data.readQuads(t, null, null, this.graph)[Symbol.iterator]().next().done ||
        !this.data.readQuads(null, null, t, this.graph)[Symbol.iterator]().next().done;
      this.nodeCache.set(k, known);
    }
    return known;
  }

  /** One step inside a closure, where only which nodes are reached counts: distinct, and remembered. */
  private step(node: RDF.Term, path: Path, forward: boolean): RDF.Term[] {
    let id = this.ids.get(path);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(path, id);
    }
    const key = `${id} ${forward ? '>' : '<'} ${termKey(node)}`;
    let out = this.steps.get(key);
    if (!out) {
      out = distinct(this.ends(node, path, forward));
      this.steps.set(key, out);
    }
    return out;
  }

  /**
   * The other ends of the triples at `node` with a kept predicate. In the union of graphs a triple stated in several
   * graphs counts once, so matches are told apart by predicate and end.
   */
  private link(
    node: RDF.Term,
    predicate: RDF.NamedNode | undefined,
    forward: boolean,
    keep: (q: RDF.Quad) => boolean,
    anyPredicate: boolean,
  ): RDF.Term[] {
    const out = new Map<string, RDF.Term>();
    const quads = forward ? this.data.readQuads(node, predicate, null, this.graph) : this.data.readQuads(null, predicate, node, this.graph);
    for (const q of quads) {
      if (!keep(q)) continue;
      const end = forward ? q.object : q.subject;
      out.set(anyPredicate ? `${q.predicate.value} ${termKey(end)}` : termKey(end), end);
    }
    return [...out.values()];
  }
}

function distinct(terms: RDF.Term[]): RDF.Term[] {
  const seen = new Map<string, RDF.Term>();
  for (const t of terms) if (!seen.has(termKey(t))) seen.set(termKey(t), t);
  return [...seen.values()];
}
