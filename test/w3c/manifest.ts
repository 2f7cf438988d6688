// Reads the W3C SPARQL test manifests into a flat list of query-evaluation test cases.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Parser, Store } from 'n3';
import type * as RDF from '@rdfjs/types';

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const DAWGT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** The test types this runner evaluates; syntax, protocol and service-description tests are out of scope. */
export const EVALUATION_TYPES: ReadonlySet<string> = new Set([`${MF}QueryEvaluationTest`, `${MF}CSVResultFormatTest`]);

/** The SPARQL 1.1 category directories with query-evaluation tests (the suite's own query manifest is not shipped). */
export const SPARQL11_CATEGORIES = [
  'aggregates',
  'bind',
  'bindings',
  'cast',
  'construct',
  'exists',
  'functions',
  'grouping',
  'negation',
  'project-expression',
  'property-path',
  'subquery',
  'json-res',
  'csv-tsv-res',
] as const;

export interface TestCase {
  /** The test's IRI as the manifest names it (http://www.w3.org/...#name). */
  iri: string;
  name: string;
  /** `sparql10/<dir>` or `sparql11/<dir>`. */
  category: string;
  type: 'QueryEvaluationTest' | 'CSVResultFormatTest';
  /** file: URLs; each file's own IRI is its base when parsed. */
  query: string;
  data: string[];
  graphData: string[];
  result?: string;
  approval?: string;
  /** mf:requires features (local names, e.g. LangTagAwareness). */
  requires: string[];
  /** mf:LaxCardinality: REDUCED may return any cardinality between DISTINCT and ALL. */
  laxCardinality: boolean;
}

/** Root of the test suite: the subset vendored in `test/w3c/data/` (see its README), or W3C_TESTS, e.g. a full rdf-tests checkout. */
export function suiteRoot(repoRoot: string): string {
  return process.env.W3C_TESTS ?? path.join(repoRoot, 'test', 'w3c', 'data');
}

/** Every query-evaluation test of the SPARQL 1.0 evaluation manifest and the SPARQL 1.1 categories, in manifest order. */
export async function loadSuite(root: string): Promise<TestCase[]> {
  const sparql = path.join(root, 'sparql');
  const manifests = [
    ...(await includes(path.join(sparql, 'sparql10', 'manifest-evaluation.ttl'))),
    ...SPARQL11_CATEGORIES.map((c) => path.join(sparql, 'sparql11', c, 'manifest.ttl')),
  ];
  const tests: TestCase[] = [];
  for (const m of manifests) tests.push(...(await readManifest(m, sparql)));
  return tests;
}

async function parseTurtle(file: string): Promise<Store> {
  const text = await fs.readFile(file, 'utf8');
  return new Store(new Parser({ baseIRI: pathToFileURL(file).href }).parse(text));
}

/** The manifests a top-level manifest includes (mf:include list), as file paths. */
async function includes(file: string): Promise<string[]> {
  const store = await parseTurtle(file);
  return store
    .getObjects(null, `${MF}include`, null)
    .flatMap((head) => list(store, head))
    .map((t) => fileURLToPath(t.value));
}

async function readManifest(file: string, sparqlDir: string): Promise<TestCase[]> {
  const store = await parseTurtle(file);
  const category = path.relative(sparqlDir, path.dirname(file)).split(path.sep).join('/');
  // Some manifests name themselves `<>`, others `[]`: take every mf:entries list in the file.
  const entries = store.getObjects(null, `${MF}entries`, null).flatMap((head) => list(store, head));
  const out: TestCase[] = [];
  for (const entry of entries) {
    const type = store
      .getObjects(entry, `${RDF_NS}type`, null)
      .map((t) => t.value)
      .find((t) => EVALUATION_TYPES.has(t));
    if (!type) continue;
    const one = (s: RDF.Term, p: string) => store.getObjects(s, p, null)[0];
    const action = one(entry, `${MF}action`);
    const query = action && one(action, `${QT}query`);
    if (!query) throw new Error(`${entry.value}: no qt:query`);
    out.push({
      iri: entry.value,
      name: one(entry, `${MF}name`)?.value ?? entry.value,
      category,
      type: type.slice(MF.length) as TestCase['type'],
      query: query.value,
      data: store
        .getObjects(action, `${QT}data`, null)
        .map((t) => t.value)
        .sort(),
      graphData: store
        .getObjects(action, `${QT}graphData`, null)
        .map((t) => t.value)
        .sort(),
      result: one(entry, `${MF}result`)?.value,
      approval: one(entry, `${DAWGT}approval`)?.value.replace(DAWGT, ''),
      requires: store.getObjects(entry, `${MF}requires`, null).map((t) => t.value.replace(MF, '')),
      laxCardinality: store.getObjects(entry, `${MF}resultCardinality`, null).some((t) => t.value === `${MF}LaxCardinality`),
    });
  }
  return out;
}

/** The members of an RDF collection. */
function list(store: Store, head: RDF.Term): RDF.Term[] {
  const out: RDF.Term[] = [];
  for (let node = head; node.value !== `${RDF_NS}nil`; ) {
    const first = store.getObjects(node, `${RDF_NS}first`, null)[0];
    const rest = store.getObjects(node, `${RDF_NS}rest`, null)[0];
    if (!first || !rest) throw new Error(`broken RDF list at ${node.value}`);
    out.push(first);
    node = rest;
  }
  return out;
}
