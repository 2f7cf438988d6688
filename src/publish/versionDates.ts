// The modification date the publication states about its data: the data's own, never the time it was loaded.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Dataset } from '../store/dataset';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCT_MODIFIED = 'http://purl.org/dc/terms/modified';
const OWL_ONTOLOGY = 'http://www.w3.org/2002/07/owl#Ontology';
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
