// A flat, streaming RDF/XML writer: one rdf:Description per subject run, so a dump never becomes one string.
// (rdflib's serializer nests single-use blank nodes into invalid RDF/XML, so graphs with blank nodes did not round-trip.)
import type * as RDF from '@rdfjs/types';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const NCNAME =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: XML's NameChar ranges list combining marks as single code points, on purpose.
  /[A-Za-z_\u00C0-\u02FF\u0370-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.\w\u00B7\u00C0-\u02FF\u0300-\u036F\u0370-\u1FFF\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;
// Characters XML 1.0 cannot carry at all, even escaped.
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export class RdfXmlError extends Error {}

/**
 * Yields the RDF/XML document in chunks, one rdf:Description per run of a subject (input grouped by subject is most
 * compact; any order is correct). Graph names are dropped. Namespaces in `prefixes` are declared on rdf:RDF, any other
 * predicate namespace on the element that uses it, so nothing has to be read ahead.
 * Throws RdfXmlError for what RDF/XML cannot express: a property without an XML name at its end, XML-invalid text.
 */
export function* rdfXmlChunks(quads: Iterable<RDF.Quad>, prefixes: Record<string, string> = {}): Generator<string> {
  const w = new RdfXmlText(prefixes);
  yield w.head;
  for (const q of quads) {
    const chunk = w.add(q);
    if (chunk) yield chunk;
  }
  yield w.end();
}

/** The same document from quads that arrive over time (a dump read from a store). */
export async function* rdfXmlChunksOf(quads: AsyncIterable<RDF.Quad>, prefixes: Record<string, string> = {}): AsyncGenerator<string> {
  const w = new RdfXmlText(prefixes);
  yield w.head;
  for await (const q of quads) {
    const chunk = w.add(q);
    if (chunk) yield chunk;
  }
  yield w.end();
}

/** The writer's state: the namespaces declared, the subject being described, the lines not yet handed on. */
class RdfXmlText {
  readonly head: string;
  private readonly declared = new Map<string, string>([[RDF_NS, 'rdf']]);
  private current: string | undefined;
  private lines: string[] = [];

  constructor(prefixes: Record<string, string>) {
    for (const [p, ns] of Object.entries(prefixes))
      if (/^[A-Za-z_][\w-]*$/.test(p) && !/^xml/i.test(p) && !this.declared.has(ns)) this.declared.set(ns, p);
    this.head = `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${[...this.declared].map(([ns, p]) => `\n    xmlns:${p}="${escapeXml(ns)}"`).join('')}>\n`;
  }

  /** Takes one quad; returns a chunk of text once about a thousand lines are ready. */
  add(q: RDF.Quad): string | undefined {
    let out: string | undefined;
    const key = `${q.subject.termType}:${q.subject.value}`;
    if (key !== this.current) {
      if (this.current !== undefined) this.lines.push('  </rdf:Description>\n');
      if (this.lines.length >= 1000) {
        out = this.lines.join('');
        this.lines = [];
      }
      this.lines.push(`  <rdf:Description ${node(q.subject, 'about')}>\n`);
      this.current = key;
    }
    this.lines.push(`    ${property(q.predicate.value, q.object, this.declared)}\n`);
    return out;
  }

  end(): string {
    if (this.current !== undefined) this.lines.push('  </rdf:Description>\n');
    this.lines.push('</rdf:RDF>\n');
    return this.lines.join('');
  }
}

function node(t: RDF.Term, iriAttr: 'about' | 'resource'): string {
  if (t.termType === 'BlankNode') return `rdf:nodeID="${escapeXml(nodeId(t.value))}"`;
  if (t.termType === 'NamedNode') return `rdf:${iriAttr}="${escapeXml(checked(t.value))}"`;
  throw new RdfXmlError(`RDF/XML cannot hold a ${t.termType}`);
}

function property(predicate: string, object: RDF.Term, declared: Map<string, string>): string {
  const m = NCNAME.exec(predicate);
  if (!m || m.index === 0) throw new RdfXmlError(`The property <${predicate}> cannot be written in RDF/XML (no XML name at its end).`);
  const ns = predicate.slice(0, m.index);
  const prefix = declared.get(ns);
  const tag = `${prefix ?? 'ns0'}:${m[0]}`;
  const decl = prefix ? '' : ` xmlns:ns0="${escapeXml(ns)}"`;
  if (object.termType !== 'Literal') return `<${tag}${decl} ${node(object, 'resource')}/>`;
  const lit = object as RDF.Literal;
  const attr = lit.language
    ? ` xml:lang="${escapeXml(lit.language)}"`
    : lit.datatype.value === XSD_STRING
      ? ''
      : ` rdf:datatype="${escapeXml(lit.datatype.value)}"`;
  return `<${tag}${decl}${attr}>${escapeText(checked(lit.value))}</${tag}>`;
}

/** rdf:nodeID must be an XML NCName. */
function nodeId(label: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(label) ? label : `b${Buffer.from(label).toString('hex')}`;
}

function checked(s: string): string {
  if (XML_INVALID.test(s)) throw new RdfXmlError(`The text ${JSON.stringify(s.slice(0, 40))} contains characters XML 1.0 cannot carry.`);
  return s;
}

/** Escapes attribute values (where raw line breaks and tabs would be normalised to spaces) and element text. */
function escapeXml(s: string): string {
  return s.replace(
    /[&<>"\r\n\t]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' })[c]!,
  );
}

function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!);
}
