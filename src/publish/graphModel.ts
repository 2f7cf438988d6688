// Turns the contents of a named graph or nanopublication into the plain model its HTML page renders.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { hrefFor } from '../rdf/iriScheme';
import { termKey } from '../rdf/termKey';
import type { GraphPageModel } from '../views/model';
import type { GraphDescription } from './graphDocument';
import { distinctTriples, ModelContext, propertyViews } from './resourceModel';

const DESCRIPTION = ['http://purl.org/dc/terms/description', 'http://www.w3.org/2000/01/rdf-schema#comment'];

export function buildGraphModel(desc: GraphDescription, ctx: ModelContext): GraphPageModel {
  const ds = ctx.dataset;
  const { termView, group, labels } = propertyViews(ds, ctx.prefixes, distinctTriples(desc.quads));
  const describedAs = (iri: string) =>
    ds
      .match(DataFactory.namedNode(iri), null, null, null)
      .find((q) => DESCRIPTION.includes(q.predicate.value) && q.object.termType === 'Literal')?.object.value;
  const graphs = desc.graphs.map((g) => {
    const quads = ds.match(null, null, null, DataFactory.namedNode(g));
    // Named subjects in order of first appearance; blank nodes are shown nested under what points at them.
    const subjects = new Map<string, { node: RDF.Term; quads: RDF.Quad[] }>();
    for (const q of quads) {
      if (q.subject.termType === 'BlankNode' && quads.some((o) => o.object.equals(q.subject))) continue;
      const k = termKey(q.subject);
      if (!subjects.has(k)) subjects.set(k, { node: q.subject, quads: [] });
      subjects.get(k)!.quads.push(DataFactory.quad(q.subject, q.predicate, q.object));
    }
    return {
      graph: { iri: g, href: hrefFor(g, ds.baseIri), label: labels.display(g) },
      description: describedAs(g),
      subjects: [...subjects.values()].map((s) => ({ subject: termView(s.node, 0), properties: group(s.quads, 0, false) })),
    };
  });
  return {
    iri: desc.documentIri,
    title:
      labels.labelOf(desc.documentIri) ??
      (desc.nanopublication ? `Nanopublication ${labels.display(desc.documentIri)}` : labels.display(desc.documentIri)),
    description: describedAs(desc.documentIri),
    graphs,
    formats: ctx.formats,
    siteName: ctx.siteName,
    assets: ctx.assets,
  };
}
