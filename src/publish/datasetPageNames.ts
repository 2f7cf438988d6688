// The names the HTML dataset page gives each class, property and named graph, computed once per version.
import type { RecordDataset } from '../ingest/load';
import { allPrefixes } from '../rdf/prefixes';
import { Labeller } from './labeller';
import { datasetStats, graphCounts } from './stats';

/** The memo key of the names: `publish --store` stores their value with the version's summary (versionSummary.ts). */
export const DATASET_PAGE_NAMES = 'dataset page names';

/** [IRI, name] pairs: classes and properties in words, graphs by what names them (plain JSON; callers must not change it). */
export interface DatasetPageNames {
  classes: Array<[string, string]>;
  properties: Array<[string, string]>;
  graphs: Array<[string, string]>;
}

/**
 * The names of everything the dataset page lists by the thousand (a graph per nanopublication): a replica reads them
 * from the store in one query instead of reading, graph by graph, what names each.
 */
export function datasetPageNames(ds: RecordDataset): DatasetPageNames {
  return ds.memo(DATASET_PAGE_NAMES, () => {
    const stats = datasetStats(ds);
    const labels = new Labeller(ds, allPrefixes(ds.baseIri));
    return {
      classes: stats.classes.map((c) => [c.iri, labels.typeLabel(c.iri)]),
      properties: stats.properties.map((p) => [p.iri, labels.propertyLabel(p.iri)]),
      graphs: graphCounts(ds)
        .filter((g) => g.iri)
        .map((g) => [g.iri, labels.display(g.iri)]),
    };
  });
}
