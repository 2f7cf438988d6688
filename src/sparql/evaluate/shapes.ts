// Plans remembered per query shape: the text with its absolute IRIs and plain strings as parameters, so a query that
// differs from one seen before only in those constants is not parsed again (a parse costs more than most answers).
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import { parseQuery, type Operation, type ParsedQuery, type QueryForm, walkAlgebra } from '../syntax';

const DF = new DataFactory();
const IRI_PARAM = 'urn:x-forum-ld:param:';
const STRING_PARAM = 'x-forum-ld-param-';
/** SPARQL's IRIREF token. */
const IRIREF = /<([^<>"{}|^`\\\u0000-\u0020]*)>/y;
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

export interface Shape {
  /** The text with each parameter as a placeholder: the cache key, and what is parsed once. */
  template: string;
  params: string[];
}

/**
 * The shape of a query text, or undefined when it has what this lexer does not read the way the parser does
 * (backslash escapes, which SPARQL applies before tokenising). Comments are dropped and runs of white space made
 * one; IRIs after `PREFIX p:`, `BASE` or `^^` and relative ones stay in the template, since they change the parse.
 */
export function shapeOf(text: string): Shape | undefined {
  if (text.includes('\\')) return undefined;
  let out = '';
  const params: string[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '#') {
      while (i + 1 < n && text[i + 1] !== '\n') i++;
      out += ' ';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (!out.endsWith(' ')) out += ' ';
      continue;
    }
    if (c === '<') {
      IRIREF.lastIndex = i;
      const m = IRIREF.exec(text);
      if (m) {
        const before = out.trimEnd();
        if (ABSOLUTE.test(m[1]) && !before.endsWith(':') && !before.endsWith('^^') && !/\bBASE$/i.test(before)) {
          out += `<${IRI_PARAM}${params.length}>`;
          params.push(m[1]);
        } else out += m[0];
        i += m[0].length - 1;
        continue;
      }
      out += c;
      continue;
    }
    if (c === '"' || c === "'") {
      const long = text.startsWith(c.repeat(3), i);
      const close = long ? c.repeat(3) : c;
      const start = i + close.length;
      const end = text.indexOf(close, start);
      if (end < 0) return undefined;
      const value = text.slice(start, end);
      if (!long && /[\n\r]/.test(value)) return undefined;
      // A long string may end with up to two quotes of its own before the closing three.
      if (long && text[end + 3] === c) return undefined;
      out += `"${STRING_PARAM}${params.length}"`;
      params.push(value);
      i = end + close.length - 1;
      continue;
    }
    out += c;
  }
  return { template: out, params };
}

/** The algebra with the template's placeholders replaced by the parameters (a copy; the template is not changed). */
export function substitute(node: unknown, params: readonly string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => substitute(n, params));
  if (!node || typeof node !== 'object') return node;
  const t = node as RDF.Term;
  if (t.termType === 'NamedNode') return t.value.startsWith(IRI_PARAM) ? DF.namedNode(params[Number(t.value.slice(IRI_PARAM.length))]) : t;
  if (t.termType === 'Literal') {
    if (!t.value.startsWith(STRING_PARAM)) return t;
    const value = params[Number(t.value.slice(STRING_PARAM.length))];
    return t.language ? DF.literal(value, t.language) : DF.literal(value, t.datatype);
  }
  if (t.termType === 'Quad') {
    const q = t as RDF.Quad;
    const [a, b, c, d] = [q.subject, q.predicate, q.object, q.graph].map((x) => substitute(x, params) as RDF.Term);
    // The algebra's triple patterns are quads marked as patterns.
    return Object.assign(DF.quad(a as RDF.Quad_Subject, b as RDF.Quad_Predicate, c as RDF.Quad_Object, d as RDF.Quad_Graph), {
      type: (q as { type?: string }).type,
    });
  }
  if (typeof t.termType === 'string') return t;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = substitute(v, params);
  return out;
}

/** A stable text of an algebra, terms included, to compare two. */
function fingerprint(algebra: Operation): string {
  return JSON.stringify(algebra, (_k, v) => {
    const t = v as RDF.Term | undefined;
    if (t && typeof t === 'object' && t.termType === 'Quad') {
      const q = t as RDF.Quad;
      return { quad: [q.subject, q.predicate, q.object, q.graph], type: (q as { type?: string }).type };
    }
    if (t && typeof t === 'object' && typeof t.termType === 'string') {
      const lit = t as RDF.Literal;
      return `${t.termType}|${t.value}|${lit.language ?? ''}|${lit.datatype?.value ?? ''}`;
    }
    return v;
  });
}

interface Template {
  form: QueryForm;
  algebra: Operation;
}

/**
 * Parsed templates of the shapes the index evaluator answered, most recently used last. Bounded by count and by the
 * length of the template texts (the parsed algebra of a template takes about ten times its text): a text longer than
 * a 64th of that bound is never a shape here (such queries are rarely asked twice with other constants).
 */
export class ShapeCache {
  private readonly templates = new Map<string, Template | null>();
  /** Shapes met but not yet learnt, with how often. */
  private readonly met = new Map<string, number>();
  private chars = { templates: 0, met: 0 };

  constructor(
    private readonly max = 1000,
    private readonly maxChars = 1 << 20,
  ) {}

  /** The characters of the template texts kept, in both maps (tests). */
  get size(): { entries: number; chars: number } {
    return { entries: this.templates.size + this.met.size, chars: this.chars.templates + this.chars.met };
  }

  private shapeOf(text: string): ReturnType<typeof shapeOf> {
    if (text.length > this.maxChars / 64) return undefined;
    return shapeOf(text);
  }

  /** Counts a meeting with the text's shape; true once it has been met `times` times and is not known yet. */
  recurs(text: string, times: number): boolean {
    const shape = this.shapeOf(text);
    if (!shape || this.templates.has(shape.template)) return false;
    const n = (this.met.get(shape.template) ?? 0) + 1;
    if (n === 1) this.chars.met += shape.template.length;
    this.met.set(shape.template, n);
    while (this.met.size > this.max || this.chars.met > this.maxChars) {
      const oldest = this.met.keys().next().value!;
      this.met.delete(oldest);
      this.chars.met -= oldest.length;
    }
    return n >= times;
  }

  /** Forgets a shape (its queries turned out too heavy for where this cache is used). */
  forget(text: string): void {
    const shape = this.shapeOf(text);
    if (!shape) return;
    this.keep(shape.template, null);
  }

  private keep(template: string, value: Template | null): void {
    if (!this.templates.has(template)) this.chars.templates += template.length;
    this.templates.delete(template);
    this.templates.set(template, value);
    while (this.templates.size > this.max || this.chars.templates > this.maxChars) {
      const oldest = this.templates.keys().next().value!;
      this.templates.delete(oldest);
      this.chars.templates -= oldest.length;
    }
  }

  /** The form and algebra of a text whose shape is known, without parsing it; undefined otherwise. */
  lookup(text: string): { form: QueryForm; algebra: Operation } | undefined {
    const shape = this.shapeOf(text);
    if (!shape) return undefined;
    const t = this.templates.get(shape.template);
    if (!t) return undefined;
    this.templates.delete(shape.template);
    this.templates.set(shape.template, t);
    return { form: t.form, algebra: substitute(t.algebra, shape.params) as Operation };
  }

  /**
   * Remembers the shape of a parsed query. Its template is parsed once and kept only if, with this query's
   * constants put back, it gives exactly the algebra of the query itself; and never a query with a dataset (FROM) or
   * a SERVICE, whose checks depend on the IRIs.
   */
  remember(text: string, parsed: ParsedQuery): void {
    const shape = this.shapeOf(text);
    if (!shape || this.templates.has(shape.template)) return;
    let template: Template | null = null;
    try {
      const t = parseQuery(shape.template);
      let checked = true;
      walkAlgebra(t.algebra, (o) => {
        if (o.type === 'from' || o.type === 'service') checked = false;
      });
      if (
        checked &&
        !t.graphs &&
        t.form === parsed.form &&
        !t.baseIRI &&
        fingerprint(substitute(t.algebra, shape.params) as Operation) === fingerprint(parsed.algebra)
      )
        template = { form: t.form, algebra: t.algebra };
    } catch {
      // A template the parser refuses (a placeholder where the query had something else): not a shape.
    }
    this.keep(shape.template, template);
  }
}
