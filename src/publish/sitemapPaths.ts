// The paths a sitemap lists: collected from the whole version, or read a page at a time from what the publisher listed.
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';
import { hrefFor } from '../rdf/iriScheme';
import type { Publication } from './live';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL_ONTOLOGY = 'http://www.w3.org/2002/07/owl#Ontology';

/** Every page path a crawler should visit: home, descriptions, ontology, sources, and one page per resource. */
export function pagePaths(ds: Dataset): string[] {
  return ds.memo('sitemapPaths', () => collectPagePaths(ds));
}

function collectPagePaths(ds: Dataset): string[] {
  const base = ds.baseIri;
  const out = new Set<string>(['/', '/doc/dataset', '/sparql']);
  for (const q of ds.match(null, namedNode(RDF_TYPE), namedNode(OWL_ONTOLOGY), null)) {
    if (q.subject.value.startsWith(`${base}def/`)) out.add(hrefFor(q.subject.value, base));
  }
  for (const name of [...ds.info.sources.keys()].sort()) out.add(`/source/${name}`);
  const retired = new Set([
    ...ds.match(null, namedNode('http://purl.org/dc/terms/isReplacedBy'), null, null).map((q) => q.subject.value),
    ...ds
      .match(null, namedNode('http://www.w3.org/2002/07/owl#deprecated'), null, null)
      .filter((q) => q.object.value === 'true')
      .map((q) => q.subject.value),
  ]);
  const resources = new Set<string>();
  for (const q of ds.quads()) {
    for (const t of [q.subject, q.graph]) {
      if (t.termType !== 'NamedNode' || retired.has(t.value) || !t.value.startsWith(base)) continue;
      const local = t.value.slice(base.length);
      if (/^(id|graph|np)\//.test(local) && !local.includes('#')) resources.add(t.value);
    }
  }
  for (const iri of [...resources].sort()) out.add(hrefFor(iri, base));
  return [...out];
}

/** The sitemap's paths as a surface reads them: how many, and a slice (never the whole list from a store). */
export interface PagePaths {
  readonly count: number;
  slice(from: number, to: number): Promise<string[]>;
}

/**
 * The sitemap's paths of a publication: from the version held here, or (a replica over a store) from the list the
 * publisher stored with the version, read a slice at a time.
 */
export function sitemapPaths(pub: Publication): PagePaths {
  const listed = pub.access?.pagePaths;
  if (listed) return listed;
  const paths = pagePaths(pub.dataset);
  return { count: paths.length, slice: async (from, to) => paths.slice(from, to) };
}
