// The dates the publication states about its data: the data's own modification date, and the time span it covers.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCT_MODIFIED = 'http://purl.org/dc/terms/modified';
const OWL_ONTOLOGY = 'http://www.w3.org/2002/07/owl#Ontology';
const SCHEMA = 'https://schema.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** A date the data states: its lexical form and datatype (for RDF), and the instant it starts (for HTTP). */
export interface StatedDate {
  value: string;
  datatype: string;
  at: Date;
}

/**
 * When the data was last modified, by its own word: the latest dcterms:modified the data states about one of its
 * named graphs, the dataset (`id/dataset`) or an ontology it ships. The same for every server built from the same
 * files, whenever and wherever it starts; undefined when the data states none (then no modification date is claimed:
 * no Last-Modified, no dcterms:modified, no lastmod; the ETags still change with every version). This is the one
 * source of every modification date the server states: Last-Modified, dcterms:modified of documents and of the
 * VoID/DCAT description, schema.org dateModified, sitemap lastmod. The time the data was loaded is never one of them.
 */
export function dataModified(ds: Dataset): StatedDate | undefined {
  return ds.memo('dataModified', () => {
    const described = new Set<string>([...ds.graphNames(), `${ds.baseIri}id/dataset`]);
    for (const q of ds.match(null, namedNode(RDF_TYPE), namedNode(OWL_ONTOLOGY), null)) described.add(q.subject.value);
    let latest: StatedDate | undefined;
    for (const q of ds.match(null, namedNode(DCT_MODIFIED), null, null)) {
      if (!described.has(q.subject.value) || q.object.termType !== 'Literal') continue;
      const stated = statedDate(q.object);
      if (stated && (!latest || stated.at.getTime() > latest.at.getTime())) latest = stated;
    }
    return latest;
  });
}

/** An xsd:date or xsd:dateTime literal as a StatedDate (a date starts at midnight UTC); undefined for anything else. */
export function statedDate(lit: RDF.Literal): StatedDate | undefined {
  const dt = lit.datatype.value;
  if (dt === `${XSD}date` && /^\d{4}-\d{2}-\d{2}$/.test(lit.value)) {
    const at = new Date(`${lit.value}T00:00:00Z`);
    return Number.isNaN(at.getTime()) ? undefined : { value: lit.value, datatype: dt, at };
  }
  if (dt === `${XSD}dateTime` && /^\d{4}-\d{2}-\d{2}T/.test(lit.value)) {
    const at = new Date(lit.value);
    return Number.isNaN(at.getTime()) ? undefined : { value: lit.value, datatype: dt, at };
  }
  return undefined;
}

/** The HTTP Last-Modified of any representation of this version of the data (RFC 9110 §8.8.2): the data's own date. */
export function lastModified(ds: Dataset): Date | undefined {
  return dataModified(ds)?.at;
}

/**
 * The span of time the record covers: the earliest start and the latest end of its events' dates (xsd:date). An
 * edition known only by its year (rf:editionYear, no dates) widens the span to that whole year, the most the data
 * says of it; a year the dated events already fall in does not. Undefined when the data states no dates.
 */
export function temporalCoverage(ds: Dataset): { start: string; end: string } | undefined {
  let start: string | undefined;
  let end: string | undefined;
  const widen = (from: string, to: string) => {
    if (!start || from < start) start = from;
    if (!end || to > end) end = to;
  };
  const dated = new Set<string>();
  for (const p of ['startDate', 'endDate']) {
    for (const q of ds.match(null, namedNode(`${SCHEMA}${p}`), null, null)) {
      const d = /^\d{4}-\d{2}-\d{2}/.exec(q.object.value)?.[0];
      if (q.object.termType !== 'Literal' || !d) continue;
      widen(d, d);
      dated.add(q.subject.value);
    }
  }
  for (const q of ds.match(null, namedNode(`${ds.baseIri}def/forum#editionYear`), null, null)) {
    const y = /^\d{4}$/.exec(q.object.value)?.[0];
    if (y && !dated.has(q.subject.value)) widen(`${y}-01-01`, `${y}-12-31`);
  }
  return start && end ? { start, end } : undefined;
}
