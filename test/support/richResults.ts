// The structured-data requirements we check against, as published: Google's Event and Dataset rich results, schema.org's Claim.
import type * as RDF from '@rdfjs/types';

const S = 'https://schema.org/';

/**
 * A published list of properties: those a type must have, and those it should have. No npm package checks these
 * offline (@adobe/structured-data-validator has no Event, Dataset or Claim handler and needs the schema.org vocabulary
 * fetched; structured-data-testing-tool has no Event or Dataset preset and fetches pages), so they are written here.
 */
export interface Requirements {
  type: string;
  source: string;
  required: string[];
  recommended: string[];
}

/** Google Search Central, "Event (Event, Place, VirtualLocation) structured data", required and recommended properties. */
export const EVENT: Requirements = {
  type: 'Event',
  source: 'https://developers.google.com/search/docs/appearance/structured-data/event',
  required: ['name', 'startDate', 'location', 'location.address'],
  recommended: [
    'description',
    'endDate',
    'eventAttendanceMode',
    'eventStatus',
    'image',
    'location.name',
    'offers',
    'organizer',
    'performer',
    'previousStartDate',
  ],
};

/** Google Search Central, "Dataset structured data", required and recommended properties. */
export const DATASET: Requirements = {
  type: 'Dataset',
  source: 'https://developers.google.com/search/docs/appearance/structured-data/dataset',
  required: ['name', 'description'],
  recommended: [
    'alternateName',
    'creator',
    'citation',
    'funder',
    'hasPart',
    'isPartOf',
    'identifier',
    'isAccessibleForFree',
    'keywords',
    'license',
    'measurementTechnique',
    'sameAs',
    'spatialCoverage',
    'temporalCoverage',
    'variableMeasured',
    'version',
    'url',
    'distribution',
    'distribution.contentUrl',
    'distribution.encodingFormat',
    'includedInDataCatalog',
  ],
};

/**
 * schema.org's Claim (no rich result of its own: Google's is ClaimReview, which needs a review nobody wrote): the
 * properties that make a claim a claim, its text and where it appears.
 */
export const CLAIM: Requirements = {
  type: 'Claim',
  source: 'https://schema.org/Claim',
  required: ['text', 'appearance'],
  recommended: ['name', 'isPartOf|hasPart'],
};

/** The values of a dotted path (`location.address`; `a|b` for either) from `node` in the statements. */
export function valuesAt(quads: RDF.Quad[], node: RDF.Term, path: string): RDF.Term[] {
  let nodes: RDF.Term[] = [node];
  for (const step of path.split('.')) {
    const props = step.split('|').map((p) => `${S}${p}`);
    nodes = nodes.flatMap((n) => quads.filter((q) => q.subject.equals(n) && props.includes(q.predicate.value)).map((q) => q.object));
  }
  return nodes;
}

/**
 * What `node` lacks of `req`: every missing required property, and every missing recommended one that `absent`
 * does not explain (the source does not say it). A recommended property that `absent` explains must be absent.
 */
export function unmet(quads: RDF.Quad[], node: RDF.Term, req: Requirements, absent: Record<string, string> = {}): string[] {
  const problems: string[] = [];
  for (const p of req.required) if (!valuesAt(quads, node, p).length) problems.push(`${req.type}: required ${p} missing`);
  for (const p of req.recommended) {
    const has = valuesAt(quads, node, p).length > 0;
    if (!has && !(p in absent)) problems.push(`${req.type}: recommended ${p} missing`);
    if (has && p in absent) problems.push(`${req.type}: ${p} stated although ${absent[p]}`);
  }
  return problems;
}
