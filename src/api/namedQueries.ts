// Named queries: SPARQL files with grlc-style `#+` decorators, loaded and checked like data files, and listed.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Generator, Parser, SparqlQuery } from 'sparqljs';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type * as RDF from '@rdfjs/types';
import { analyzeQuery } from '../sparql/analyze';
import { QueryError } from '../sparql/queryError';
import type { QueryForm } from '../sparql/comunica/engine';
import type { Problem } from '../rdf/problem';
import {
  MAX_PAGE_SIZE,
  PAGE_PARAMS,
  PARAM_TYPES,
  ParamSpec,
  ParamType,
  ParameterError,
  parseParamValue,
  type Page,
} from './queryParameters';

export interface NamedQuery {
  /** The file's base name; served at /api/{name}. */
  readonly name: string;
  readonly file: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params: readonly ParamSpec[];
  /** Default page size; present when the query is paginated with `limit` and `offset`. */
  readonly pagination?: number;
  readonly form: QueryForm;
  /** The query as run: relative IRIs resolved against the base, decorators dropped. */
  readonly text: string;
  /** Variables a SELECT projects, in order (empty for `SELECT *` and the other forms). */
  readonly variables: readonly string[];
}

export interface NamedQueryLoad {
  queries: NamedQuery[];
  problems: Problem[];
  files: Array<{ file: string; text: string }>;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const TOP_KEYS = ['summary', 'description', 'tags', 'params', 'pagination'];
const PARAM_KEYS = ['type', 'required', 'default', 'example', 'description', 'enum', 'minimum', 'maximum'];

/** Loads every `*.rq` file of a folder (sorted); a missing folder is no named queries. */
export async function loadNamedQueries(dir: string, baseIri: string): Promise<NamedQueryLoad> {
  const read = await readNamedQueryFiles(dir);
  const parsed = parseNamedQueryFiles(read.files, baseIri);
  return { queries: parsed.queries, problems: [...read.problems, ...parsed.problems], files: read.files };
}

/** The texts of every `*.rq` file of a folder (sorted), not yet parsed; a missing folder is none. */
export async function readNamedQueryFiles(dir: string): Promise<Pick<NamedQueryLoad, 'files' | 'problems'>> {
  const out: Pick<NamedQueryLoad, 'files' | 'problems'> = { problems: [], files: [] };
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.rq')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    out.problems.push({ severity: 'violation', file: dir, message: `cannot read the query folder: ${(e as Error).message}` });
    return out;
  }
  for (const n of names) {
    const full = path.join(dir, n);
    out.files.push({ file: full, text: await fs.readFile(full, 'utf8') });
  }
  return out;
}

/** Parses the files readNamedQueryFiles read, in order. */
export function parseNamedQueryFiles(files: NamedQueryLoad['files'], baseIri: string): Pick<NamedQueryLoad, 'queries' | 'problems'> {
  const out: Pick<NamedQueryLoad, 'queries' | 'problems'> = { queries: [], problems: [] };
  for (const { file, text } of files) {
    const r = parseNamedQuery(relative(file), text, baseIri);
    out.problems.push(...r.problems);
    if (r.query) out.queries.push(r.query);
  }
  return out;
}

/** Parses one query file: decorators, then the SPARQL; every problem carries the file and line. */
export function parseNamedQuery(file: string, text: string, baseIri: string): { query?: NamedQuery; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (message: string, line?: number, column?: number) =>
    problems.push({ severity: 'violation', file, line, column, message });
  const name = path.basename(file, '.rq');
  if (!NAME.test(name)) problem(`the file name "${name}" cannot name a query: use lower-case letters, digits and hyphens`);

  // The decorators: every line starting with `#+`, as one YAML document, remembering each line's place in the file.
  const lines = text.split('\n');
  const yamlLines: string[] = [];
  const fileLine: number[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*#\+ ?(.*)$/.exec(l);
    if (m) {
      yamlLines.push(m[1]);
      fileLine.push(i + 1);
    }
  });
  if (!yamlLines.length) {
    problem('no decorators: start the file with `#+ summary: …` (see docs/api.md)', 1);
    return { problems };
  }
  const counter = new LineCounter();
  const doc = parseDocument(yamlLines.join('\n'), { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : fileLine[counter.linePos(offset).line - 1]);
  const lineOf = (node: unknown) => lineAt((node as YamlNode | undefined)?.range?.[0]);
  for (const e of doc.errors) problem(`decorators: ${e.message.split('\n')[0]}`, lineAt(e.pos[0]));
  if (doc.errors.length) return { problems };
  if (!isMap(doc.contents)) {
    problem('decorators: expected `key: value` lines such as `#+ summary: …`', fileLine[0]);
    return { problems };
  }
  const top = new Map<string, Pair>();
  for (const pair of doc.contents.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!TOP_KEYS.includes(key)) problem(`decorators: unknown key "${key}"; known: ${TOP_KEYS.join(', ')}`, lineOf(pair.key));
    top.set(key, pair);
  }
  const value = (key: string) => (top.get(key)?.value as YamlNode | undefined)?.toJSON?.() as unknown;
  const summary = value('summary');
  if (typeof summary !== 'string' || !summary.trim())
    problem('decorators: `summary` is required and must be a line of text', lineOf(top.get('summary')?.key) ?? fileLine[0]);
  const description = value('description');
  if (description !== undefined && typeof description !== 'string')
    problem('decorators: `description` must be text', lineOf(top.get('description')?.key));
  const rawTags = value('tags');
  const tags = typeof rawTags === 'string' ? [rawTags] : (rawTags ?? []);
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
    problem('decorators: `tags` must be a list of words, such as [findings]', lineOf(top.get('tags')?.key));
  const pagination = value('pagination');
  if (
    pagination !== undefined &&
    !(Number.isInteger(pagination) && (pagination as number) >= 1 && (pagination as number) <= MAX_PAGE_SIZE)
  ) {
    problem(
      `decorators: \`pagination\` must be the default page size, a whole number from 1 to ${MAX_PAGE_SIZE}`,
      lineOf(top.get('pagination')?.key),
    );
  }
  const declared = new Set<string>();
  const params = parseParams(top.get('params'), lineOf, problem, baseIri, declared);

  // The query itself, resolved against the base so that files need no deployment's IRIs.
  let ast: SparqlQuery;
  try {
    ast = new Parser({ baseIRI: baseIri }).parse(text) as SparqlQuery;
  } catch (e) {
    // hash.line is the lexer's (0-based) line of the offending token; hash.loc is the token before it.
    const hash = (e as { hash?: { line?: number; token?: string; text?: string } }).hash;
    const what =
      hash?.token === 'EOF'
        ? 'unexpected end of the query'
        : hash?.token
          ? `unexpected ${JSON.stringify(hash.text)}`
          : (e as Error).message.split('\n').pop();
    problem(`SPARQL syntax: ${what}`, hash?.token === 'EOF' ? lastCodeLine(lines) : hash?.line === undefined ? undefined : hash.line + 1);
    return { problems };
  }
  if (ast.type === 'update') {
    problem('a named query must read, not update: SPARQL Update is not allowed', firstCodeLine(lines));
    return { problems };
  }
  delete (ast as { base?: string }).base;
  const runnable = new Generator().stringify(ast);
  try {
    analyzeQuery(runnable, { allowRemote: [] });
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    problem(e.message, firstCodeLine(lines));
  }
  const form = ast.queryType as QueryForm;

  // Parameters and variables must agree: `?_name` is parameter `name`, nothing else starts with `_`.
  const used = new Set(
    variablesOf(ast)
      .filter((v) => v.startsWith('_'))
      .map((v) => v.slice(1)),
  );
  for (const v of used) {
    if (!declared.has(v))
      problem(`the variable ?_${v} looks like a parameter but \`params\` does not declare "${v}"`, lineOfVariable(lines, `_${v}`));
  }
  for (const p of params) {
    if (!used.has(p.name)) problem(`the parameter "${p.name}" is declared but the query never uses ?_${p.name}`, p.line);
  }
  for (const v of assignedVariables(ast)) {
    if (v.startsWith('_'))
      problem(`?${v} is a parameter, so the query cannot assign it (BIND, VALUES, GROUP BY or AS)`, lineOfVariable(lines, v));
  }
  if (pagination !== undefined) {
    const paged = ast as { limit?: number; offset?: number; order?: unknown[] };
    if (form !== 'SELECT') problem('`pagination` is for SELECT queries', lineOf(top.get('pagination')?.key));
    if (paged.limit !== undefined || paged.offset !== undefined)
      problem(
        'a paginated query cannot have its own LIMIT or OFFSET: `limit` and `offset` set them',
        lineOfKeyword(lines, /\b(LIMIT|OFFSET)\b/i),
      );
    if (!paged.order?.length) problem('a paginated query needs ORDER BY, or its pages would overlap', lastCodeLine(lines));
  }
  if (problems.length) return { problems };
  const variables =
    form === 'SELECT'
      ? (ast as { variables: Array<{ termType?: string; value?: string; variable?: RDF.Variable }> }).variables
          .map((v) => (v.termType === 'Variable' ? v.value! : v.variable?.value))
          .filter((v): v is string => !!v && v !== '*')
      : [];
  const query: NamedQuery = {
    name,
    file,
    summary: (summary as string).trim(),
    description: (description as string | undefined)?.trim(),
    tags: tags as string[],
    params: params.map(({ line: _line, ...p }) => p),
    pagination: pagination as number | undefined,
    form,
    text: runnable,
    variables,
  };
  return { query, problems };
}

type ParsedParam = ParamSpec & { line?: number };

/** The parameters that are well described; `declared` gets every name, well described or not (so one mistake is reported once). */
function parseParams(
  pair: Pair | undefined,
  lineOf: (n: unknown) => number | undefined,
  problem: (m: string, line?: number) => void,
  baseIri: string,
  declared: Set<string>,
): ParsedParam[] {
  if (!pair) return [];
  if (!isMap(pair.value)) {
    problem('decorators: `params` must map each parameter name to its description', lineOf(pair.key));
    return [];
  }
  const out: ParsedParam[] = [];
  for (const item of pair.value.items) {
    const name = String(isScalar(item.key) ? item.key.value : item.key);
    const line = lineOf(item.key);
    declared.add(name);
    if (!PARAM_NAME.test(name) || (PAGE_PARAMS as readonly string[]).includes(name)) {
      problem(`decorators: "${name}" cannot name a parameter: use letters, digits and _ (and not limit or offset)`, line);
      continue;
    }
    const spec = isMap(item.value) ? (item.value.toJSON() as Record<string, unknown>) : undefined;
    if (!spec) {
      problem(`decorators: parameter "${name}" needs at least \`type:\``, line);
      continue;
    }
    for (const k of Object.keys(spec))
      if (!PARAM_KEYS.includes(k))
        problem(`decorators: parameter "${name}" has an unknown key "${k}"; known: ${PARAM_KEYS.join(', ')}`, line);
    const type = spec.type as ParamType;
    if (!PARAM_TYPES.includes(type)) {
      problem(`decorators: parameter "${name}" has type ${JSON.stringify(spec.type)}; use one of ${PARAM_TYPES.join(', ')}`, line);
      continue;
    }
    const text = (k: string) => (spec[k] === undefined || spec[k] === null ? undefined : String(spec[k]));
    const enumValues = spec.enum;
    if (type === 'enum' && !(Array.isArray(enumValues) && enumValues.length && enumValues.every((v) => typeof v === 'string'))) {
      problem(`decorators: enum parameter "${name}" needs \`enum:\` with a list of values`, line);
      continue;
    }
    for (const k of ['minimum', 'maximum']) {
      if (spec[k] !== undefined && (type !== 'integer' || !Number.isInteger(spec[k])))
        problem(`decorators: \`${k}\` of parameter "${name}" must be a whole number, on an integer parameter`, line);
    }
    if (spec.required !== undefined && typeof spec.required !== 'boolean')
      problem(`decorators: \`required\` of parameter "${name}" must be true or false`, line);
    const p: ParsedParam = {
      name,
      type,
      required: spec.required === true,
      default: text('default'),
      example: text('example'),
      description: text('description'),
      enum: type === 'enum' ? (enumValues as string[]) : undefined,
      minimum: spec.minimum as number | undefined,
      maximum: spec.maximum as number | undefined,
      line,
    };
    if (p.required && p.default !== undefined) problem(`decorators: parameter "${name}" is required and has a default; choose one`, line);
    for (const k of ['default', 'example'] as const) {
      const v = p[k];
      if (v === undefined) continue;
      try {
        parseParamValue(p, v, baseIri);
      } catch (e) {
        if (!(e instanceof ParameterError)) throw e;
        problem(`decorators: the ${k} of parameter "${name}" does not fit its type: ${e.message}`, line);
      }
    }
    out.push(p);
  }
  return out;
}

/** Every variable name in the query, wherever it occurs. */
function variablesOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) variablesOf(n, out);
    return out;
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.termType === 'Variable' && typeof o.value === 'string') out.push(o.value);
    for (const [k, v] of Object.entries(o)) {
      if (o.type === 'values' && k === 'values')
        for (const row of v as Array<Record<string, unknown>>) out.push(...Object.keys(row).map((x) => x.slice(1)));
      if (v && typeof v === 'object') variablesOf(v, out);
    }
  }
  return out;
}

/** Variables the query gives values to itself: BIND and AS targets, VALUES, GROUP BY. */
function assignedVariables(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) assignedVariables(n, out);
    return out;
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'bind') out.push((o.variable as RDF.Variable).value);
    if (o.type === 'values')
      for (const row of o.values as Array<Record<string, unknown>>) out.push(...Object.keys(row).map((x) => x.slice(1)));
    if (o.expression && (o.variable as RDF.Variable | undefined)?.termType === 'Variable') out.push((o.variable as RDF.Variable).value);
    if (Array.isArray(o.group))
      for (const g of o.group as Array<{ expression: { termType?: string; value?: string } }>)
        if (g.expression.termType === 'Variable') out.push(g.expression.value!);
    for (const v of Object.values(o)) if (v && typeof v === 'object') assignedVariables(v, out);
  }
  return [...new Set(out)];
}

const isCode = (l: string) => l.trim() !== '' && !l.trimStart().startsWith('#');
const firstCodeLine = (lines: string[]) => lines.findIndex(isCode) + 1 || undefined;
const lastCodeLine = (lines: string[]) => {
  for (let i = lines.length - 1; i >= 0; i--) if (isCode(lines[i])) return i + 1;
  return undefined;
};

function lineOfVariable(lines: string[], name: string): number | undefined {
  const re = new RegExp(`[?$]${name}(?![A-Za-z0-9_])`);
  const i = lines.findIndex((l) => isCode(l) && re.test(l));
  return i < 0 ? undefined : i + 1;
}

function lineOfKeyword(lines: string[], re: RegExp): number | undefined {
  const i = lines.findIndex((l) => isCode(l) && re.test(l));
  return i < 0 ? undefined : i + 1;
}

/** The query with a page's LIMIT and OFFSET set in its syntax tree (one more row than the page, to tell whether another follows). */
export function pagedText(query: NamedQuery, page: Page | undefined): string {
  if (!page) return query.text;
  // Parsing costs more than the cached answer it leads to: remember the texts of the pages asked for.
  let texts = pagedTexts.get(query);
  if (!texts) pagedTexts.set(query, (texts = new Map()));
  const key = `${page.limit} ${page.offset}`;
  let text = texts.get(key);
  if (text === undefined) {
    const ast = new Parser().parse(query.text) as SparqlQuery & { limit?: number; offset?: number };
    ast.limit = page.limit + 1;
    if (page.offset) ast.offset = page.offset;
    text = new Generator().stringify(ast);
    if (texts.size >= 1000) texts.delete(texts.keys().next().value!);
    texts.set(key, text);
  }
  return text;
}

const pagedTexts = new WeakMap<NamedQuery, Map<string, string>>();

/** The query with its defaults (or examples) as a VALUES block, so it runs as it stands in a SPARQL editor. */
export function exampleText(query: NamedQuery, baseIri: string): string {
  const row: Record<string, RDF.Term> = {};
  for (const p of query.params) {
    const v = p.default ?? p.example;
    if (v !== undefined) row[`?_${p.name}`] = parseParamValue(p, v, baseIri);
  }
  if (!Object.keys(row).length) return query.text;
  const ast = new Parser().parse(query.text) as SparqlQuery & { where?: unknown[] };
  ast.where = [{ type: 'values', values: [row] }, ...(ast.where ?? [])];
  return new Generator().stringify(ast);
}

export interface NamedQueryExample {
  name: string;
  summary: string;
  query: string;
}

const examples = new WeakMap<object, NamedQueryExample[]>();

/** The named queries as editor examples: name, summary, and text that runs as it stands (built once per dataset). */
export function listNamedQueries(dataset: { baseIri: string; info: { namedQueries?: readonly NamedQuery[] } }): NamedQueryExample[] {
  let list = examples.get(dataset.info);
  if (!list) {
    list = (dataset.info.namedQueries ?? []).map((q) => ({ name: q.name, summary: q.summary, query: exampleText(q, dataset.baseIri) }));
    examples.set(dataset.info, list);
  }
  return list;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
