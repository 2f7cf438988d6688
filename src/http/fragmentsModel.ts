// The plain model of a fragment's HTML page: each term with the fragment it leads to and, where it has one, its page.
import type * as RDF from '@rdfjs/types';
import { compactIri, allPrefixes } from '../rdf/prefixes';
import { hrefFor } from '../rdf/iriScheme';
import { Dataset } from '../store/dataset';
import { FragmentPage } from '../fragments/fragment';
import { FragmentUrls, FRAGMENTS_PATH, searchTemplate, TPF_SPEC } from '../fragments/controls';
import { DEFAULT_GRAPH_IRI, GENID_PATH, Parameters, parameterValue, patternText, Selector } from '../fragments/selector';
import { FragmentsPageModel, FragmentTermView } from '../views/fragmentsPage';
import type { SiteChrome } from '../views/model';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
/** The form offers this many named graphs by name; any other can be typed. */
const GRAPHS_OFFERED = 200;

export function fragmentsModel(
  ds: Dataset,
  sel: Selector,
  given: Parameters,
  result: FragmentPage,
  urls: FragmentUrls,
  site: SiteChrome & { datasetTitle: string; union: boolean },
): FragmentsPageModel {
  const base = ds.baseIri;
  const prefixes = allPrefixes(base);
  const link = (position: 'subject' | 'predicate' | 'object', t: RDF.Term) =>
    `${FRAGMENTS_PATH}?${position}=${encodeURIComponent(parameterValue(t))}`;
  const view = (t: RDF.Term, position: 'subject' | 'predicate' | 'object' | 'graph'): FragmentTermView => {
    if (t.termType === 'Literal') {
      const dt = t.datatype.value;
      return {
        label: t.value,
        lang: t.language || undefined,
        datatype: t.language || dt === `${XSD}string` ? undefined : (compactIri(dt, prefixes) ?? dt),
        href: link('object', t),
      };
    }
    const iri = t.value;
    const genid = iri.startsWith(`${base}${GENID_PATH}`);
    // IRIs lead to the fragment with them as subject (predicates: as predicate; graphs: the graph's quads).
    const href =
      position === 'graph'
        ? `${FRAGMENTS_PATH}?graph=${encodeURIComponent(iri)}`
        : link(position === 'predicate' ? 'predicate' : 'subject', t);
    const page = genid ? undefined : iri.startsWith(base) ? hrefFor(iri, base) : /^https?:\/\//i.test(iri) ? iri : undefined;
    return { label: genid ? `_:${iri.slice(base.length + GENID_PATH.length)}` : (compactIri(iri, prefixes) ?? iri), iri, href, page };
  };
  return {
    siteName: site.siteName,
    assets: site.assets,
    datasetTitle: site.datasetTitle,
    pattern: patternText(sel),
    form: { subject: given.subject ?? '', predicate: given.predicate ?? '', object: given.object ?? '', graph: given.graph },
    quads: sel.graph.kind !== 'default',
    union: site.union,
    graphs: ds.graphNames().slice(0, GRAPHS_OFFERED),
    defaultGraphIri: DEFAULT_GRAPH_IRI,
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    links: {
      first: local(urls.first, urls.origin),
      previous: urls.previous && local(urls.previous, urls.origin),
      next: urls.next && local(urls.next, urls.origin),
    },
    rows: result.quads.map((q) => ({
      subject: view(q.subject, 'subject'),
      predicate: view(q.predicate, 'predicate'),
      object: view(q.object, 'object'),
      graph: sel.graph.kind === 'default' || q.graph.termType === 'DefaultGraph' ? undefined : view(q.graph, 'graph'),
    })),
    impossible: sel.impossible,
    template: searchTemplate(urls.origin),
    description: '/doc/dataset',
    sparql: '/sparql',
    spec: TPF_SPEC,
  };
}

/** A same-origin URL as a path, so that links work under whatever name the page was reached. */
function local(url: string, origin: string): string {
  return url.startsWith(origin) ? url.slice(origin.length) : url;
}
