// A flat, streaming RDF/XML writer: rdflib's serializer nests single-use blank nodes into invalid RDF/XML
// (rdf:parseType="Resource" wrapping an rdf:Description), so graphs with blank nodes did not round-trip.
import type * as RDF from '@rdfjs/types';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const NCNAME = /[A-Za-z_\u00C0-\u02FF\u0370-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.\w\u00B7\u00C0-\u02FF\u0300-\u036F\u0370-\u1FFF\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!).replace(/\r/g, '&#13;');
}

/** Splits a predicate IRI into namespace and an XML-legal local name; RDF/XML cannot write others. */
function splitPredicate(iri: string): [string, string] {
  const m = NCNAME.exec(iri);
  if (!m || m.index === 0) throw new Error(`The property <${iri}> cannot be written in RDF/XML (no XML name at its end).`);
  return [iri.slice(0, m.index), m[0]];
}

/**
 * Yields the RDF/XML document in chunks: one rdf:Description per subject run (input grouped by subject is
 * most compact, but any order is correct). Graph names are dropped.
 */
export function* rdfXmlChunks(quads: Iterable<RDF.Quad>, prefixes: Record<string, string> = {}): IterableIterator<string> {
  const list = Array.isArray(quads) ? (quads as RDF.Quad[]) : [...quads];
  const ns = new Map<string, string>([[RDF_NS, 'rdf']]);
  for (const [p, iri] of Object.entries(prefixes)) if (!ns.has(iri) && /^[A-Za-z_][\w-]*$/.test(p) && p !== 'xml') ns.set(iri, p);
  let n = 0;
  const prefixOf = (namespace: string) => {
    let p = ns.get(namespace);
    if (!p) { p = `ns${n++}`; ns.set(namespace, p); }
    return p;
  };
  // Names are assigned before the root element is written, so every namespace can be declared on it.
  const body: string[] = [];
  let current: string | undefined;
  for (const q of list) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    if (key !== current) {
      if (current !== undefined) body.push('  </rdf:Description>\n');
      body.push(q.subject.termType === 'BlankNode'
        ? `  <rdf:Description rdf:nodeID="${escapeXml(nodeId(q.subject.value))}">\n`
        : `  <rdf:Description rdf:about="${escapeXml(q.subject.value)}">\n`);
      current = key;
    }
    const [namespace, local] = splitPredicate(q.predicate.value);
    const tag = `${prefixOf(namespace)}:${local}`;
    const o = q.object;
    if (o.termType === 'NamedNode') body.push(`    <${tag} rdf:resource="${escapeXml(o.value)}"/>\n`);
    else if (o.termType === 'BlankNode') body.push(`    <${tag} rdf:nodeID="${escapeXml(nodeId(o.value))}"/>\n`);
    else if (o.termType === 'Literal') {
      const attr = o.language ? ` xml:lang="${escapeXml(o.language)}"`
        : o.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? '' : ` rdf:datatype="${escapeXml(o.datatype.value)}"`;
      body.push(`    <${tag}${attr}>${escapeXml(o.value)}</${tag}>\n`);
    } else throw new Error(`RDF/XML cannot hold a ${o.termType}`);
  }
  if (current !== undefined) body.push('  </rdf:Description>\n');
  const decls = [...ns.entries()].map(([iri, p]) => `\n    xmlns:${p}="${escapeXml(iri)}"`).join('');
  yield `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${decls}>\n`;
  for (let i = 0; i < body.length; i += 1000) yield body.slice(i, i + 1000).join('');
  yield '</rdf:RDF>\n';
}

/** rdf:nodeID must be an XML NCName. */
function nodeId(label: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(label) ? label : `b${Buffer.from(label).toString('hex')}`;
}
