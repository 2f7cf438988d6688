// One dcat:Distribution (and void:dataDump) per dump file, with its media type, size, checksum and licence.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Publication } from './live';
import type { DumpFile } from './dumps';

const { namedNode, blankNode, literal, quad } = DataFactory;
const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dcterms: 'http://purl.org/dc/terms/',
  spdx: 'http://spdx.org/rdf/terms#',
  formats: 'http://www.w3.org/ns/formats/',
} as const;
const IANA = 'https://www.iana.org/assignments/media-types/';
/** W3C format IRIs (void:feature) for the dump media types. */
const W3C_FORMAT: Record<string, string> = {
  ttl: 'Turtle',
  nt: 'N-Triples',
  nq: 'N-Quads',
  trig: 'TriG',
  jsonld: 'JSON-LD',
  rdf: 'RDF_XML',
};

/** Where the dumps are downloaded: `BASE dumps/dataset.ttl`. */
export function dumpIri(base: string, file: DumpFile | string): string {
  return `${base}dumps/${typeof file === 'string' ? file : file.name}`;
}

export function dumpTitle(f: DumpFile): string {
  return `${f.format.label} dump${f.gzipped ? ', gzipped' : ''}`;
}

/** The distributions of the dumps written for this version (none while they are still being written). */
export function dumpDistributions(pub: Publication, dsNode: RDF.NamedNode, license: string, modified: RDF.Literal): RDF.Quad[] {
  const base = pub.dataset.baseIri;
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const en = (s: string) => literal(s, 'en');
  const int = (n: number, type = 'integer') => literal(String(n), namedNode(`${NS.xsd}${type}`));
  for (const f of pub.dumps?.files ?? []) {
    const dist = namedNode(dumpIri(base, f));
    t(dsNode, `${NS.dcat}distribution`, dist);
    t(dsNode, `${NS.void}dataDump`, dist);
    t(dist, `${NS.rdf}type`, namedNode(`${NS.dcat}Distribution`));
    t(dist, `${NS.dcterms}title`, en(dumpTitle(f)));
    t(
      dist,
      `${NS.dcterms}description`,
      en(
        f.keepsGraphs
          ? 'The whole dataset, named graphs kept.'
          : 'The whole dataset as one graph (the union of the named graphs, each triple once).',
      ),
    );
    t(dist, `${NS.dcat}downloadURL`, dist);
    t(dist, `${NS.dcat}accessURL`, dist);
    t(dist, `${NS.dcat}mediaType`, namedNode(IANA + f.format.mediaType));
    if (f.gzipped) t(dist, `${NS.dcat}compressFormat`, namedNode(`${IANA}application/gzip`));
    t(dist, `${NS.dcterms}format`, namedNode(NS.formats + W3C_FORMAT[f.format.name]));
    t(dist, `${NS.dcat}byteSize`, int(f.bytes, 'nonNegativeInteger'));
    const sum = blankNode(`checksum${pub.dumps!.files.indexOf(f)}`);
    t(dist, `${NS.spdx}checksum`, sum);
    t(sum, `${NS.rdf}type`, namedNode(`${NS.spdx}Checksum`));
    t(sum, `${NS.spdx}algorithm`, namedNode(`${NS.spdx}checksumAlgorithm_sha256`));
    t(sum, `${NS.spdx}checksumValue`, literal(f.sha256, namedNode(`${NS.xsd}hexBinary`)));
    t(dist, `${NS.dcterms}license`, namedNode(license));
    t(dist, `${NS.dcterms}modified`, modified);
    if (!f.gzipped) t(dsNode, `${NS.void}feature`, namedNode(NS.formats + W3C_FORMAT[f.format.name]));
  }
  return out;
}
