// The one SPARQL parser of the query path (traqula, as in Comunica): syntax tree and algebra, errors placed at the token.
import { DataFactory } from 'rdf-data-factory';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/** A traqula syntax tree node: plain data (type, subType, and what each kind holds). */
export interface AstNode {
  type: string;
  subType?: string;
  [key: string]: unknown;
}

/** A traqula (Comunica) algebra operation. */
export interface Operation {
  type: string;
  [key: string]: unknown;
}

/** A query as parsed once: its form, its syntax tree (for rewrites), its algebra (what Comunica runs). */
export interface ParsedQuery {
  form: QueryForm;
  ast: AstNode;
  algebra: Operation;
  /** The query's own BASE, which Comunica needs in its context when it is given the algebra rather than the text. */
  baseIRI?: string;
  /**
   * Whether the syntax tree has a GRAPH pattern anywhere. The translation drops a GRAPH around a group without quad
   * patterns (`GRAPH <absent> {}` joined to `?s ?p ?o` leaves `?s ?p ?o` alone), so only the engine, given the
   * rewritten tree (comunica/workarounds.ts), answers such a query.
   */
  graphs: boolean;
}

/** A syntax error, placed at the token the parser could not take (1-based line and column), when it can say. */
export class SparqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'SparqlSyntaxError';
  }
}

interface Token {
  image: string;
  startLine?: number;
  startColumn?: number;
  tokenType?: { name?: string };
}
interface Traqula {
  parse(text: string): AstNode;
  factory: () => AstFactory;
  toAlgebra: (ast: AstNode, options: Record<string, unknown>) => Operation;
}

/** The parts of traqula's AstFactory the rewrites use; nodes it builds are plain objects like the parser's. */
export interface AstFactory {
  gen(): unknown;
  termNamed(loc: unknown, value: string): AstNode;
  termVariable(value: string, loc: unknown): AstNode;
  termLiteral(loc: unknown, value: string, langOrIri?: AstNode | string): AstNode;
  patternGroup(patterns: AstNode[], loc: unknown): AstNode;
  patternGraph(name: AstNode, patterns: AstNode[], loc: unknown): AstNode;
  patternUnion(patterns: AstNode[], loc: unknown): AstNode;
  patternBind(expression: AstNode, variable: AstNode, loc: unknown): AstNode;
  patternValues(variables: AstNode[], values: Array<Record<string, AstNode | undefined>>, loc: unknown): AstNode;
  patternFilter(expression: AstNode, loc: unknown): AstNode;
  expressionOperation(operator: string, args: AstNode[], loc: unknown): AstNode;
  datasetClauses(clauses: Array<{ clauseType: 'default' | 'named'; value: AstNode }>, loc: unknown): AstNode;
}

let traqula: Traqula | undefined;

/**
 * The traqula packages ship ES-module typings that a CommonJS build cannot import; they do ship CommonJS code, so
 * they are required here and typed by the little this module uses. One parser per thread: building one records
 * the grammar, which is slow.
 */
function load(): Traqula {
  if (!traqula) {
    const { Parser } = require('@traqula/parser-sparql-1-2') as {
      Parser: new (args: Record<string, unknown>) => { parse(text: string, context: { astFactory: unknown }): AstNode };
    };
    const { AstFactory: Factory } = require('@traqula/rules-sparql-1-2') as { AstFactory: new () => AstFactory };
    const { toAlgebra } = require('@traqula/algebra-sparql-1-2') as { toAlgebra: Traqula['toAlgebra'] };
    const parser = new Parser({
      lexerConfig: { positionTracking: 'full' },
      errorHandler: (errors: Array<{ token: Token; message: string }>) => {
        throw tokenError(errors[0]);
      },
    });
    traqula = { parse: (text) => parser.parse(text, { astFactory: new Factory() }), factory: () => new Factory(), toAlgebra };
  }
  return traqula;
}

/** A fresh AST factory, to build nodes for rewritten queries. */
export function astFactory(): AstFactory {
  return load().factory();
}

/** Parses a query (or an update, whose form is 'UPDATE'); throws SparqlSyntaxError. */
export function parseSyntax(text: string): { ast: AstNode; form: QueryForm | 'UPDATE' } {
  let ast: AstNode;
  try {
    ast = load().parse(text);
  } catch (e) {
    if (e instanceof SparqlSyntaxError) {
      if (e.line !== undefined || !e.message.includes('end of the query')) throw e;
      const end = position(text, text.length);
      throw new SparqlSyntaxError(e.message, end.line, end.column);
    }
    const message = (e as Error).message;
    // The lexer reports an offset into the text; semantic errors (an unknown prefix, a variable projected twice) none.
    const offset = /at offset: (\d+)/.exec(message);
    const at = offset ? position(text, Number(offset[1])) : undefined;
    const char = /->(.+?)<-/s.exec(message)?.[1];
    throw new SparqlSyntaxError(
      char !== undefined ? `Unexpected character ${JSON.stringify(char)}.` : `${message}.`.replace(/\.\.$/, '.'),
      at?.line,
      at?.column,
    );
  }
  return { ast, form: ast.type === 'update' ? 'UPDATE' : (String(ast.subType).toUpperCase() as QueryForm) };
}

/** Comunica's own term factory: the translation sets fields of the terms it makes, which n3's terms do not allow. */
const dataFactory = new DataFactory();

/** The algebra Comunica would make of this syntax tree (as its own SPARQL parse actor does). */
export function translate(ast: AstNode): Operation {
  try {
    return load().toAlgebra(ast, { quads: true, blankToVariable: true, dataFactory });
  } catch (e) {
    throw new SparqlSyntaxError((e as Error).message);
  }
}

/** Parses and translates a query; throws SparqlSyntaxError, also for an update (which is not a query). */
export function parseQuery(text: string): ParsedQuery {
  const { ast, form } = parseSyntax(text);
  if (form === 'UPDATE') throw new SparqlSyntaxError('This is an update, not a query.');
  return parsedFrom(form, ast);
}

/** The query a syntax tree makes: its algebra, BASE and whether it has a GRAPH pattern, each read once from the tree. */
export function parsedFrom(form: QueryForm, ast: AstNode): ParsedQuery {
  return { form, ast, algebra: translate(ast), baseIRI: baseOf(ast), graphs: hasGraphPattern(ast) };
}

/** Whether a syntax tree holds a GRAPH pattern, in any group, subquery or EXISTS. */
export function hasGraphPattern(ast: AstNode): boolean {
  return someNode(ast, (n) => n.type === 'pattern' && n.subType === 'graph');
}

/** Whether `test` holds for some node of a syntax tree (its source locations left out), looking no further once it does. */
export function someNode(node: unknown, test: (n: AstNode) => boolean): boolean {
  if (Array.isArray(node)) return node.some((n) => someNode(n, test));
  if (!node || typeof node !== 'object') return false;
  const n = node as AstNode;
  if (test(n)) return true;
  for (const [k, v] of Object.entries(n)) if (k !== 'loc' && v && typeof v === 'object' && someNode(v, test)) return true;
  return false;
}

/** The last BASE of the prologue, as Comunica's parse actor reads it. */
export function baseOf(ast: AstNode): string | undefined {
  let base: string | undefined;
  for (const def of (ast.context as AstNode[] | undefined) ?? []) {
    if (def.subType === 'base') base = (def.value as { value: string }).value;
  }
  return base;
}

/** Calls `visit` on every algebra operation and expression (not on RDF terms). */
export function walkAlgebra(node: unknown, visit: (o: Operation) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walkAlgebra(n, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Operation;
  if (typeof (o as { termType?: unknown }).termType === 'string') return;
  visit(o);
  for (const v of Object.values(o)) if (v && typeof v === 'object') walkAlgebra(v, visit);
}

/** A parse error at its token: "Unexpected ')'" or "Unexpected end of the query", with what would have fitted. */
function tokenError(error: { token: Token; message: string }): SparqlSyntaxError {
  const { token } = error;
  const atEnd = token.tokenType?.name === 'EOF' || !Number.isFinite(token.startLine);
  const expected = /one of these possible Token sequences:\s*\n((?:\s*\d+\. \[[^\]\n]+\]\n?){1,6})/
    .exec(error.message)?.[1]
    ?.match(/\[([^\]]+)\]/g)
    ?.map((t) => t.slice(1, -1));
  const hint = expected?.length && expected.length <= 5 ? ` Expected ${expected.join(' or ')}.` : '';
  const what = atEnd ? 'Unexpected end of the query.' : `Unexpected ${JSON.stringify(token.image)}.`;
  return new SparqlSyntaxError(`${what}${hint}`, atEnd ? undefined : token.startLine, atEnd ? undefined : token.startColumn);
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
