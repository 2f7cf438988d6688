// The SPARQL a replica sends for the triple patterns a description reads: one query per round, terms bound with VALUES.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Parser, SelectQuery } from 'sparqljs';
import { StoreClient } from './storeClient';
import { DEFAULT_GRAPH, stagedGraph, UNION_GRAPH } from './catalog';
import { Answer, Pattern, patternKey } from './patternCache';
import { bnodeLabel, normaliseResults, rdfTerm } from './sparqlResults';
import { storeQueryText } from './storeTerms';

const VARS = ['s', 'p', 'o', 'sg'] as const;
const { namedNode, literal } = DataFactory;

/** The prefix of every graph name a version keeps its graphs under. */
function stagedPrefix(version: string): string {
  return stagedGraph(version, '');
}

/** The version's graphs, not its union (a copy of them all, under the same prefix). */
export const FENCE = 'FILTER(STRSTARTS(STR(?sg), "PREFIX") && ?sg != <urn:x-union>)';

/** Sets the fence's prefix and union (terms in the tree, not text). */
export function fence(node: { type: string }, version: string): void {
  if (node.type !== 'filter') return;
  const [starts, other] = (node as unknown as { expression: { args: Array<{ args: unknown[] }> } }).expression.args;
  starts.args[1] = literal(stagedPrefix(version));
  other.args[1] = namedNode(stagedGraph(version, UNION_GRAPH));
}

/**
 * A query template, parsed once: sparqljs builds the tree and writes the text; only terms go into its VALUES rows,
 * never text. `bound`: the variables the rows bind (?k, the pattern's number, first).
 */
function template(bound: string[], count: boolean, version: string): Record<string, unknown> {
  const graphBound = bound.includes('sg');
  const body = `VALUES (${bound.map((v) => `?${v}`).join(' ')}) { } GRAPH ?sg { ?s ?p ?o }${graphBound ? '' : ` ${FENCE}`}`;
  const text = count ? `SELECT ?k (COUNT(*) AS ?c) WHERE { ${body} } GROUP BY ?k` : `SELECT * WHERE { ${body} }`;
  const q = new Parser().parse(text) as SelectQuery;
  for (const node of q.where ?? []) fence(node, version);
  return q as unknown as Record<string, unknown>;
}

/** A term as the store can be asked about it: a blank node by Virtuoso's handle for it. */
function storeTerm(t: RDF.Term): RDF.Term {
  return t.termType === 'BlankNode' ? namedNode(`nodeID://${t.value}`) : t;
}

/** A term of the store's answer; a blank node keeps a label that says whether the store can be asked about it again. */
function answerTerm(raw: Record<string, string>, normal: Parameters<typeof rdfTerm>[0]): RDF.Term {
  // A blank node bound by its handle comes back as that handle, an IRI to Virtuoso: it is the blank node.
  const handle = raw.type === 'uri' && raw.value.startsWith('nodeID://');
  if (raw.type !== 'bnode' && !handle) return rdfTerm(normal);
  const label = bnodeLabel(raw.value);
  return DataFactory.blankNode(raw.value.startsWith('nodeID://') && /^b[0-9]+$/.test(label) ? label : `x${label}`);
}

/** Patterns per request: Virtuoso compiles a VALUES block into code of at most 32 KB ("SQ199"). */
const PER_REQUEST = 40;

/** Requests in flight at once for one round. */
const PARALLEL = 4;

/** Reads each pattern's whole answer from the version's graphs in the store, a few dozen patterns a request. */
export async function fetchPatterns(client: StoreClient, version: string, patterns: Pattern[]): Promise<Map<string, Answer>> {
  const out = new Map<string, Answer>();
  const groups: Pattern[][] = [];
  for (let i = 0; i < patterns.length; i += PER_REQUEST) groups.push(patterns.slice(i, i + PER_REQUEST));
  for (let i = 0; i < groups.length; i += PARALLEL) {
    const answers = await Promise.all(groups.slice(i, i + PARALLEL).map((g) => fetchGroup(client, version, g)));
    for (const a of answers) for (const [k, v] of a) out.set(k, v);
  }
  return out;
}

async function fetchGroup(client: StoreClient, version: string, patterns: Pattern[]): Promise<Map<string, Answer>> {
  const prefix = stagedPrefix(version);
  const groups = new Map<string, { bound: string[]; count: boolean; rows: Array<Record<string, RDF.Term>> }>();
  patterns.forEach((p, k) => {
    const bound = ['k', ...VARS.filter((_, i) => p.terms[i] !== undefined)];
    const id = `${p.kind} ${bound.join(' ')}`;
    let g = groups.get(id);
    if (!g) {
      g = { bound, count: p.kind === 'count', rows: [] };
      groups.set(id, g);
    }
    const row: Record<string, RDF.Term> = { '?k': literal(String(k)) };
    p.terms.forEach((t, i) => {
      if (!t) return;
      row[`?${VARS[i]}`] =
        i === 3 ? namedNode(stagedGraph(version, t.termType === 'DefaultGraph' ? DEFAULT_GRAPH : t.value)) : storeTerm(t);
    });
    g.rows.push(row);
  });
  const branches = [...groups.values()].map((g) => {
    const q = template(g.bound, g.count, version);
    const where = q.where as Array<{ type: string; values?: unknown[] }>;
    where.find((n) => n.type === 'values')!.values = g.rows;
    return { type: 'group', patterns: g.count ? [q] : where };
  });
  const top = new Parser().parse('SELECT ?k ?s ?p ?o ?sg ?c WHERE { }') as SelectQuery;
  top.where = [branches.length === 1 ? (branches[0] as never) : ({ type: 'union', patterns: branches } as never)];
  const res = await client.query(storeQueryText(top), 'application/sparql-results+json');
  const raw = JSON.parse(await res.text()) as { results?: { bindings?: Array<Record<string, Record<string, string>>> } };
  const normal = normaliseResults(raw);
  const answers = patterns.map((p): Answer => (p.kind === 'count' ? { count: 0 } : { quads: [] }));
  const rawRows = raw.results?.bindings ?? [];
  normal.results?.bindings.forEach((row, i) => {
    const k = Number(row.k?.value);
    const answer = answers[k];
    if (!answer) return;
    if (answer.count !== undefined) {
      answer.count = Number(row.c?.value ?? 0);
      return;
    }
    const sg = row.sg?.value ?? '';
    if (!sg.startsWith(prefix)) return;
    const g = decodeURIComponent(sg.slice(prefix.length));
    if (g === UNION_GRAPH) return;
    const term = (v: string) => answerTerm(rawRows[i][v], row[v]);
    answer.quads!.push(
      DataFactory.quad(
        term('s') as RDF.Quad_Subject,
        term('p') as RDF.Quad_Predicate,
        term('o') as RDF.Quad_Object,
        g === DEFAULT_GRAPH ? DataFactory.defaultGraph() : namedNode(g),
      ),
    );
  });
  return new Map(patterns.map((p, k) => [patternKey(p), answers[k]]));
}

/**
 * The subjects of the version whose IRI holds a '#', by the IRI before it, each namespace document among its terms
 * when it is a subject too: the index describe.ts's namespaceTerms builds by reading every quad.
 */
export async function hashNamespaceIndex(client: StoreClient, version: string): Promise<Map<string, Set<string>>> {
  const q = new Parser().parse(
    `SELECT DISTINCT ?s WHERE { GRAPH ?sg { ?s ?p ?o } ${FENCE} FILTER(isIRI(?s) && CONTAINS(STR(?s), "#")) }`,
  ) as SelectQuery;
  fence((q.where ?? [])[1], version);
  const byDoc = new Map<string, Set<string>>();
  for (const row of (await client.select(storeQueryText(q))).results?.bindings ?? []) {
    const s = row.s.value;
    const doc = s.slice(0, s.indexOf('#'));
    if (!byDoc.has(doc)) byDoc.set(doc, new Set());
    byDoc.get(doc)!.add(s);
  }
  if (byDoc.size === 0) return byDoc;
  const d = new Parser().parse(`SELECT DISTINCT ?s WHERE { VALUES ?s { } GRAPH ?sg { ?s ?p ?o } ${FENCE} }`) as SelectQuery;
  for (const n of d.where ?? []) {
    if (n.type === 'values') n.values = [...byDoc.keys()].map((doc) => ({ '?s': namedNode(doc) }));
    fence(n, version);
  }
  for (const row of (await client.select(storeQueryText(d))).results?.bindings ?? []) byDoc.get(row.s.value)?.add(row.s.value);
  return byDoc;
}
