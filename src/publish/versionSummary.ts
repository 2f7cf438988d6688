// What the dataset-level surfaces state that only a reading of every quad gives, computed where the whole version is at hand.
import type { RecordDataset } from '../ingest/load';
import { datasetStats, exampleResources, examplesKey, preferredExampleClasses } from './stats';
import { creators, keywords, namedGraphs, spatialCoverage, temporalCoverage } from './datasetFacts';
import { issuedDate, modifiedDate } from './datasetDescription';
import { pagePaths } from './sitemapPaths';
import { HOME_LISTING, homeListing } from './homeListing';
import { DATASET_PAGE_NAMES, datasetPageNames } from './datasetPageNames';

/**
 * The memo keys of those facts (set by the functions named beside them). Each is a plain JSON value whose size grows
 * with the vocabulary and the record's facts, not with the number of triples: the class and property partitions,
 * the examples, the coverage, keywords and makers, the dates, the graphs that have names.
 */
const FACTS = [
  'stats', // datasetStats
  'temporalCoverage',
  'spatialCoverage',
  'keywords 50',
  'creators',
  'latest dcterms:modified', // modifiedDate, when no ontology states the data's date
  'earliest dcterms:issued', // issuedDate
  'earliest dcterms:created',
  'namedGraphs', // schemaOrgDataset's hasPart
];

/** What `forum-ld publish --store` stores with a version (remote/summaryStore.ts), so replicas need not read it whole. */
export interface VersionSummary {
  /** Memo entries a replica seeds its datasets of the version with: the same values the whole version gives. */
  facts: Array<[string, unknown]>;
  /**
   * Memo entries that grow with the record (a name for every thing a page lists by the thousand): stored apart, in
   * parts, and read by a replica only for the page that asks for them (remote/summaryStore.ts).
   */
  listings: Array<[string, unknown]>;
  /** Every path of the sitemap, in order. */
  pagePaths: readonly string[];
}

/**
 * The summary of a version held whole: runs the code of the dataset description, the home page's schema.org facts
 * and the sitemap over it, and keeps the values they memoised. The examples are those of the default preferred
 * classes (the only ones the server asks for); the graph counts are not here (the catalog holds one per graph). The
 * listings of the home page and of the HTML dataset page are the same code's values too (homeListing, datasetPageNames).
 */
export function versionSummary(ds: RecordDataset): VersionSummary {
  const preferred = preferredExampleClasses(ds.baseIri);
  datasetStats(ds);
  exampleResources(ds, preferred);
  temporalCoverage(ds);
  spatialCoverage(ds);
  keywords(ds);
  creators(ds);
  issuedDate({ dataset: ds });
  modifiedDate({ dataset: ds });
  namedGraphs(ds);
  homeListing(ds);
  datasetPageNames(ds);
  const memos = new Map(ds.memoEntries());
  const keys = [...FACTS, examplesKey(preferred)];
  return {
    facts: keys.filter((k) => memos.has(k)).map((k) => [k, memos.get(k)]),
    listings: [HOME_LISTING, DATASET_PAGE_NAMES].map((k) => [k, memos.get(k)]),
    pagePaths: pagePaths(ds),
  };
}
