// What the home page lists: the record's things grouped by kind, each with its name, computed once per version.
import { DataFactory } from 'n3';
import type { RecordDataset } from '../ingest/load';
import { allPrefixes } from '../rdf/prefixes';
import { Labeller } from './labeller';
import { readingIndex, readingMarker } from './readings';

const { namedNode } = DataFactory;
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

/** The memo key of the listing: `publish --store` stores its value with the version's summary (versionSummary.ts). */
export const HOME_LISTING = 'home listing';

/** One kind of thing the home page lists; `reading`: the thing is listed only by a curators' reading (its marker). */
export interface HomeListed {
  title: string;
  items: Array<{ iri: string; label: string; reading?: string }>;
}

/** Which kinds of things the home page lists, in order; `rf:` terms resolve against the base. */
function sections(base: string): Array<{ title: string; type: string; except?: string }> {
  return [
    { title: 'Event series', type: 'https://schema.org/EventSeries' },
    { title: 'Forums', type: `${base}def/forum#Forum` },
    // The source counts a forum's sessions (a plenary, round tables) apart from a presentation given at it.
    { title: 'Sessions', type: `${base}def/forum#ForumSession`, except: `${base}def/forum#Presentation` },
    { title: 'Presentations', type: `${base}def/forum#Presentation` },
    { title: 'Key findings', type: `${base}def/forum#Finding` },
    { title: 'Organisations', type: 'https://schema.org/Organization' },
    { title: 'Participant groups', type: `${base}def/forum#ParticipantGroup` },
    { title: 'Places and countries', type: 'https://schema.org/Place' },
    { title: 'Platforms', type: `${base}def/forum#DigitalPlatform` },
    { title: 'Studies and sources', type: 'https://schema.org/CreativeWork' },
    { title: 'Concept schemes', type: 'http://www.w3.org/2004/02/skos/core#ConceptScheme' },
  ];
}

/**
 * The kinds that have things, each thing named as the pages name it and sorted by that name. Plain JSON (a replica
 * reads it from the store instead of reading every listed thing's name there); callers must not change it.
 */
export function homeListing(ds: RecordDataset): readonly HomeListed[] {
  return ds.memo(HOME_LISTING, () => {
    const labels = new Labeller(ds, allPrefixes(ds.baseIri));
    const readings = readingIndex(ds);
    const listed: HomeListed[] = [];
    for (const s of sections(ds.baseIri)) {
      const typed = ds
        .match(null, RDF_TYPE, namedNode(s.type), null)
        .filter((q) => q.subject.termType === 'NamedNode')
        .filter((q) => !s.except || ds.store.countQuads(q.subject, RDF_TYPE, namedNode(s.except), undefined) === 0);
      // A thing typed so only by a reading (a provisional entity) is listed with that reading's marker.
      const marks = new Map(typed.map((q) => [q.subject.value, readings.of(q)?.map(readingMarker).join('; ')]));
      const items = [...new Set(typed.map((q) => q.subject.value))]
        .map((iri) => {
          const reading = marks.get(iri);
          return reading === undefined ? { iri, label: labels.display(iri) } : { iri, label: labels.display(iri), reading };
        })
        .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
      if (items.length) listed.push({ title: s.title, items });
    }
    return listed;
  });
}
