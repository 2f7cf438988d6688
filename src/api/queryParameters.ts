// Parameters of named queries: typed specs, and request values turned into RDF terms (validated, never spliced into text).
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';

const { namedNode, literal } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';

export const PARAM_TYPES = ['iri', 'string', 'lang-string', 'date', 'integer', 'enum'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface ParamSpec {
  /** Request parameter name; the query uses it as the variable `?_name`. */
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  readonly default?: string;
  /** A value for documentation and the editor's example, when there is no default. */
  readonly example?: string;
  readonly description?: string;
  /** enum: the accepted values, bound as xsd:string literals. */
  readonly enum?: readonly string[];
  /** integer: inclusive bounds. */
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Parameters every paginated query takes besides its own. */
export const PAGE_PARAMS = ['limit', 'offset'] as const;
export const MAX_PAGE_SIZE = 1000;
export const MAX_OFFSET = 1_000_000;
/** Longest value accepted for any parameter, in characters. */
export const MAX_VALUE_LENGTH = 2000;

/** A value that does not fit its parameter: says which parameter and what was expected. */
export class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    readonly expected: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParameterError';
  }
}

/** What a parameter expects, in words, for error messages and documentation. */
export function expectation(spec: Pick<ParamSpec, 'type' | 'enum' | 'minimum' | 'maximum'>): string {
  switch (spec.type) {
    case 'iri':
      return 'an IRI, absolute (https://…) or relative to the dataset base (such as id/event/rf-2019)';
    case 'string':
      return `a string of at most ${MAX_VALUE_LENGTH} characters`;
    case 'lang-string':
      return 'a language-tagged string written text@lang, such as OSCE@en';
    case 'date':
      return 'a calendar date written YYYY-MM-DD, such as 2019-12-12';
    case 'integer': {
      const { minimum: lo, maximum: hi } = spec;
      const range =
        lo !== undefined && hi !== undefined
          ? ` from ${lo} to ${hi}`
          : lo !== undefined
            ? ` of at least ${lo}`
            : hi !== undefined
              ? ` of at most ${hi}`
              : '';
      return `a whole number${range}`;
    }
    case 'enum':
      return `one of ${(spec.enum ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  }
}

// Characters RDF IRIs may not contain (the IRIREF production of Turtle and SPARQL), and controls.
const FORBIDDEN_IN_IRI = /[\u0000-\u0020<>"{}|\\^`\u007f-\u009f]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const LANG_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** Turns one request value into the RDF term the query is evaluated with; throws ParameterError. */
export function parseParamValue(spec: ParamSpec, raw: string, baseIri: string): RDF.NamedNode | RDF.Literal {
  const fail = (why?: string): never => {
    const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
    const expected = expectation(spec);
    throw new ParameterError(
      spec.name,
      expected,
      `The parameter "${spec.name}" must be ${expected}, not ${JSON.stringify(shown)}${why ? ` (${why})` : ''}.`,
    );
  };
  if (raw.length > MAX_VALUE_LENGTH) fail(`longer than ${MAX_VALUE_LENGTH} characters`);
  switch (spec.type) {
    case 'iri': {
      if (raw === '' || FORBIDDEN_IN_IRI.test(raw))
        fail(raw === '' ? 'empty' : 'an IRI cannot contain spaces or any of < > " { } | \\ ^ `');
      if (SCHEME.test(raw)) return namedNode(raw);
      let resolved: string;
      try {
        resolved = new URL(raw, baseIri).href;
      } catch {
        return fail('not a relative reference');
      }
      if (!resolved.startsWith(baseIri) || raw.startsWith('/') || raw.startsWith('.')) fail(`a relative IRI must stay under ${baseIri}`);
      return namedNode(resolved);
    }
    case 'string':
      return literal(raw);
    case 'lang-string': {
      const at = raw.lastIndexOf('@');
      if (at < 0 || !LANG_TAG.test(raw.slice(at + 1))) fail('no language tag after "@"');
      return literal(raw.slice(0, at), raw.slice(at + 1).toLowerCase());
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
      if (!m) return fail();
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) fail('no such day');
      return literal(raw, namedNode(`${XSD}date`));
    }
    case 'integer': {
      if (!/^[+-]?\d{1,15}$/.test(raw)) return fail();
      const n = Number(raw);
      if ((spec.minimum !== undefined && n < spec.minimum) || (spec.maximum !== undefined && n > spec.maximum)) fail('out of range');
      return literal(String(n), namedNode(`${XSD}integer`));
    }
    case 'enum':
      if (!(spec.enum ?? []).includes(raw)) fail();
      return literal(raw);
  }
}

export interface Page {
  limit: number;
  offset: number;
}

export interface BoundRequest {
  /** Terms by variable name without the `?` (parameter `event` → `_event`). */
  bindings: Record<string, RDF.NamedNode | RDF.Literal>;
  page?: Page;
}

/**
 * Checks a request's parameters against a query's specs and binds them: unknown, repeated, missing required
 * and ill-typed values are refused with a ParameterError naming the parameter. Absent optional parameters
 * without a default stay unbound, so the query matches any value there.
 */
export function bindRequest(
  query: { params: readonly ParamSpec[]; pagination?: number },
  given: ReadonlyMap<string, readonly string[]>,
  baseIri: string,
): BoundRequest {
  const known = [...query.params.map((p) => p.name), ...(query.pagination ? PAGE_PARAMS : [])];
  for (const name of given.keys()) {
    if (!known.includes(name)) {
      const accepted = known.length ? `this query accepts ${known.map((k) => `"${k}"`).join(', ')}` : 'this query takes no parameters';
      throw new ParameterError(name, 'no such parameter', `Unknown parameter "${name}": ${accepted}.`);
    }
  }
  const single = (name: string): string | undefined => {
    const v = given.get(name);
    if (v && v.length > 1)
      throw new ParameterError(name, 'a single value', `The parameter "${name}" was given ${v.length} times; give it once.`);
    return v?.[0];
  };
  const bindings: BoundRequest['bindings'] = {};
  for (const spec of query.params) {
    const raw = single(spec.name) ?? spec.default;
    if (raw === undefined) {
      if (spec.required)
        throw new ParameterError(spec.name, expectation(spec), `The parameter "${spec.name}" is required: ${expectation(spec)}.`);
      continue;
    }
    bindings[`_${spec.name}`] = parseParamValue(spec, raw, baseIri);
  }
  if (!query.pagination) return { bindings };
  const limitSpec: ParamSpec = { name: 'limit', type: 'integer', required: false, minimum: 1, maximum: MAX_PAGE_SIZE };
  const offsetSpec: ParamSpec = { name: 'offset', type: 'integer', required: false, minimum: 0, maximum: MAX_OFFSET };
  const limit = Number(parseParamValue(limitSpec, single('limit') ?? String(query.pagination), baseIri).value);
  const offset = Number(parseParamValue(offsetSpec, single('offset') ?? '0', baseIri).value);
  return { bindings, page: { limit, offset } };
}
