// Turns a query answer (SPARQL JSON results, or N-Triples) into the table model the HTML results page renders.
import type * as RDF from '@rdfjs/types';
import { Parser } from 'n3';
import { compactIri } from '../rdf/prefixes';
/** What a query produced, as the results page needs it (the SPARQL path's QueryOutput has this shape). */
interface QueryOutput {
  form: string;
  body: string;
  count: number;
  truncated: boolean;
}
import type { AssetHrefs, TermView } from './model';
import type { ResultsModel } from './resultsPage';
import { hrefFor } from '../rdf/iriScheme';

/** Rows shown on an HTML results page; machine formats carry up to the configured row limit. */
export const HTML_ROW_LIMIT = 1000;

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

interface JsonTerm {
  type: 'uri' | 'literal' | 'bnode' | 'typed-literal' | 'triple';
  value: string | object;
  'xml:lang'?: string;
  datatype?: string;
}

export interface ResultsContext {
  text: string;
  base: string;
  prefixes: Record<string, string>;
  siteName: string;
  assets: AssetHrefs;
}

export function resultsModel(out: QueryOutput, ctx: ResultsContext): ResultsModel {
  const common = {
    siteName: ctx.siteName,
    assets: ctx.assets,
    query: ctx.text,
    form: out.form,
    count: out.count,
    truncated: out.truncated,
  };
  if (out.form === 'SELECT' || out.form === 'ASK') {
    const json = JSON.parse(out.body) as {
      head?: { vars?: string[] };
      boolean?: boolean;
      results?: { bindings: Array<Record<string, JsonTerm>> };
    };
    if (typeof json.boolean === 'boolean') return { ...common, boolean: json.boolean, columns: [], rows: [] };
    const columns = json.head?.vars ?? [];
    const rows = (json.results?.bindings ?? []).map((b) => columns.map((v) => (b[v] ? jsonTerm(b[v], ctx) : undefined)));
    return { ...common, columns, rows };
  }
  const quads = new Parser({ format: 'N-Triples' }).parse(out.body);
  return {
    ...common,
    columns: ['subject', 'predicate', 'object'],
    rows: quads.map((q) => [rdfTerm(q.subject, ctx), rdfTerm(q.predicate, ctx), rdfTerm(q.object, ctx)]),
  };
}

function jsonTerm(t: JsonTerm, ctx: ResultsContext): TermView {
  const value = typeof t.value === 'string' ? t.value : JSON.stringify(t.value);
  if (t.type === 'uri') return iri(value, ctx);
  if (t.type === 'bnode') return { label: `_:${value}` };
  if (t.type === 'triple') return { label: `<< ${value} >>` };
  return literal(value, t['xml:lang'], t.datatype, ctx);
}

function rdfTerm(t: RDF.Term, ctx: ResultsContext): TermView {
  if (t.termType === 'NamedNode') return iri(t.value, ctx);
  if (t.termType === 'Literal') return literal(t.value, t.language, t.datatype.value, ctx);
  return { label: `_:${t.value}` };
}

function iri(value: string, ctx: ResultsContext): TermView {
  return { href: hrefFor(value, ctx.base), iri: value, label: compactIri(value, ctx.prefixes) ?? value };
}

function literal(value: string, lang: string | undefined, datatype: string | undefined, ctx: ResultsContext): TermView {
  const shown =
    datatype && datatype !== XSD_STRING && datatype !== LANG_STRING ? (compactIri(datatype, ctx.prefixes) ?? datatype) : undefined;
  return { label: value, lang: lang || undefined, datatype: shown };
}
