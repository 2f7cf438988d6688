// The VoID and DCAT description of the published dataset: counts, partitions, access points, one distribution per dump.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Publication } from './live';
import type { Dataset } from '../store/dataset';
import { datasetIri } from './describe';
import { datasetStats, exampleResources, graphCounts } from './stats';
import { factMatch } from './factGraphs';
import { dumpDistributions, dumpIri, dumpTitle } from './dumpDistributions';
import { fragmentsAnnouncement } from '../fragments/controls';
import { dataModified, lastModified } from './versionDates';
import { creators, keywords, spatialCoverage, temporalCoverage } from './datasetFacts';
import {
  agentStatements,
  catalogIri,
  catalogStatements,
  ContactConfig,
  PublisherConfig,
  publisherOf,
  rangeTypes,
  themeStatements,
} from './catalog';

const { namedNode, blankNode, literal, quad } = DataFactory;
export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dcterms: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  spdx: 'http://spdx.org/rdf/terms#',
  prov: 'http://www.w3.org/ns/prov#',
  formats: 'http://www.w3.org/ns/formats/',
  schema: 'https://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
} as const;
export { dumpIri, dumpTitle };

export const DEFAULT_TITLE = 'Central Asian regional forums: the published record';
export const DEFAULT_DESCRIPTION =
  'The record of the Central Asian regional forums as Linked Data: editions, sessions, participant groups, ' +
  "the organisations involved in the source's own role phrases, and key findings with their verbatim text, each traced to its source.";

export type Publisher = PublisherConfig;
export interface DescriptionOptions {
  license: string;
  publisher: PublisherConfig;
  /** How to reach the publisher (CONTACT_EMAIL, CONTACT_URL); the site itself when nothing is configured. */
  contact?: ContactConfig;
  preferredExamples?: readonly string[];
}

/**
 * What a representation that lists the dumps (the description, the home page) says of its freshness: an ETag part
 * that tells it apart before and after the dumps landed, the date they did, and a short max-age while they are
 * still being written (a first start), so no harvester keeps a description without them.
 */
export function dumpsFreshness(pub: Publication): { etagPart: string; lastModified?: Date; maxAge?: number } {
  const etagPart = pub.dumps ? `dumps ${pub.dumps.version}` : pub.dumpsPending ? 'dumps pending' : 'no dumps';
  // The dumps landing changes the ETag, not the data's date: Last-Modified stays the data's own (versionDates.ts).
  return { etagPart, lastModified: lastModified(pub.dataset), ...(pub.dumpsPending ? { maxAge: 10 } : {}) };
}

/** The title and description stated for the dataset IRI in the data, else the defaults. */
export function datasetText(pub: Publication): { title: string; description: string } {
  const ds = pub.dataset;
  const node = namedNode(datasetIri(ds.baseIri));
  const pick = (props: string[]) => {
    for (const p of props) {
      const lits = ds
        .match(node, namedNode(p), null, null)
        .map((q) => q.object)
        .filter((o): o is RDF.Literal => o.termType === 'Literal');
      const l = lits.find((x) => x.language === 'en') ?? lits.find((x) => !x.language) ?? lits[0];
      if (l) return l.value;
    }
    return undefined;
  };
  return {
    title: pick([`${NS.dcterms}title`, `${NS.rdfs}label`, `${NS.schema}name`]) ?? DEFAULT_TITLE,
    description: pick([`${NS.dcterms}description`, `${NS.rdfs}comment`, `${NS.schema}description`]) ?? DEFAULT_DESCRIPTION,
  };
}

/** The latest dcterms:modified date stated in the data, else the time this version was loaded. */
export function modifiedDate(pub: Pick<Publication, 'dataset'>): RDF.Literal {
  // The data's own date (versionDates.ts), the one every Last-Modified and lastmod states.
  const stated = dataModified(pub.dataset);
  if (stated) return literal(stated.value, namedNode(stated.datatype));
  const latest = extremeDate(pub.dataset, 'modified', 'latest');
  return latest ? asLiteral(latest) : literal(pub.dataset.info.loadedAt.toISOString(), namedNode(`${NS.xsd}dateTime`));
}

/**
 * The latest or earliest date-like literal of a dcterms property in the data, as plain values: a scan of every such
 * statement, kept per dataset and published with a version (versionSummary.ts).
 */
function extremeDate(ds: Dataset, property: string, which: 'latest' | 'earliest'): PlainLiteral | undefined {
  return ds.memo(`${which} dcterms:${property}`, () => {
    let best: RDF.Literal | undefined;
    for (const q of ds.match(null, namedNode(`${NS.dcterms}${property}`), null, null)) {
      const o = q.object;
      if (o.termType !== 'Literal' || !/^\d{4}-\d{2}-\d{2}/.test(o.value)) continue;
      if (!best || (which === 'latest' ? o.value > best.value : o.value < best.value)) best = o;
    }
    return best && { value: best.value, language: best.language, datatype: best.datatype.value };
  });
}

interface PlainLiteral {
  value: string;
  language: string;
  datatype: string;
}

function asLiteral(l: PlainLiteral): RDF.Literal {
  return l.language ? literal(l.value, l.language) : literal(l.value, namedNode(l.datatype));
}

/**
 * When the dataset was first issued: the earliest `dcterms:issued`, else `dcterms:created`, the data states (the
 * nanopublications' creation dates in the default record), else the modification date.
 */
export function issuedDate(pub: Pick<Publication, 'dataset'>): RDF.Literal {
  for (const p of ['issued', 'created']) {
    const first = extremeDate(pub.dataset, p, 'earliest');
    if (first) return asLiteral(first);
  }
  return modifiedDate(pub);
}

/** A bound of the covered period as DCAT types it: xsd:gYear for a year alone, else xsd:date. */
function dateBound(b: string): RDF.Literal {
  return literal(b, namedNode(`${NS.xsd}${b.length === 4 ? 'gYear' : 'date'}`));
}

/** Every statement of the description; the document about it is `docIri`. */
export function datasetDescription(pub: Publication, docIri: string, opts: DescriptionOptions): RDF.Quad[] {
  const ds = pub.dataset;
  const base = ds.baseIri;
  const stats = datasetStats(ds);
  const out: RDF.Quad[] = [];
  const t = (s: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(s, namedNode(p), o));
  const int = (n: number, type = 'integer') => literal(String(n), namedNode(`${NS.xsd}${type}`));
  const en = (s: string) => literal(s, 'en');
  const dsNode = namedNode(datasetIri(base));
  const { title, description } = datasetText(pub);
  const modified = modifiedDate(pub);
  const issued = issuedDate(pub);
  const publisher = publisherOf(base, opts.publisher);
  const agents = agentStatements(base, publisher, opts.contact ?? {});
  const themes = themeStatements(ds, dsNode);
  const places = spatialCoverage(ds);

  const doc = namedNode(docIri);
  t(doc, `${NS.rdf}type`, namedNode(`${NS.void}DatasetDescription`));
  t(doc, `${NS.rdf}type`, namedNode(`${NS.foaf}Document`));
  t(doc, `${NS.dcterms}title`, en(`Description of the dataset "${title}"`));
  t(doc, `${NS.foaf}primaryTopic`, dsNode);

  // Statements the data itself makes about the dataset (its own title, sources, ...) come first.
  for (const q of factMatch(ds, dsNode, null, null)) if (q.predicate.value !== `${NS.dcat}theme`) out.push(q);
  t(dsNode, `${NS.rdf}type`, namedNode(`${NS.void}Dataset`));
  t(dsNode, `${NS.rdf}type`, namedNode(`${NS.dcat}Dataset`));
  t(dsNode, `${NS.dcterms}title`, en(title));
  t(dsNode, `${NS.dcterms}description`, en(description));
  t(dsNode, `${NS.dcterms}license`, namedNode(opts.license));
  t(dsNode, `${NS.dcterms}publisher`, namedNode(publisher.iri));
  t(dsNode, `${NS.dcat}contactPoint`, agents.contact);
  out.push(...agents.quads);
  for (const c of creators(ds)) {
    t(dsNode, `${NS.dcterms}creator`, namedNode(c.iri));
    t(namedNode(c.iri), `${NS.rdf}type`, namedNode(`${NS.foaf}Agent`));
    t(namedNode(c.iri), `${NS.foaf}name`, en(c.name));
  }
  t(dsNode, `${NS.dcterms}issued`, issued);
  t(dsNode, `${NS.dcterms}modified`, modified);
  for (const k of keywords(ds)) t(dsNode, `${NS.dcat}keyword`, en(k));
  out.push(...themes.quads);
  for (const p of places) {
    t(dsNode, `${NS.dcterms}spatial`, namedNode(p.iri));
    t(namedNode(p.iri), `${NS.skos}prefLabel`, en(p.name));
  }
  const span = temporalCoverage(ds);
  if (span) {
    const period = blankNode('temporal');
    t(dsNode, `${NS.dcterms}temporal`, period);
    t(period, `${NS.rdf}type`, namedNode(`${NS.dcterms}PeriodOfTime`));
    t(period, `${NS.dcat}startDate`, dateBound(span.start));
    t(period, `${NS.dcat}endDate`, dateBound(span.end));
  }
  t(dsNode, `${NS.dcat}landingPage`, namedNode(base));
  t(dsNode, `${NS.foaf}homepage`, namedNode(base));
  for (const name of [...ds.info.sources.keys()].sort()) {
    const src = `${base}id/source/${name}`;
    if (ds.mentions(src)) t(dsNode, `${NS.prov}wasDerivedFrom`, namedNode(src));
  }

  t(dsNode, `${NS.void}triples`, int(stats.triples));
  t(dsNode, `${NS.void}entities`, int(stats.entities));
  t(dsNode, `${NS.void}distinctSubjects`, int(stats.distinctSubjects));
  t(dsNode, `${NS.void}distinctObjects`, int(stats.distinctObjects));
  t(dsNode, `${NS.void}properties`, int(stats.properties.length));
  t(dsNode, `${NS.void}classes`, int(stats.classes.length));
  t(dsNode, `${NS.void}uriSpace`, literal(stats.uriSpace));
  t(dsNode, `${NS.void}uriRegexPattern`, literal(`^${escapeRegex(stats.uriSpace)}`));
  for (const v of stats.vocabularies) t(dsNode, `${NS.void}vocabulary`, namedNode(v));
  for (const e of exampleResources(ds, opts.preferredExamples)) t(dsNode, `${NS.void}exampleResource`, namedNode(e));
  if (ds.mentions(`${base}def/forum`)) t(dsNode, `${NS.void}rootResource`, namedNode(`${base}def/forum`));

  stats.classes.forEach((c, i) => {
    const part = blankNode(`class${i}`);
    t(dsNode, `${NS.void}classPartition`, part);
    t(part, `${NS.void}class`, namedNode(c.iri));
    t(part, `${NS.void}entities`, int(c.entities));
  });
  stats.properties.forEach((p, i) => {
    const part = blankNode(`property${i}`);
    t(dsNode, `${NS.void}propertyPartition`, part);
    t(part, `${NS.void}property`, namedNode(p.iri));
    t(part, `${NS.void}triples`, int(p.triples));
    t(part, `${NS.void}distinctSubjects`, int(p.distinctSubjects));
    t(part, `${NS.void}distinctObjects`, int(p.distinctObjects));
  });
  graphCounts(ds)
    .filter((g) => g.iri)
    .forEach((g, i) => {
      const part = blankNode(`graph${i}`);
      t(dsNode, `${NS.void}subset`, part);
      t(part, `${NS.rdf}type`, namedNode(`${NS.void}Dataset`));
      t(part, `${NS.rdf}type`, namedNode(`${NS.sd}NamedGraph`));
      t(part, `${NS.sd}name`, namedNode(g.iri));
      t(part, `${NS.void}triples`, int(g.triples));
    });

  // The SPARQL endpoint, as VoID says it and as a DCAT data service.
  const endpoint = namedNode(`${base}sparql`);
  const service = namedNode(`${base}sparql#service`);
  t(dsNode, `${NS.void}sparqlEndpoint`, endpoint);
  t(service, `${NS.rdf}type`, namedNode(`${NS.dcat}DataService`));
  t(service, `${NS.rdf}type`, namedNode(`${NS.sd}Service`));
  t(service, `${NS.dcterms}title`, en('SPARQL endpoint'));
  t(service, `${NS.dcat}endpointURL`, endpoint);
  t(service, `${NS.dcat}endpointDescription`, endpoint);
  t(service, `${NS.dcat}servesDataset`, dsNode);
  t(service, `${NS.dcterms}conformsTo`, namedNode('https://www.w3.org/TR/sparql11-protocol/'));
  t(service, `${NS.sd}endpoint`, endpoint);
  t(service, `${NS.dcterms}license`, namedNode(opts.license));
  t(dsNode, `${NS.dcat}distribution`, namedNode(`${base}sparql#distribution`));
  const sparqlDist = namedNode(`${base}sparql#distribution`);
  t(sparqlDist, `${NS.rdf}type`, namedNode(`${NS.dcat}Distribution`));
  t(sparqlDist, `${NS.dcterms}title`, en('SPARQL endpoint'));
  t(sparqlDist, `${NS.dcat}accessURL`, endpoint);
  t(sparqlDist, `${NS.dcat}accessService`, service);
  t(sparqlDist, `${NS.dcterms}license`, namedNode(opts.license));
  // The Triple Pattern Fragments interface: another way to the same data, answered from the indexes.
  out.push(...fragmentsAnnouncement(base, dsNode.value, opts.license));

  out.push(...dumpDistributions(pub, dsNode, opts.license, modified));
  // The catalogue: this site's one dataset and its two data services, under the same publisher.
  t(doc, `${NS.foaf}topic`, namedNode(catalogIri(base)));
  out.push(
    ...catalogStatements(base, {
      title,
      publisher: publisher.iri,
      dataset: dsNode.value,
      services: [service.value, `${base}fragments#service`],
      license: opts.license,
      issued,
      modified,
      places: places.map((p) => p.iri),
      taxonomies: themes.taxonomies,
    }),
  );
  out.push(...rangeTypes(out));
  return bySubject(dedupe(out));
}

/** Each triple once (the data's own statements about the dataset may repeat what is added here). */
function dedupe(quads: RDF.Quad[]): RDF.Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const k = `${q.subject.termType}${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value} ${(q.object as RDF.Literal).datatype?.value ?? ''} ${(q.object as RDF.Literal).language ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Statements grouped by subject (named subjects first, in order of appearance), so Turtle writes each subject once. */
function bySubject(quads: RDF.Quad[]): RDF.Quad[] {
  const groups = new Map<string, RDF.Quad[]>();
  for (const q of quads) {
    const k = `${q.subject.termType === 'BlankNode' ? 1 : 0}${q.subject.value}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(q);
  }
  return [...groups.entries()].sort((a, b) => Number(a[0][0]) - Number(b[0][0])).flatMap(([, g]) => g);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
