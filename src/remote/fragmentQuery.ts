// A Triple Pattern Fragment's page read from a version's graphs in the store: a COUNT, then the page in a stable order.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Parser, SelectQuery } from 'sparqljs';
import type { FragmentPage, FragmentSource, GraphOptions } from '../fragments/fragment';
import { Position, Selector, skolemize } from '../fragments/selector';
import { termKey } from '../rdf/termKey';
import { StoreClient } from './storeClient';
import { CATALOG_GRAPH, DEFAULT_GRAPH, FL, stagedGraph, UNION_GRAPH, versionIri } from './catalog';
import { PatternCache } from './patternCache';
import { normaliseResults, rdfTerm } from './sparqlResults';
import { NeedsWholeVersion } from './versionReader';
import { FENCE, fence } from './patternQuery';
import { addressable, storable, storeQueryText } from './storeTerms';

const { namedNode, quad, defaultGraph } = DataFactory;
const VAR: Record<Exclude<Position, 'graph'>, string> = { subject: 's', predicate: 'p', object: 'o' };
const TRIPLE: Array<Exclude<Position, 'graph'>> = ['subject', 'predicate', 'object'];

/**
 * The order of a page in the store: by graph (with a graph variable), then subject, predicate, object, as the store's
 * ORDER BY orders terms (Virtuoso's is not quite SPARQL 1.1 §15.1's, and its `>` disagrees with it: no keyset paging,
 * docs/store.md). Not the embedded backend's index order, which no store can reproduce: both backends
 * page the same matches, the same number a page, and their pages together hold the same triples (docs/store.md).
 */
const ORDER = ['sg', 's', 'p', 'o'];

/** The selector as the store can be asked about it, or why nothing in the store can match it. */
interface Asked {
  /** Variable name per triple position (a repeated TPF variable shares one). */
  vars: Record<Exclude<Position, 'graph'>, string>;
  /** The VALUES row: each bound position's term as the store holds it. */
  row: Record<string, RDF.Term>;
  /** The version's graphs, not its union, when the graph is a variable. */
  fenced: boolean;
  /**
   * The variable a graph variable repeated in the triple shares with it (`graph=?x&subject=?x`): bound to the record's
   * name of each staged graph by the catalog's `fl:copyOf`, a join in the store rather than a comparison of names.
   */
  tied?: string;
  /** Why no triple of the store can match, when none can. */
  empty?: string;
}

/**
 * The fragments of one version in the store: each count and page one bounded query against the version's own graphs
 * (`urn:forum-ld:version:V:graph:…`), terms bound in a VALUES row built by sparqljs; answers cached per version,
 * least recently used dropped first, within a byte bound.
 */
export class StoreFragments implements FragmentSource {
  private readonly cache: PatternCache;
  private readonly counting = new Map<string, Promise<number>>();
  /** Store round trips made (for tests). */
  requests = 0;

  constructor(
    private readonly client: StoreClient,
    private readonly version: string,
    cacheBytes: number,
    /** Whether the catalog names each staged graph's record graph (`fl:copyOf`; not in versions published before it). */
    private readonly copiesKnown = true,
  ) {
    this.cache = new PatternCache(cacheBytes);
  }

  /** Bytes of answers held now (bounded by cacheBytes). */
  get heldBytes(): number {
    return this.cache.bytes;
  }

  /** The exact number of matches (triples of the union counted once, as the embedded backend counts them). */
  count(sel: Selector, graphs: GraphOptions): Promise<number> {
    const asked = this.ask(sel, graphs);
    if (asked.empty) return Promise.resolve(0);
    const key = `count ${selectorKey(sel, graphs)}`;
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit.count!);
    // One query for requests that ask at once (the first page asks for its count and its triples together).
    let pending = this.counting.get(key);
    if (!pending) {
      this.requests++;
      pending = this.client
        .select(storeQueryText(this.query(asked, true)))
        .then((raw) => {
          const count = Number(normaliseResults(raw).results?.bindings[0]?.c?.value ?? 0);
          this.cache.set(key, { count });
          return count;
        })
        .finally(() => this.counting.delete(key));
      this.counting.set(key, pending);
    }
    return pending;
  }

  /**
   * Page `page` (from 1) of `pageSize` matches, blank nodes as skolem IRIs under `base`, as selectFragment gives it.
   * The first page is asked for with its count at once; a later one only once the count says it exists (a page far
   * past the end would cost the store a sort of everything before it).
   */
  async page(sel: Selector, page: number, pageSize: number, base: string, graphs: GraphOptions): Promise<FragmentPage> {
    const skip = (page - 1) * pageSize;
    const asked = this.ask(sel, graphs);
    const key = `page ${page} ${pageSize} ${selectorKey(sel, graphs)}`;
    const rows = async (): Promise<RDF.Quad[]> => {
      const hit = this.cache.get(key);
      if (hit) return hit.quads!;
      const quads = await this.rows(sel, asked, skip, pageSize, base);
      this.cache.set(key, { quads });
      return quads;
    };
    const [total, quads] =
      asked.empty || page > 1 ? [await this.count(sel, graphs), undefined] : await Promise.all([this.count(sel, graphs), rows()]);
    const out: FragmentPage = { total, page, pageSize, hasNext: skip + pageSize < total, quads: [] };
    if (asked.empty || skip >= total) return out;
    return { ...out, quads: quads ?? (await rows()) };
  }

  /** The page's quads from the store. */
  private async rows(sel: Selector, asked: Asked, skip: number, pageSize: number, base: string): Promise<RDF.Quad[]> {
    const q = this.query(asked, false);
    q.order = ORDER.filter((v) => v !== 'sg' || asked.fenced).map((v) => ({ expression: DataFactory.variable(v) }));
    q.limit = pageSize;
    if (skip) q.offset = skip;
    this.requests++;
    const res = normaliseResults(await this.client.select(storeQueryText(q)));
    const quads: RDF.Quad[] = [];
    const prefix = stagedGraph(this.version, '');
    for (const row of res.results?.bindings ?? []) {
      const term = (pos: Exclude<Position, 'graph'>) => {
        const bound = sel[pos];
        const t = bound ?? rdfTerm(row[asked.vars[pos]]);
        return skolemize(t, base);
      };
      let graph: RDF.Quad_Graph = defaultGraph();
      if (sel.graph.kind === 'named') graph = skolemize(sel.graph.term, base) as RDF.Quad_Graph;
      else if (sel.graph.kind === 'any') {
        const g = decodeURIComponent((row.sg?.value ?? '').slice(prefix.length));
        graph = g === DEFAULT_GRAPH ? defaultGraph() : namedNode(g);
      }
      quads.push(
        quad(term('subject') as RDF.Quad_Subject, term('predicate') as RDF.Quad_Predicate, term('object') as RDF.Quad_Object, graph),
      );
    }
    return quads;
  }

  /** How the selector is put to the store (see Asked). */
  private ask(sel: Selector, graphs: GraphOptions): Asked {
    const vars = { ...VAR };
    const row: Record<string, RDF.Term> = {};
    const asked: Asked = { vars, row, fenced: sel.graph.kind === 'any' };
    if (sel.impossible) return { ...asked, empty: sel.impossible };
    for (const group of sel.same) {
      const triple = group.filter((pos): pos is Exclude<Position, 'graph'> => pos !== 'graph');
      for (const pos of triple.slice(1)) vars[pos] = VAR[triple[0]];
      if (triple.length === group.length) continue;
      // The graph's staged name is not the term the triple holds: the catalog pairs them (read whole without it).
      if (!this.copiesKnown)
        throw new NeedsWholeVersion('a graph variable repeated in the triple pattern, over a catalog without fl:copyOf');
      asked.tied = VAR[triple[0]];
      row['?ver'] = namedNode(versionIri(this.version));
      row['?dg'] = namedNode(stagedGraph(this.version, DEFAULT_GRAPH));
    }
    for (const pos of TRIPLE) {
      const t = sel[pos];
      if (!t) continue;
      const stored = storeTerm(t);
      if (!stored) return { ...asked, empty: `${termKey(t)} is not held by the store` };
      row[`?${VAR[pos]}`] = stored;
    }
    const g = sel.graph;
    if (g.kind === 'named') {
      if (g.term.termType !== 'NamedNode' || !storable(g.term.value)) return { ...asked, empty: 'no such graph' };
      row['?sg'] = namedNode(stagedGraph(this.version, g.term.value));
    } else if (g.kind === 'default') {
      row['?sg'] = namedNode(stagedGraph(this.version, graphs.union ? UNION_GRAPH : DEFAULT_GRAPH));
    }
    return asked;
  }

  /** The count or page query: a VALUES row, the pattern in its graph, and the fence or the catalog's pairs of a graph variable; terms in the tree. */
  private query(asked: Asked, count: boolean): SelectQuery {
    const bound = Object.keys(asked.row);
    const { s, p, o } = { s: asked.vars.subject, p: asked.vars.predicate, o: asked.vars.object };
    const values = bound.length ? `VALUES (${bound.join(' ')}) { } ` : '';
    // Tied: the record's named graphs of this version, each with its name as the record has it (the union is not among them).
    const fenced = asked.tied
      ? ` GRAPH <${CATALOG_GRAPH}> { ?ver <${FL.staged}> ?sg . ?sg <${FL.copyOf}> ?${asked.tied} } FILTER(?sg != ?dg)`
      : asked.fenced
        ? ` ${FENCE}`
        : '';
    const body = `${values}GRAPH ?sg { ?${s} ?${p} ?${o} }${fenced}`;
    const q = new Parser().parse(count ? `SELECT (COUNT(*) AS ?c) WHERE { ${body} }` : `SELECT * WHERE { ${body} }`) as SelectQuery;
    for (const node of q.where ?? []) {
      if (node.type === 'values') node.values = [asked.row as never];
      else if (!asked.tied) fence(node, this.version);
    }
    return q;
  }
}

/** A cache key for the selector (terms by their N-Triples form, never confused with one another). */
function selectorKey(sel: Selector, graphs: GraphOptions): string {
  const g = sel.graph.kind === 'named' ? termKey(sel.graph.term) : sel.graph.kind;
  return JSON.stringify([TRIPLE.map((p) => (sel[p] ? termKey(sel[p]) : '')), g, sel.same, graphs.union]);
}

/** A term as the store holds it: a blank node by Virtuoso's handle; undefined when the store can hold no such term. */
function storeTerm(t: RDF.Term): RDF.Term | undefined {
  if (t.termType === 'BlankNode') return addressable(t) ? namedNode(`nodeID://${t.value}`) : undefined;
  if (t.termType === 'NamedNode') return storable(t.value) ? t : undefined;
  return t;
}
