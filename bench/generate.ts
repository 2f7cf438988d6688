// Seeded generator of synthetic forum records in the project's model (series, editions, sessions, organisations
// in roles, participant groups, findings as nanopublications with claims, mentions and topics), as N-Quads.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from './random';
import { WORDS, ADJECTIVES, NOUNS, KINDS, SYLLABLES, RARE_WORD } from './words';

export interface GenerateOptions {
  /** Approximate number of quads wanted; generation stops at the first edition boundary past it. */
  triples: number;
  seed: number;
  /** Absolute base IRI of every generated IRI (ends with '/'). */
  base: string;
  /** Output folder: data/records.nq, data/sources/{slug}.txt (the quoted source texts) and catalog.json. */
  dir: string;
}

/** What the queries need to know about the generated data: IRIs that exist, words that occur. */
export interface Catalog {
  base: string;
  seed: number;
  quads: number;
  series: number;
  editions: number;
  organisations: number;
  countries: number;
  findings: number;
  /** The N-Quads file, and the folder our server loads (records and source texts), relative to the catalog's folder. */
  records: string;
  dataDir: string;
  /** The project's ontology files copied next to the records (Turtle, relative IRIs: parse with `base`). */
  ontology: string[];
  ontologyHash: string;
  /** A well-connected edition, its series, the country it was held in, a top topic. */
  edition: string;
  series0: string;
  country: string;
  topTopic: string;
  /** Editions and countries to vary requests over (uncached runs). */
  editionSample: string[];
  countrySample: string[];
  rareWord: string;
  /** The document path of `edition` (`/doc/event/...`). */
  editionDoc: string;
}

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  schema: 'https://schema.org/',
  org: 'http://www.w3.org/ns/org#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  dcterms: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  oa: 'http://www.w3.org/ns/oa#',
  np: 'http://www.nanopub.org/nschema#',
  owl: 'http://www.w3.org/2002/07/owl#',
};

const ROLES = [
  { key: 'supporter', concept: 'role-supporter', phrase: 'with the support of', prop: 'supportedBy' },
  { key: 'partner', concept: 'role-partner', phrase: 'in partnership with', prop: 'inPartnershipWith' },
  { key: 'financial', concept: 'role-financial-supporter', phrase: 'with financial support of', prop: 'financiallySupportedBy' },
  { key: 'attendee', concept: 'role-attendee', phrase: 'was attended by', prop: 'attendedBy' },
] as const;

/** Buffered line writer: N-Quads statements go out in large chunks. */
class QuadWriter {
  private chunks: string[] = [];
  private size = 0;
  count = 0;
  constructor(private readonly fd: number) {}
  write(s: string, p: string, o: string, g?: string): void {
    const line = g ? `${s} ${p} ${o} ${g} .\n` : `${s} ${p} ${o} .\n`;
    this.chunks.push(line);
    this.size += line.length;
    this.count++;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.chunks.length) fs.writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }
}

export function generate(opts: GenerateOptions): Catalog {
  const { base } = opts;
  const rnd = new Random(opts.seed);
  const dataDir = path.join(opts.dir, 'data');
  fs.mkdirSync(path.join(dataDir, 'sources'), { recursive: true });
  const recordsFile = path.join(dataDir, 'records.nq');
  const fd = fs.openSync(recordsFile, 'w');
  const w = new QuadWriter(fd);

  const iri = (local: string) => `<${base}${local}>`;
  const ns = (prefix: keyof typeof NS, local: string) => `<${NS[prefix]}${local}>`;
  const rf = (local: string) => `<${base}def/forum#${local}>`;
  const A = ns('rdf', 'type');
  const lit = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const en = (v: string) => `${lit(v)}@en`;
  const typed = (v: string | number, dt: string) => `${lit(String(v))}^^<${NS.xsd}${dt}>`;
  const sentence = (min: number, max: number) => {
    const n = rnd.int(min, max);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(rnd.skewed(WORDS));
    const s = words.join(' ');
    return `${s.charAt(0).toUpperCase() + s.slice(1)}.`;
  };

  // ---------------------------------------------------------------- reference data (countries, places, schemes)
  const gRef = iri('graph/reference');
  const codes = new Set<string>();
  const countries: Array<{ iri: string; code: string }> = [];
  while (countries.length < 40) {
    const code = String.fromCharCode(97 + rnd.int(0, 25), 97 + rnd.int(0, 25));
    if (codes.has(code)) continue;
    codes.add(code);
    const c = iri(`id/country/${code}`);
    const name = `${rnd.pick(SYLLABLES)}${rnd.pick(SYLLABLES)}${rnd.pick(SYLLABLES)}ia`;
    const id = `_:iso${code}`;
    w.write(c, A, ns('schema', 'Country'), gRef);
    w.write(c, A, ns('schema', 'Place'), gRef);
    w.write(c, ns('schema', 'name'), en(name.charAt(0).toUpperCase() + name.slice(1)), gRef);
    w.write(c, ns('schema', 'identifier'), id, gRef);
    w.write(id, A, ns('schema', 'PropertyValue'), gRef);
    w.write(id, ns('schema', 'propertyID'), lit('ISO 3166-1 alpha-2'), gRef);
    w.write(id, ns('schema', 'value'), lit(code.toUpperCase()), gRef);
    countries.push({ iri: c, code });
  }
  const cities: Array<{ iri: string; country: string }> = [];
  for (const c of countries) {
    for (let i = 0; i < 4; i++) {
      const slug = `city-${c.code}-${i + 1}`;
      const city = iri(`id/place/${slug}`);
      w.write(city, A, ns('schema', 'City'), gRef);
      w.write(city, A, ns('schema', 'Place'), gRef);
      w.write(city, ns('schema', 'name'), en(`${rnd.pick(SYLLABLES)}${rnd.pick(SYLLABLES)}abad`), gRef);
      w.write(city, ns('schema', 'containedInPlace'), c.iri, gRef);
      cities.push({ iri: city, country: c.iri });
    }
  }
  const scheme = (name: string, label: string) => {
    const s = iri(`id/scheme/${name}`);
    w.write(s, A, ns('skos', 'ConceptScheme'), gRef);
    w.write(s, ns('skos', 'prefLabel'), en(label), gRef);
    w.write(s, ns('owl', 'versionInfo'), lit('0.1.0'), gRef);
    return s;
  };
  const concept = (slug: string, label: string, inScheme: string, broader?: string) => {
    const c = iri(`id/concept/${slug}`);
    w.write(c, A, ns('skos', 'Concept'), gRef);
    w.write(c, ns('skos', 'prefLabel'), en(label), gRef);
    w.write(c, ns('skos', 'inScheme'), inScheme, gRef);
    if (broader) w.write(c, ns('skos', 'broader'), broader, gRef);
    else w.write(c, ns('skos', 'topConceptOf'), inScheme, gRef);
    return c;
  };
  const topicScheme = scheme('bench-topics', 'Bench topics');
  const topTopics: string[] = [];
  const topics: string[] = [];
  for (let a = 1; a <= 4; a++) {
    const top = concept(`bench-topic-${a}`, `${rnd.pick(NOUNS)} and ${rnd.pick(NOUNS)}`.toLowerCase(), topicScheme);
    topTopics.push(top);
    topics.push(top);
    for (let b = 1; b <= 4; b++) {
      const mid = concept(`bench-topic-${a}-${b}`, sentence(3, 6).toLowerCase(), topicScheme, top);
      topics.push(mid);
      for (let c = 1; c <= 3; c++) topics.push(concept(`bench-topic-${a}-${b}-${c}`, sentence(3, 6).toLowerCase(), topicScheme, mid));
    }
  }
  // Role concepts are the project's own (ontology/schemes.ttl), referenced, not redefined.
  const roleConcepts = new Map<string, string>(ROLES.map((r) => [r.key, iri(`id/concept/${r.concept}`)]));

  // ---------------------------------------------------------------- organisations
  const perEdition = 460; // measured average quads per edition, to size the organisation pool
  const editionsWanted = Math.max(4, Math.round(opts.triples / perEdition));
  const orgCount = Math.max(60, Math.round(editionsWanted * 1.2));
  const orgs: string[] = [];
  for (let i = 0; i < orgCount; i++) {
    const o = iri(`id/organization/org-${String(i).padStart(5, '0')}`);
    const name = `${rnd.skewed(ADJECTIVES)} ${rnd.skewed(NOUNS)} ${rnd.pick(KINDS)}${rnd.chance(0.3) ? ` of ${rnd.pick(countries).code.toUpperCase()}` : ''}`;
    w.write(o, A, ns('org', 'Organization'), gRef);
    w.write(o, A, ns('schema', 'Organization'), gRef);
    w.write(o, A, ns('prov', 'Agent'), gRef);
    w.write(o, ns('schema', 'name'), en(name), gRef);
    orgs.push(o);
  }
  const curator = iri('id/agent/curator');
  w.write(curator, A, ns('prov', 'Agent'), gRef);
  w.write(curator, ns('schema', 'name'), en('Bench curator'), gRef);

  // ---------------------------------------------------------------- series and editions
  let seriesCount = 0;
  let editions = 0;
  let findings = 0;
  const editionSample: string[] = [];
  const editionCountry = new Map<string, string>();
  let best = { iri: '', funders: -1 };
  while (w.count < opts.triples) {
    const sSlug = `s${String(seriesCount).padStart(3, '0')}`;
    const series = iri(`id/event-series/${sSlug}`);
    const gSeries = iri(`graph/series/${sSlug}`);
    w.write(series, A, rf('ForumSeries'), gSeries);
    w.write(series, A, ns('schema', 'EventSeries'), gSeries);
    w.write(series, ns('schema', 'name'), en(`Regional Forum ${sSlug.toUpperCase()}`), gSeries);
    const n = rnd.int(6, 24);
    const firstYear = rnd.int(1990, 2024 - n);
    for (let k = 0; k < n && w.count < opts.triples; k++) {
      const year = firstYear + k;
      const slug = `${sSlug}-${year}`;
      const e = iri(`id/event/${slug}`);
      w.write(series, ns('schema', 'subEvent'), e, gSeries);
      const funders = editionRecord(slug, e, series, k + 1, year);
      editions++;
      if (editionSample.length < 400 && rnd.chance(0.5)) editionSample.push(`${base}id/event/${slug}`);
      if (seriesCount === 0 && funders > best.funders) best = { iri: `${base}id/event/${slug}`, funders };
    }
    seriesCount++;
  }
  w.flush();
  fs.closeSync(fd);

  function editionRecord(slug: string, e: string, series: string, ordinal: number, year: number): number {
    const g = iri(`graph/source/${slug}`);
    const src = iri(`id/source/${slug}`);
    const texts: string[] = [`${ROLES.map((r) => r.phrase).join(', ')}.`];
    const say = (t: string) => {
      texts.push(t);
      return t;
    };
    const city = rnd.pick(cities);
    editionCountry.set(`${base}id/event/${slug}`, city.country.slice(1, -1));
    w.write(src, A, ns('prov', 'Entity'), g);
    w.write(src, A, ns('schema', 'WebPage'), g);
    w.write(src, ns('dcterms', 'language'), lit('en'), g);
    for (const t of ['Forum', 'Event'].map((x) => (x === 'Forum' ? rf(x) : ns('schema', x))).concat(ns('prov', 'Activity')))
      w.write(e, A, t, g);
    w.write(e, ns('schema', 'name'), en(`Regional Forum ${slug.toUpperCase()}`), g);
    w.write(e, ns('dcterms', 'title'), en(sentence(5, 10)), g);
    if (rnd.chance(0.8)) w.write(e, rf('editionNumber'), typed(ordinal, 'positiveInteger'), g);
    w.write(e, rf('editionYear'), typed(year, 'gYear'), g);
    const month = rnd.int(1, 12),
      day = rnd.int(1, 26);
    const date = (d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    w.write(e, ns('schema', 'startDate'), typed(date(day), 'date'), g);
    w.write(e, ns('schema', 'endDate'), typed(date(day + rnd.int(0, 2)), 'date'), g);
    w.write(e, ns('schema', 'location'), city.iri, g);
    w.write(e, rf('inSeries'), series, g);
    w.write(e, ns('schema', 'superEvent'), series, g);
    for (const t of rnd.some(topics, rnd.int(1, 2))) w.write(e, ns('schema', 'about'), t, g);
    w.write(e, ns('dcterms', 'source'), src, g);

    // Sessions: a plenary, round tables, sometimes a presentation.
    const sessions: Array<{ slug: string; kind: 'PlenarySession' | 'RoundTable' | 'Presentation'; n: number }> = [
      { slug: 'plenary', kind: 'PlenarySession', n: 0 },
    ];
    const tables = rnd.int(2, 5);
    for (let i = 1; i <= tables; i++) sessions.push({ slug: `round-table-${i}`, kind: 'RoundTable', n: i });
    if (rnd.chance(0.5)) sessions.push({ slug: 'presentation-1', kind: 'Presentation', n: 0 });
    for (const s of sessions) {
      const si = iri(`id/event/${slug}/${s.slug}`);
      w.write(e, rf('hasSession'), si, g);
      w.write(e, ns('schema', 'subEvent'), si, g);
      w.write(si, A, rf(s.kind), g);
      w.write(si, A, rf('ForumSession'), g);
      w.write(si, A, ns('schema', 'Event'), g);
      w.write(si, A, ns('prov', 'Activity'), g);
      w.write(
        si,
        ns('schema', 'name'),
        en(s.kind === 'RoundTable' ? `Round Table ${s.n}` : s.kind === 'PlenarySession' ? 'Plenary session' : 'Presentation'),
        g,
      );
      w.write(si, rf('sessionOf'), e, g);
      w.write(si, ns('schema', 'superEvent'), e, g);
      if (s.kind === 'RoundTable') w.write(si, rf('sequenceNumber'), typed(s.n, 'positiveInteger'), g);
      if (s.kind === 'Presentation') {
        w.write(si, rf('presenter'), rnd.skewed(orgs), g);
      } else {
        const text = say(sentence(10, 24));
        w.write(si, rf('verbatimText'), en(text), g);
        w.write(si, ns('schema', 'description'), en(text), g);
        for (const t of rnd.some(topics, rnd.int(1, 2))) w.write(si, ns('schema', 'about'), t, g);
      }
      w.write(si, ns('dcterms', 'source'), src, g);
    }

    // Organisations in roles: the shortcut property and the qualified involvement.
    let funders = 0;
    const taken = new Set<string>();
    for (const role of ROLES) {
      const count =
        role.key === 'supporter'
          ? rnd.int(1, 2)
          : role.key === 'partner'
            ? rnd.int(1, 2)
            : role.key === 'financial'
              ? rnd.int(1, 6)
              : rnd.int(1, 4);
      for (const o of rnd.some(orgs, count, true)) {
        if (taken.has(role.key + o)) continue;
        taken.add(role.key + o);
        w.write(e, rf(role.prop), o, g);
        if (role.key === 'financial') {
          w.write(e, ns('schema', 'funder'), o, g);
          funders++;
        }
        const inv = iri(`id/event/${slug}/involvement/${role.key}-${o.slice(o.lastIndexOf('/') + 1, -1)}`);
        w.write(e, rf('involvement'), inv, g);
        w.write(inv, A, rf('Involvement'), g);
        w.write(inv, A, ns('prov', 'Association'), g);
        w.write(inv, ns('prov', 'agent'), o, g);
        w.write(inv, rf('involvementRole'), roleConcepts.get(role.key)!, g);
        w.write(inv, rf('sourcePhrase'), lit(role.phrase), g);
        w.write(inv, ns('dcterms', 'source'), src, g);
      }
    }

    // Participant groups.
    for (let i = 1, groups = rnd.int(1, 3); i <= groups; i++) {
      const pg = iri(`id/event/${slug}/participant-group/${i}`);
      w.write(e, rf('attendedBy'), pg, g);
      w.write(pg, A, rf('ParticipantGroup'), g);
      w.write(pg, A, ns('foaf', 'Group'), g);
      w.write(pg, A, ns('prov', 'Agent'), g);
      w.write(pg, rf('verbatimText'), en(say(sentence(6, 14))), g);
      for (const c of rnd.some(countries, rnd.int(0, 3))) w.write(pg, rf('fromCountry'), c.iri, g);
      for (const o of rnd.some(orgs, rnd.int(0, 2), true)) w.write(pg, rf('representsOrganization'), o, g);
      w.write(pg, ns('dcterms', 'source'), src, g);
    }

    // Findings: one nanopublication each (head, assertion, provenance, pubinfo).
    const activity = iri(`id/activity/extraction-${slug}`);
    w.write(activity, A, ns('prov', 'Activity'), g);
    w.write(activity, ns('prov', 'used'), src, g);
    for (let f = 1, count = rnd.int(3, 9); f <= count; f++) {
      findings++;
      const nn = String(f).padStart(2, '0');
      const kf = iri(`id/finding/${slug}/kf-${nn}`);
      const np = `${base}np/${slug}/kf-${nn}`;
      const [head, assertion, provenance, pubinfo] = ['head', 'assertion', 'provenance', 'pubinfo'].map((x) => `<${np}/${x}>`);
      const npI = `<${np}>`;
      w.write(npI, A, ns('np', 'Nanopublication'), head);
      w.write(npI, ns('np', 'hasAssertion'), assertion, head);
      w.write(npI, ns('np', 'hasProvenance'), provenance, head);
      w.write(npI, ns('np', 'hasPublicationInfo'), pubinfo, head);
      w.write(assertion, A, ns('np', 'Assertion'), head);
      w.write(provenance, A, ns('np', 'Provenance'), head);
      w.write(pubinfo, A, ns('np', 'PublicationInfo'), head);

      const claims: string[] = [];
      for (let c = 0, nc = rnd.int(2, 4); c < nc; c++) claims.push(sentence(8, 20));
      if (rnd.chance(0.03)) claims[claims.length - 1] = claims[claims.length - 1].replace(/\.$/, ` over ${RARE_WORD} channels.`);
      const text = say(claims.join(' '));
      w.write(kf, A, rf('Finding'), assertion);
      w.write(kf, A, ns('prov', 'Entity'), assertion);
      w.write(kf, rf('sequenceNumber'), typed(f, 'positiveInteger'), assertion);
      w.write(kf, rf('findingOf'), e, assertion);
      w.write(kf, ns('prov', 'wasGeneratedBy'), e, assertion);
      w.write(kf, rf('verbatimText'), en(text), assertion);
      claims.forEach((c, i) => {
        const ci = iri(`id/finding/${slug}/kf-${nn}-${String.fromCharCode(97 + i)}`);
        w.write(kf, rf('hasClaim'), ci, assertion);
        w.write(ci, A, rf('Claim'), assertion);
        w.write(ci, A, ns('prov', 'Entity'), assertion);
        w.write(ci, rf('verbatimText'), en(c), assertion);
      });
      for (const t of rnd.some(topics, rnd.int(1, 2))) w.write(kf, rf('mentionsTopic'), t, assertion);
      for (const c of rnd.some(countries, rnd.int(0, 2))) w.write(kf, rf('mentionsCountry'), c.iri, assertion);
      if (rnd.chance(0.4)) w.write(kf, rf('mentionsAgent'), rnd.skewed(orgs), assertion);

      const anchor = iri(`id/anchor/${slug}/kf-${nn}`);
      const sel = `_:sel_${slug.replace(/-/g, '_')}_${nn}`;
      w.write(assertion, ns('prov', 'wasDerivedFrom'), src, provenance);
      w.write(assertion, ns('prov', 'wasGeneratedBy'), activity, provenance);
      w.write(kf, ns('dcterms', 'source'), src, provenance);
      w.write(kf, ns('prov', 'wasDerivedFrom'), src, provenance);
      w.write(kf, rf('textAnchor'), anchor, provenance);
      w.write(anchor, A, ns('oa', 'SpecificResource'), provenance);
      w.write(anchor, ns('oa', 'hasSource'), src, provenance);
      w.write(anchor, ns('oa', 'hasSelector'), sel, provenance);
      w.write(sel, A, ns('oa', 'TextQuoteSelector'), provenance);
      w.write(sel, ns('oa', 'exact'), lit(text), provenance);

      w.write(npI, ns('dcterms', 'created'), typed(`${year + 1}-01-15T10:00:00Z`, 'dateTime'), pubinfo);
      w.write(npI, ns('dcterms', 'license'), '<https://creativecommons.org/licenses/by/4.0/>', pubinfo);
      w.write(npI, ns('prov', 'wasAttributedTo'), curator, pubinfo);
    }
    // The source text holds every quotation once, each on its own line, so selectors are unambiguous.
    fs.writeFileSync(path.join(dataDir, 'sources', `${slug}.txt`), `${texts.join('\n')}\n`);
    return funders;
  }

  const country = editionCountry.get(best.iri)!;
  const countrySample = [...new Set(editionSample.map((e) => editionCountry.get(e)!))].slice(0, 40);
  const catalog: Catalog = {
    base,
    seed: opts.seed,
    quads: w.count,
    series: seriesCount,
    editions,
    organisations: orgs.length,
    countries: countries.length,
    findings,
    records: 'data/records.nq',
    dataDir: 'data',
    ...copyOntology(path.join(opts.dir, 'data', 'ontology')),
    edition: best.iri,
    series0: `${base}id/event-series/s000`,
    country,
    topTopic: topTopics[0].slice(1, -1),
    editionSample,
    countrySample,
    rareWord: RARE_WORD,
    editionDoc: `/doc/${best.iri.slice(base.length + 3)}`,
  };
  fs.writeFileSync(path.join(opts.dir, 'catalog.json'), JSON.stringify(catalog, null, 2));
  return catalog;
}

const ONTOLOGY = path.resolve(__dirname, '..', '..', 'ontology');

/** A digest of the project's ontology folder, so generated data is refreshed when the shapes change. */
function ontologyHash(): string {
  const h = createHash('sha256');
  for (const f of fs.existsSync(ONTOLOGY) ? fs.readdirSync(ONTOLOGY).sort() : [])
    h.update(f).update(fs.readFileSync(path.join(ONTOLOGY, f)));
  return h.digest('hex').slice(0, 16);
}

/** Every server loads the project's ontology (with its SHACL shapes) with the records, as a deployment does. */
function copyOntology(to: string): { ontology: string[]; ontologyHash: string } {
  fs.mkdirSync(to, { recursive: true });
  const files: string[] = [];
  for (const f of fs.existsSync(ONTOLOGY) ? fs.readdirSync(ONTOLOGY).sort() : []) {
    fs.copyFileSync(path.join(ONTOLOGY, f), path.join(to, f));
    if (f.endsWith('.ttl')) files.push(`data/ontology/${f}`);
  }
  return { ontology: files, ontologyHash: ontologyHash() };
}

/** Generates into `dir` unless a catalog for the same size, seed, base and ontology is already there. */
export function ensureGenerated(opts: GenerateOptions): Catalog {
  const file = path.join(opts.dir, 'catalog.json');
  if (fs.existsSync(file)) {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog & { target?: number };
    if (
      c.seed === opts.seed &&
      c.base === opts.base &&
      c.target === opts.triples &&
      c.ontologyHash === ontologyHash() &&
      fs.existsSync(path.join(opts.dir, c.records))
    )
      return c;
  }
  fs.rmSync(opts.dir, { recursive: true, force: true });
  const c = generate(opts);
  fs.writeFileSync(file, JSON.stringify({ ...c, target: opts.triples }, null, 2));
  return c;
}

if (require.main === module) {
  const [triples = '10000', dir = 'bench-data', seed = '42'] = process.argv.slice(2);
  const t0 = Date.now();
  const c = generate({ triples: Number(triples), seed: Number(seed), base: 'http://bench.example/', dir });
  console.log(
    `${c.quads} quads, ${c.editions} editions in ${c.series} series, ${c.findings} findings, ${c.organisations} organisations in ${Date.now() - t0} ms → ${dir}`,
  );
}
