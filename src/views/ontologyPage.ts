// HTML documentation of an ontology: every class and property with an anchor at its hash IRI.
import type * as RDF from '@rdfjs/types';
import { html, Html, link } from './html';
import { documentLayout } from './layout';
import { ResourceModel } from './model';
import { propertyList } from './terms';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL = 'http://www.w3.org/2002/07/owl#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SH = 'http://www.w3.org/ns/shacl#';

interface Term {
  iri: string;
  anchor: string;
  label: string;
  comment?: string;
  kind: string;
  rows: Array<[string, Html]>;
}

/** Pure over the description's triples; `model` gives the header, formats and labels. */
export function ontologyPage(model: ResourceModel, desc: { topics: string[]; triples: readonly RDF.Quad[] }, _ds: unknown): string {
  const bySubject = new Map<string, RDF.Quad[]>();
  for (const q of desc.triples) {
    if (!bySubject.has(q.subject.value)) bySubject.set(q.subject.value, []);
    bySubject.get(q.subject.value)!.push(q);
  }
  const labelOf = (iri: string) =>
    literal(bySubject.get(iri), `${RDFS}label`) ??
    literal(bySubject.get(iri), 'http://www.w3.org/2004/02/skos/core#prefLabel') ??
    iri.replace(/^.*[#/]/, '');
  const termLink = (iri: string) =>
    iri.includes('#') && desc.topics.includes(iri) ? html`<a href="#${iri.split('#')[1]}">${labelOf(iri)}</a>` : link(iri, labelOf(iri));
  const terms: Term[] = [];
  for (const iri of desc.topics.slice(1)) {
    const own = bySubject.get(iri) ?? [];
    const types = own.filter((q) => q.predicate.value === RDF_TYPE).map((q) => q.object.value);
    const kind =
      types.includes(`${OWL}Class`) || types.includes(`${RDFS}Class`)
        ? 'Class'
        : types.some((t) => /Property$/.test(t))
          ? 'Property'
          : types.some((t) => t.startsWith(SH))
            ? 'Shape'
            : 'Term';
    const rows: Array<[string, Html]> = [];
    for (const [p, name] of [
      [`${RDFS}subClassOf`, 'subclass of'],
      [`${RDFS}subPropertyOf`, 'subproperty of'],
      [`${RDFS}domain`, 'domain'],
      [`${RDFS}range`, 'range'],
      [`${OWL}inverseOf`, 'inverse of'],
    ] as const) {
      const vals = own.filter((q) => q.predicate.value === p && q.object.termType === 'NamedNode').map((q) => termLink(q.object.value));
      if (vals.length) rows.push([name, html`${vals.map((v, i) => html`${i ? ', ' : ''}${v}`)}`]);
    }
    terms.push({
      iri,
      anchor: iri.includes('#') ? iri.split('#')[1] : iri,
      label: labelOf(iri),
      comment: literal(own, `${RDFS}comment`),
      kind,
      rows,
    });
  }
  const section = (kind: string, title: string) => {
    const list = terms.filter((t) => t.kind === kind).sort((a, b) => a.label.localeCompare(b.label));
    return list.length
      ? html`<h2>${title} (${list.length})</h2>
${list.map(
  (t) => html`<section id="${t.anchor}" class="card term">
<h3>${t.label}</h3><p class="iri">${t.iri}</p>
${t.comment ? html`<p>${t.comment}</p>` : ''}
${t.rows.length ? html`<table>${t.rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>` : ''}
</section>`,
)}`
      : '';
  };
  return documentLayout(
    model,
    model.iri,
    html`
<h1>${model.title}</h1>
<p class="iri">${model.iri}</p>
${model.description ? html`<p>${model.description}</p>` : ''}
${propertyList(model.properties)}
<p class="formats">Formats: ${model.formats.map((f) => html`<a href="${f.href}" type="${f.mediaType}">${f.label}</a> `)}</p>
${section('Class', 'Classes')}
${section('Property', 'Properties')}
${section('Shape', 'Shapes')}
${section('Term', 'Other terms')}`,
  );
}

function literal(quads: RDF.Quad[] | undefined, p: string): string | undefined {
  const lits = (quads ?? []).filter((q) => q.predicate.value === p && q.object.termType === 'Literal');
  return (lits.find((q) => (q.object as RDF.Literal).language === 'en') ?? lits[0])?.object.value;
}
