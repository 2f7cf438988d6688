// Seeded graph patterns: triple patterns with any mix of constants, variables and blank nodes, property paths,
// and the group patterns around them (OPTIONAL, UNION, MINUS, GRAPH, FILTER, BIND, VALUES, subqueries).
import type * as RDF from '@rdfjs/types';
import { Random } from '../../bench/random';
import type { GeneratedDataset } from './dataset';
import { Expressions } from './expressions';
import { CLASSES, LITERALS, PREDICATE_LIST, PREDICATES, predicateText, SUBJECTS, termText } from './vocabulary';

export interface Pattern {
  text: string;
  /** Variables the pattern may bind (in scope after it). */
  vars: Set<string>;
}

export const VARIABLES = ['a', 'b', 'c', 'd', 'e'];

export class Patterns {
  readonly exprs: Expressions;
  /** Fresh names for BIND targets and subquery results, unique within a query. */
  private fresh = 0;
  /** How many GRAPH blocks the pattern being written is inside. */
  private graphDepth = 0;

  constructor(
    private readonly rng: Random,
    private readonly ds: GeneratedDataset,
  ) {
    this.exprs = new Expressions(rng, ds, (vars) => this.group(2, vars).text);
  }

  freshVar(prefix = 'x'): string {
    return `${prefix}${this.fresh++}`;
  }

  /** A variable: usually one already in scope, so that patterns join rather than multiply. */
  variable(scope: ReadonlySet<string>, used: Set<string>): string {
    const known = [...scope, ...used];
    const v = known.length && this.rng.chance(0.7) ? this.rng.pick(known) : this.rng.pick(VARIABLES);
    used.add(v);
    return `?${v}`;
  }

  /** A constant node: a subject of the data, or sometimes a class or an IRI the data lacks. */
  node(): string {
    const r = this.rng;
    const iris = this.ds.subjects.filter((s): s is RDF.NamedNode => s.termType === 'NamedNode');
    if (r.chance(0.1)) return termText(r.pick([...SUBJECTS, ...CLASSES]));
    return termText(iris.length ? r.pick(iris) : r.pick(SUBJECTS));
  }

  /**
   * A constant object: what the data holds, sometimes what it lacks, sometimes in SPARQL's shorthand. Only spellings
   * of the stored terms themselves: "7.0" or "2.5e0" are other RDF terms than the stored "7"^^xsd:decimal and
   * "2.5"^^xsd:double (RDF 1.1 Concepts §3.3), which oxigraph matches anyway because it stores values, and whether
   * "chat"@EN matches "chat"@en is up to the store (§3.3 lets it lower-case tags), so neither is generated.
   */
  objectConstant(): string {
    const r = this.rng;
    const roll = r.next();
    if (roll < 0.6 && this.ds.objects.length) {
      const o = r.pick(this.ds.objects);
      return o.termType === 'BlankNode' ? this.node() : termText(o);
    }
    if (roll < 0.78) return termText(r.pick(LITERALS));
    if (roll < 0.9) return r.pick(['1', '2', '-3', '10', '5.5', '-0.25', 'true', 'false']);
    return this.node();
  }

  /**
   * One triple pattern. `bnode` names a blank node that may appear in several patterns of the same basic graph
   * pattern (a query may not share one label between two of them).
   */
  triple(scope: ReadonlySet<string>, used: Set<string>, bnode?: string): string {
    const r = this.rng;
    const s = r.chance(0.6) ? this.variable(scope, used) : r.chance(0.6) ? this.node() : bnode && r.chance(0.6) ? bnode : '[]';
    const p = r.chance(0.25) ? this.variable(scope, used) : predicateText(r.pick(PREDICATE_LIST));
    const o = r.chance(0.5) ? this.variable(scope, used) : bnode && r.chance(0.15) ? bnode : this.objectConstant();
    return `${s} ${p} ${o}`;
  }

  /**
   * A property path between two ends (a variable or a term of the data at either). Not a term the data lacks, nor
   * any constant inside GRAPH: a zero-length path joins a term the query names to itself even outside the graph
   * (SPARQL 1.1 §18.4, W3C property-path/zero_or_more_set_start), which oxigraph does not (docs/differential.md).
   */
  path(scope: ReadonlySet<string>, used: Set<string>): string {
    const r = this.rng;
    const p = () => termText(r.chance(0.5) ? PREDICATES.link : r.pick(PREDICATE_LIST));
    const link = termText(PREDICATES.link);
    const path = r.pick([
      () => `${link}${r.pick(['*', '+', '?'])}`,
      () => `${p()}/${p()}`,
      () => `${p()}|${p()}`,
      () => `^${p()}`,
      () => `(${link}/${link})*`,
      () => `!${p()}`,
      () => `!(${p()}|^${p()})`,
      () => `${link}/^${link}`,
      () => `(${p()}|^${link})+`,
      () => `^(${link}*)`,
      () => `${p()}?/${link}`,
    ])();
    const constant = () => {
      const terms = [...this.ds.subjects, ...this.ds.objects].filter((t) => t.termType !== 'BlankNode');
      return this.graphDepth || !terms.length ? this.variable(scope, used) : termText(r.pick(terms));
    };
    const s = r.chance(0.7) ? this.variable(scope, used) : constant();
    const o = r.chance(0.75) ? this.variable(scope, used) : constant();
    return `${s} ${path} ${o}`;
  }

  /** A basic graph pattern of 1–3 triple patterns (and sometimes a path). */
  bgp(scope: ReadonlySet<string>, n = this.rng.int(1, 3), paths = true): Pattern {
    const used = new Set<string>();
    const bnode = this.rng.chance(0.3) ? `_:${this.freshVar('j')}` : undefined;
    const parts = Array.from({ length: n }, () =>
      paths && this.rng.chance(0.15)
        ? this.path(new Set([...scope, ...used]), used)
        : this.triple(new Set([...scope, ...used]), used, bnode),
    );
    return { text: parts.join(' . '), vars: used };
  }

  /** A group graph pattern `{ … }`, nested up to `depth` 2. */
  group(depth: number, outer: Iterable<string> = []): Pattern {
    const r = this.rng;
    const scope = new Set<string>();
    const visible = () => new Set([...outer, ...scope]);
    const elements: string[] = [];
    const count = depth >= 2 ? 1 : r.int(1, 3);
    for (let i = 0; i < count; i++) {
      const roll = r.next();
      const deeper = depth < 2;
      let el: Pattern;
      if (i === 0 || roll < 0.45 || !deeper) el = this.bgp(visible());
      else if (roll < 0.58) {
        const g = this.group(depth + 1, visible());
        el = { text: `OPTIONAL ${g.text}`, vars: g.vars };
      } else if (roll < 0.66) {
        const a = this.group(depth + 1, visible());
        const b = this.group(depth + 1, visible());
        el = { text: `${a.text} UNION ${b.text}`, vars: new Set([...a.vars, ...b.vars]) };
      } else if (roll < 0.72) el = { text: `MINUS ${this.group(depth + 1, visible()).text}`, vars: new Set() };
      else if (roll < 0.79) el = this.graph(depth, visible());
      else if (roll < 0.86) el = { text: `FILTER(${this.exprs.condition([...visible()])})`, vars: new Set() };
      else if (roll < 0.91) {
        const v = this.freshVar();
        el = { text: `BIND(${this.exprs.value([...scope])} AS ?${v})`, vars: new Set([v]) };
      } else if (roll < 0.96) el = this.values([...visible()]);
      else el = this.subquery(depth);
      // Triple blocks need a '.' before whatever follows them.
      elements.push(el.text.startsWith('{') || /^[A-Z]+[ (]/.test(el.text) ? el.text : `${el.text} .`);
      for (const v of el.vars) scope.add(v);
    }
    return { text: `{ ${elements.join(' ')} }`, vars: scope };
  }

  private graph(depth: number, scope: ReadonlySet<string>): Pattern {
    const r = this.rng;
    this.graphDepth++;
    const inner = this.group(depth + 1, scope);
    this.graphDepth--;
    if (r.chance(0.65)) {
      const g = r.chance(0.8) ? 'g' : this.freshVar('g');
      return { text: `GRAPH ?${g} ${inner.text}`, vars: new Set([...inner.vars, g]) };
    }
    const name = this.ds.graphs.length && r.chance(0.85) ? r.pick(this.ds.graphs).value : 'http://example.org/graph/absent';
    return { text: `GRAPH <${name}> ${inner.text}`, vars: inner.vars };
  }

  private values(scope: readonly string[]): Pattern {
    const r = this.rng;
    const vars = [
      ...new Set(Array.from({ length: r.int(1, 2) }, () => (scope.length && r.chance(0.7) ? r.pick(scope) : r.pick(VARIABLES)))),
    ];
    const cell = () => (r.chance(0.15) ? 'UNDEF' : r.chance(0.5) ? this.node() : this.objectConstant());
    const rows = Array.from({ length: r.int(0, 3) }, () => (vars.length === 1 ? cell() : `(${vars.map(cell).join(' ')})`));
    const head = vars.length === 1 ? `?${vars[0]}` : `(${vars.map((v) => `?${v}`).join(' ')})`;
    return { text: `VALUES ${head} { ${rows.join(' ')} }`, vars: new Set(vars) };
  }

  /** A subquery: grouped and counted, or DISTINCT; never sliced, since an unordered slice has no single answer. */
  private subquery(depth: number): Pattern {
    const r = this.rng;
    const inner = this.group(Math.max(depth + 1, 1), []);
    const vars = [...inner.vars];
    if (!vars.length) return inner;
    const key = r.pick(vars);
    if (r.chance(0.5)) {
      const n = this.freshVar('n');
      return { text: `{ SELECT ?${key} (COUNT(*) AS ?${n}) WHERE ${inner.text} GROUP BY ?${key} }`, vars: new Set([key, n]) };
    }
    return { text: `{ SELECT DISTINCT ?${key} WHERE ${inner.text} }`, vars: new Set([key]) };
  }
}

/** A filter that makes ?v hold only numbers, so that MIN, MAX and ORDER BY over it are fixed by the spec. */
export function numericOnly(v: string): string {
  return `FILTER(isNumeric(?${v}))`;
}
