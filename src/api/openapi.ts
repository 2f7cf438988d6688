// The OpenAPI 3.1 description of the named-query API, generated from the queries' decorators.
import type { NamedQuery } from './namedQueries';
import { expectation, MAX_OFFSET, MAX_PAGE_SIZE, MAX_VALUE_LENGTH, ParamSpec } from './queryParameters';

export interface OpenApiOptions {
  baseIri: string;
  siteName: string;
  version: string;
}

type Json = Record<string, unknown>;

const TABLE_TYPES: Array<[string, string, Json]> = [
  [
    'application/json',
    "An array of objects, one per answer, keyed by the query's variables; IRIs and literals as plain strings, numbers as numbers, unbound as null.",
    {},
  ],
  ['application/sparql-results+json', 'SPARQL 1.1 Query Results JSON.', { $ref: '#/components/schemas/SparqlResults' }],
  ['text/csv', 'SPARQL 1.1 Query Results CSV.', { type: 'string' }],
  ['text/tab-separated-values', 'SPARQL 1.1 Query Results TSV.', { type: 'string' }],
  ['application/sparql-results+xml', 'SPARQL Query Results XML.', { type: 'string' }],
];
const GRAPH_TYPES: Array<[string, string, Json]> = [
  ['application/ld+json', 'JSON-LD compacted with the published context (also given for Accept: application/json).', { type: 'object' }],
  ['text/turtle', 'Turtle.', { type: 'string' }],
  ['application/n-triples', 'N-Triples.', { type: 'string' }],
  ['application/rdf+xml', 'RDF/XML.', { type: 'string' }],
  ['application/trig', 'TriG.', { type: 'string' }],
  ['application/n-quads', 'N-Quads.', { type: 'string' }],
];

/** The OpenAPI document: one GET operation per named query, parameters and responses from its decorators. */
export function openApiDocument(queries: readonly NamedQuery[], opts: OpenApiOptions): Json {
  const tags = [...new Set(queries.flatMap((q) => q.tags))].sort();
  const paths: Json = {};
  for (const q of queries) paths[`/${q.name}`] = { get: operation(q) };
  return {
    openapi: '3.1.0',
    info: {
      title: `${opts.siteName} named queries`,
      version: opts.version,
      summary: 'Answers from the forum record without writing SPARQL.',
      description: [
        'Each operation runs one named SPARQL query from the `queries/` folder over the published record,',
        'through the same engine as the SPARQL endpoint. Parameters come from the query string and are bound',
        "to the query's `?_name` variables as RDF terms (IRIs validated, literals typed); they are never pasted into",
        'the query text. IRI parameters take an absolute IRI or a path relative to the dataset base',
        `(\`id/event/rf-2019\` means <${opts.baseIri}id/event/rf-2019>). An optional parameter left out without a default`,
        'matches any value. Paginated operations take `limit` and `offset` and link the next page with',
        '`Link: <…>; rel="next"`. Results are negotiated with Accept. Errors are 400 with a message naming the parameter.',
      ].join(' '),
    },
    servers: [{ url: `${opts.baseIri}api`, description: 'This deployment' }],
    tags: tags.map((name) => ({ name })),
    externalDocs: { description: 'The SPARQL endpoint the queries run on', url: `${opts.baseIri}sparql` },
    paths,
    components: {
      parameters: {
        limit: {
          name: 'limit',
          in: 'query',
          required: false,
          description: `Answers per page (at most ${MAX_PAGE_SIZE}).`,
          schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
        },
        offset: {
          name: 'offset',
          in: 'query',
          required: false,
          description: 'Answers to skip, for the following pages.',
          schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
        },
      },
      headers: {
        Link: {
          description: 'rel="next" and rel="prev" pages of a paginated operation; rel="describedby" this document.',
          schema: { type: 'string' },
        },
        XResultCount: { description: 'Answers (or triples) in this response.', schema: { type: 'integer', minimum: 0 } },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['status', 'message'],
          properties: {
            status: { type: 'integer' },
            error: { type: 'string' },
            message: { type: 'string', description: 'What is wrong, naming the parameter and what it expects.' },
          },
        },
        SparqlResults: {
          type: 'object',
          required: ['head'],
          properties: {
            head: { type: 'object', properties: { vars: { type: 'array', items: { type: 'string' } } } },
            results: { type: 'object', properties: { bindings: { type: 'array', items: { type: 'object' } } } },
            boolean: { type: 'boolean' },
          },
        },
      },
      responses: {
        BadRequest: problemResponse(
          'A parameter is unknown, missing, repeated, or not of its type; the message names it and says what it expects.',
        ),
        NotAcceptable: problemResponse('None of the accepted media types can be produced.'),
        Unavailable: problemResponse('The query timed out or the service is busy; retry after the Retry-After seconds.'),
      },
    },
  };
}

function problemResponse(description: string): Json {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } }, 'text/plain': { schema: { type: 'string' } } },
  };
}

function operation(q: NamedQuery): Json {
  const table = q.form === 'SELECT' || q.form === 'ASK';
  const parameters: Json[] = q.params.map(parameter);
  if (q.pagination) {
    parameters.push({ $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/offset' });
  }
  const rowSchema: Json =
    q.form === 'ASK'
      ? { type: 'boolean' }
      : {
          type: 'array',
          items: q.variables.length
            ? {
                type: 'object',
                properties: Object.fromEntries(q.variables.map((v) => [v, { type: ['string', 'number', 'boolean', 'null'] }])),
                required: [...q.variables],
              }
            : { type: 'object', additionalProperties: true },
        };
  const types = table ? TABLE_TYPES : GRAPH_TYPES;
  const content = Object.fromEntries(types.map(([type, , schema]) => [type, { schema: type === 'application/json' ? rowSchema : schema }]));
  const formats = types.map(([type, description]) => `\`${type}\`: ${description}`).join('\n- ');
  const paged = q.pagination ? ` Paginated: ${q.pagination} answers per page by default.` : '';
  return {
    operationId: q.name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
    summary: q.summary,
    description: `${q.description ?? ''}${paged}\n\nThe query (\`${q.file}\`), with \`?_name\` for the parameter \`name\`:\n\n\`\`\`sparql\n${q.text}\n\`\`\``,
    tags: [...q.tags],
    parameters,
    responses: {
      200: {
        description: `${table ? 'The answers' : 'The graph'}, in the format the Accept header asks for (the first by default):\n- ${formats}`,
        headers: { Link: { $ref: '#/components/headers/Link' }, 'X-Result-Count': { $ref: '#/components/headers/XResultCount' } },
        content,
      },
      400: { $ref: '#/components/responses/BadRequest' },
      406: { $ref: '#/components/responses/NotAcceptable' },
      503: { $ref: '#/components/responses/Unavailable' },
    },
  };
}

function parameter(p: ParamSpec): Json {
  const schema: Json = (() => {
    switch (p.type) {
      case 'iri':
        return { type: 'string', format: 'iri-reference' };
      case 'string':
        return { type: 'string', maxLength: MAX_VALUE_LENGTH };
      case 'lang-string':
        return { type: 'string', pattern: '^[\\s\\S]*@[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$' };
      case 'date':
        return { type: 'string', format: 'date' };
      case 'integer':
        return {
          type: 'integer',
          ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
          ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
        };
      case 'enum':
        return { type: 'string', enum: [...(p.enum ?? [])] };
    }
  })();
  if (p.default !== undefined) schema.default = p.type === 'integer' ? Number(p.default) : p.default;
  const out: Json = {
    name: p.name,
    in: 'query',
    required: p.required,
    description: `${p.description ? `${p.description} ` : ''}Expects ${expectation(p)}; bound to \`?_${p.name}\`${p.type === 'enum' ? ' as a string literal' : ''}.`,
    schema,
  };
  const example = p.example ?? p.default;
  if (example !== undefined) out.example = p.type === 'integer' ? Number(example) : example;
  return out;
}
