// Property path expressions evaluated over one graph of the store, as SPARQL 1.1 §18.4 defines them.
import type * as RDF from '@rdfjs/types';
import type * as S from 'sparqljs';
import { termKey } from './triples';

export type Path = S.PropertyPath | RDF.NamedNode;
export const isPath = (p: Path): p is S.PropertyPath => (p as { type?: string }).type === 'path';

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

  constructor(private readonly data: QuadReader, private readonly graph: RDF.Term | undefined) {}

  /** The ends of every match of `path` from `node` (backwards: the starts of those ending there), with multiplicity. */
  ends(node: RDF.Term, path: Path, forward: boolean, constants: ReadonlySet<string> = NONE): RDF.Term[] {
    if (!isPath(path)) return this.link(node, path, forward, () => true, false);
    switch (path.pathType) {
      case '^': return this.ends(node, path.items[0], !forward, constants);
      case '|': return path.items.flatMap((item) => this.ends(node, item, forward, constants));
      case '/': {
        const items = forward ? path.items : [...path.items].reverse();
        // Only the first step starts at the path's own end; the others start at intermediate nodes.
        return items.reduce<RDF.Term[]>((from, item, i) => from.flatMap((n) => this.ends(n, item, forward, i === 0 ? constants : NONE)), [node]);
      }
      case '?': case '*': case '+': return this.closure(node, path.pathType, path.items[0], forward, constants);
      case '!': {
        // !(a|^b) is NPS(a) and the inverse of NPS(b), each present only if it has members (§18.2.2.3).
        const first = path.items[0] as Path; // sparqljs writes !(a|^b) with an alternative inside; its types say otherwise
        const members: Path[] = isPath(first) && first.pathType === '|' ? first.items : path.items;
        const inverse = (m: Path) => isPath(m) && m.pathType === '^';
        const excluded = (list: Path[]) => new Set(list.map((m) => (isPath(m) ? (m.items[0] as RDF.NamedNode) : m).value));
        const notIn = (set: Set<string>) => (q: RDF.Quad) => !set.has(q.predicate.value);
        const fwd = members.filter((m) => !inverse(m));
        const inv = members.filter(inverse);
        return [
          ...(fwd.length ? this.link(node, undefined, forward, notIn(excluded(fwd)), true) : []),
          ...(inv.length ? this.link(node, undefined, !forward, notIn(excluded(inv)), true) : []),
        ];
      }
      default: throw new Error(`unknown path operator ${(path as { pathType: string }).pathType}`);
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
        if (!seen.has(k)) { seen.set(k, next); queue.push(next); }
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
        if (!seen.has(k)) { seen.add(k); yield t; }
      }
    }
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

  /** One step inside a closure, where only which nodes are reached counts: distinct, and remembered. */
  private step(node: RDF.Term, path: Path, forward: boolean): RDF.Term[] {
    let id = this.ids.get(path);
    if (id === undefined) { id = this.ids.size; this.ids.set(path, id); }
    const key = `${id} ${forward ? '>' : '<'} ${termKey(node)}`;
    let out = this.steps.get(key);
    if (!out) { out = distinct(this.ends(node, path, forward)); this.steps.set(key, out); }
    return out;
  }

  /**
   * The other ends of the triples at `node` with a kept predicate. In the union of graphs a triple stated in several
   * graphs counts once, so matches are told apart by predicate and end.
   */
  private link(node: RDF.Term, predicate: RDF.NamedNode | undefined, forward: boolean, keep: (q: RDF.Quad) => boolean, anyPredicate: boolean): RDF.Term[] {
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
