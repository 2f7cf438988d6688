// SPARQL JSON results as plain JSON rows, the named-query API's friendliest answer.

interface SparqlJsonTerm {
  type: 'uri' | 'literal' | 'bnode' | 'typed-literal';
  value: string;
  datatype?: string;
  'xml:lang'?: string;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC = new Set(
  [
    'integer',
    'decimal',
    'double',
    'float',
    'int',
    'long',
    'short',
    'byte',
    'nonNegativeInteger',
    'positiveInteger',
    'nonPositiveInteger',
    'negativeInteger',
    'unsignedInt',
    'unsignedLong',
    'unsignedShort',
    'unsignedByte',
  ].map((t) => XSD + t),
);

/** The media type of plain rows. */
export const PLAIN_ROWS_TYPE = 'application/json';

/** SPARQL JSON results as plain rows: every variable a key, values as strings or numbers, unbound as null. */
export function plainRows(sparqlJson: string): string {
  const r = JSON.parse(sparqlJson) as {
    head: { vars?: string[] };
    boolean?: boolean;
    results?: { bindings: Array<Record<string, SparqlJsonTerm>> };
  };
  if (r.boolean !== undefined) return `${JSON.stringify(r.boolean)}\n`;
  const vars = r.head.vars ?? [];
  const plain = (t: SparqlJsonTerm | undefined): string | number | boolean | null => {
    if (!t) return null;
    if (t.datatype && NUMERIC.has(t.datatype)) {
      const n = Number(t.value);
      if (Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return n;
    }
    if (t.datatype === `${XSD}boolean`) return t.value === 'true' || t.value === '1';
    return t.type === 'bnode' ? `_:${t.value}` : t.value;
  };
  const out = (r.results?.bindings ?? []).map((b) => Object.fromEntries(vars.map((v) => [v, plain(b[v])])));
  return `${JSON.stringify(out, null, 2)}\n`;
}
