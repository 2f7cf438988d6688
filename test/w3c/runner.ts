// Runs one W3C query-evaluation test through the endpoint's own path: over HTTP to the app, the body parsed back, compared.
import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Parser as SparqlParser, SelectQuery } from 'sparqljs';
import { formatForFile } from '../../src/rdf/formats';
import { parseRdf } from '../../src/rdf/parse';
import { Dataset } from '../../src/store/dataset';
import { parseQuery, walkAlgebra } from '../../src/sparql/syntax';
import { compareResults, CompareOptions } from './compare';
import type { TestCase } from './manifest';
import type { W3cEndpoint } from './endpoint';
import { parseResultFile, parseResults, Results } from './results';

export interface Outcome {
  test: TestCase;
  pass: boolean;
  /** Why it failed, prefixed by the result format that showed it. */
  reason?: string;
  /** Media types the answer was serialised in and parsed back from. */
  formats: string[];
}

export interface RunOptions {
  /** IRI prefix of the suite's files, so that FROM <file> counts as a local graph. */
  suiteBase: string;
  /** The endpoint that answers, over HTTP: the product's app, with the test's dataset swapped in. */
  endpoint: W3cEndpoint;
}

const JSON_RESULTS = 'application/sparql-results+json';
const XML_RESULTS = 'application/sparql-results+xml';
const TSV_RESULTS = 'text/tab-separated-values';

/**
 * Which serialisations to check: the one a result-format test is about; else every lossless one the form has
 * (CSV drops datatypes and languages, so only the CSV tests use it).
 */
function formatsFor(kind: Results['kind'], resultFile: string): string[] {
  if (kind === 'graph') return ['text/turtle', 'application/n-triples'];
  if (resultFile.endsWith('.srj')) return [JSON_RESULTS];
  if (resultFile.endsWith('.tsv')) return [TSV_RESULTS];
  if (resultFile.endsWith('.csv')) return ['text/csv'];
  return kind === 'boolean' ? [JSON_RESULTS, XML_RESULTS] : [JSON_RESULTS, XML_RESULTS, TSV_RESULTS];
}

export async function runTest(test: TestCase, opts: RunOptions): Promise<Outcome> {
  const formats: string[] = [];
  const fail = (reason: string): Outcome => ({ test, pass: false, reason, formats });
  try {
    if (!test.result) return fail('the manifest gives no expected result');
    // The query's base IRI is its own location (so FROM <data.ttl> names the file beside it): say so in the text.
    const text = `BASE <${test.query}>\n${await fs.readFile(fileURLToPath(test.query), 'utf8')}`;
    const { from, query } = readQuery(text);
    await opts.endpoint.serve(await buildDataset(test, from, opts.suiteBase));
    const expected = await parseResultFile(await fs.readFile(fileURLToPath(test.result), 'utf8'), test.result);
    const compare: CompareOptions = { order: query ? orderOf(query, expected) : 'none', lax: test.laxCardinality };
    for (const mediaType of formatsFor(expected.kind, test.result)) {
      formats.push(mediaType);
      const answer = await opts.endpoint.query(text, mediaType);
      if (answer.status !== 200) return fail(`[${mediaType}] HTTP ${answer.status}: ${answer.body.split('\n')[0]}`);
      if (!answer.contentType.startsWith(mediaType)) return fail(`[${mediaType}] answered as ${answer.contentType}`);
      let actual: Results;
      try {
        actual = await parseResults(answer.body, mediaType, 'urn:x-result:');
      } catch (e) {
        return fail(`[${mediaType}] the body does not parse back: ${(e as Error).message}`);
      }
      const reason = compareResults(expected, actual, compare);
      if (reason) return fail(`[${mediaType}] ${reason}`);
    }
    return { test, pass: true, formats };
  } catch (e) {
    return fail(`runner error: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * FROM / FROM NAMED IRIs, read with the endpoint's parser; and the query in sparqljs's shape for its ORDER BY keys,
 * when sparqljs can read it (it crashes on a few valid queries, RubenVerborgh/SPARQL.js#164).
 */
function readQuery(text: string): { from: string[]; query?: SelectQuery } {
  const from: string[] = [];
  walkAlgebra(parseQuery(text).algebra, (o) => {
    if (o.type === 'from')
      from.push(...[...(o.default as Array<{ value: string }>), ...(o.named as Array<{ value: string }>)].map((n) => n.value));
  });
  try {
    return { from, query: new SparqlParser().parse(text) as SelectQuery };
  } catch {
    return { from };
  }
}

/**
 * The test's RDF dataset: qt:data files merged into the default graph; qt:graphData files, and files the query
 * names in FROM / FROM NAMED, as named graphs called by their file IRI (the query's FROM then picks among them).
 */
async function buildDataset(test: TestCase, fromIris: readonly string[], suiteBase: string): Promise<Dataset> {
  const quads: RDF.Quad[] = [];
  for (const file of test.data) quads.push(...(await readRdf(file)));
  const named = new Set([...test.graphData, ...fromIris.filter((iri) => iri.startsWith('file:'))]);
  for (const file of named) {
    const g = DataFactory.namedNode(file);
    for (const q of await readRdf(file)) quads.push(DataFactory.quad(q.subject, q.predicate, q.object, g));
  }
  return new Dataset(quads, {
    baseIri: suiteBase,
    files: [...test.data, ...named],
    contexts: new Map(),
    sources: new Map(),
    version: test.iri,
    loadedAt: new Date(0),
  });
}

async function readRdf(fileUrl: string): Promise<RDF.Quad[]> {
  const format = formatForFile(fileUrl);
  if (!format) throw new Error(`no RDF format for ${fileUrl}`);
  return parseRdf(await fs.readFile(fileURLToPath(fileUrl), 'utf8'), { format, baseIri: fileUrl, file: fileUrl });
}

/**
 * Order matters only under a top-level ORDER BY. Plain variable keys let solutions that tie on them come in any
 * order; expression keys, or keys not in the results, cannot be recomputed here, so then every position must match.
 */
function orderOf(query: SelectQuery, expected: Results): CompareOptions['order'] {
  if (!query.order?.length) return 'none';
  const vars = query.order.map((o) => o.expression as { termType?: string; value?: string });
  const known = expected.kind === 'bindings' ? expected.variables : [];
  if (vars.every((v) => v.termType === 'Variable' && known.includes(v.value!))) return vars.map((v) => v.value!);
  return 'strict';
}

/** The suite root as a file IRI ending in '/'. */
export function suiteBaseIri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}
