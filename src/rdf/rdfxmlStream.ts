// Writes triples as RDF/XML one rdf:Description at a time, so a large graph never becomes one string.
import type * as RDF from '@rdfjs/types';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const LANG_STRING = `${RDF_NS}langString`;
// Characters XML 1.0 cannot carry at all, even escaped.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export class RdfXmlError extends Error {}

/**
 * Yields RDF/XML text for triples grouped by subject (graph names are ignored: RDF/XML holds one graph).
 * Namespaces in `prefixes` are declared once on rdf:RDF; any other predicate namespace is declared where used.
 * Throws RdfXmlError for what RDF/XML cannot express (a predicate without an XML local name, XML-invalid text).
 */
export function* rdfXmlChunks(triples: Iterable<RDF.Quad>, prefixes: Record<string, string> = {}): Generator<string> {
  const declared = new Map<string, string>([[RDF_NS, 'rdf']]);
  for (const [p, ns] of Object.entries(prefixes)) if (/^[A-Za-z_][\w.-]*$/.test(p) && !declared.has(ns) && !/^xml/i.test(p)) declared.set(ns, p);
  const attrs = [...declared].map(([ns, p]) => `\n    xmlns:${p}="${escapeAttr(ns)}"`).join('');
  yield `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${attrs}>\n`;
  let current: string | undefined;
  let lines: string[] = [];
  for (const t of triples) {
    const key = `${t.subject.termType}:${t.subject.value}`;
    if (key !== current) {
      if (current !== undefined) { lines.push('  </rdf:Description>\n'); yield lines.join(''); lines = []; }
      current = key;
      lines.push(`  <rdf:Description ${node(t.subject, 'about')}>\n`);
    }
    lines.push(`    ${property(t.predicate.value, t.object, declared)}\n`);
  }
  if (current !== undefined) lines.push('  </rdf:Description>\n');
  lines.push('</rdf:RDF>\n');
  yield lines.join('');
}

function node(t: RDF.Term, iriAttr: 'about' | 'resource'): string {
  if (t.termType === 'BlankNode') return `rdf:nodeID="${escapeAttr(nodeId(t.value))}"`;
  return `rdf:${iriAttr}="${escapeAttr(checked(t.value))}"`;
}

function property(predicate: string, object: RDF.Term, declared: Map<string, string>): string {
  const m = /[A-Za-z_][\w.-]*$/.exec(predicate);
  if (!m || m.index === 0) throw new RdfXmlError(`the predicate <${predicate}> has no XML local name, so RDF/XML cannot state it`);
  const ns = predicate.slice(0, m.index);
  const prefix = declared.get(ns);
  const name = prefix ? `${prefix}:${m[0]}` : `ns0:${m[0]}`;
  const decl = prefix ? '' : ` xmlns:ns0="${escapeAttr(ns)}"`;
  if (object.termType !== 'Literal') return `<${name}${decl} ${node(object, 'resource')}/>`;
  const lit = object as RDF.Literal;
  const meta = lit.language ? ` xml:lang="${escapeAttr(lit.language)}"`
    : lit.datatype.value !== XSD_STRING && lit.datatype.value !== LANG_STRING ? ` rdf:datatype="${escapeAttr(lit.datatype.value)}"` : '';
  return `<${name}${decl}${meta}>${escapeText(checked(lit.value))}</${name}>`;
}

/** rdf:nodeID must be an XML name; store labels like b3_x are, others are made so reversibly enough to stay distinct. */
function nodeId(label: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(label) ? label : `n${Buffer.from(label).toString('hex')}`;
}

function checked(s: string): string {
  if (XML_INVALID.test(s)) throw new RdfXmlError(`the text ${JSON.stringify(s.slice(0, 40))} contains characters XML 1.0 cannot carry`);
  return s;
}

function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!);
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"\r\n\t]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' })[c]!);
}
