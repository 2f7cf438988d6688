// Pipeline checks SHACL cannot express: quotes against the stored source text, its sha256, and link evidence.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type * as RDF from '@rdfjs/types';
import type { Validator as LoadValidator } from '../ingest/load';
import type { Problem } from '../rdf/problem';
import { QuadStore } from '../store/quadStore';
import { runInThread } from '../store/threadTask';
import { termString } from '../ingest/validate';

const RF = 'def/forum#';
const OA = 'http://www.w3.org/ns/oa#';
const DCT = 'http://purl.org/dc/terms/';
const OWL_SAMEAS = 'http://www.w3.org/2002/07/owl#sameAs';
const SCHEMA_SAMEAS = 'https://schema.org/sameAs';
const WD_ENTITY = /^http:\/\/www\.wikidata\.org\/entity\/(Q[1-9][0-9]*)$/;
const WD_PAGE = /^https:\/\/www\.wikidata\.org\/wiki\/(Q[1-9][0-9]*)$/;

export interface SourceCheckOptions {
  /** IRI of the curated-links graph; by default any graph whose IRI ends in `graph/links`. */
  linksGraph?: string;
}

/** Lookups on the store's indexes, so each check is a range read rather than a scan (1M+ quads). */
class Index {
  readonly store: QuadStore;
  private readonly predicates: RDF.Term[];
  private readonly ids: number[];
  private readonly chosen = new Map<(iri: string) => boolean, number[]>();
  constructor(data: QuadStore | readonly RDF.Quad[]) {
    this.store = data instanceof QuadStore ? data : QuadStore.fromQuads(data);
    this.predicates = [...this.store.readDistinctTerms(['predicate'])].map(([p]) => p);
    this.ids = this.predicates.map((p) => this.store.lookup(p)!);
  }
  /** The store ids of the predicates that pass `pred`, found once per test. */
  private predicateIds(pred: (iri: string) => boolean): number[] {
    let ids = this.chosen.get(pred);
    if (!ids) this.chosen.set(pred, (ids = this.ids.filter((_, i) => pred(this.predicates[i].value))));
    return ids;
  }
  /** Distinct objects of `s` through the predicates that pass `pred`, predicate by predicate. */
  objects(s: RDF.Term, pred: (iri: string) => boolean): RDF.Term[] {
    const id = this.store.lookup(s);
    if (id === undefined) return [];
    return this.predicateIds(pred).flatMap((p) => this.store.objectsOf(id, p).map((o) => this.store.termOf(o)));
  }
  /** Distinct subjects pointing at `o` through the predicates that pass `pred`. */
  subjects(o: RDF.Term, pred: (iri: string) => boolean): RDF.Term[] {
    const id = this.store.lookup(o);
    if (id === undefined) return [];
    return this.predicateIds(pred).flatMap((p) => this.store.subjectsOf(p, id).map((s) => this.store.termOf(s)));
  }
  /** Every quad whose predicate passes `pred`, read predicate by predicate. */
  *withPredicate(pred: (iri: string) => boolean): IterableIterator<RDF.Quad> {
    for (const p of this.predicates) if (pred(p.value)) yield* this.store.readQuads(null, p);
  }
}

/**
 * Checks every quoted string against the source texts (keyed by source slug, as the loader reads
 * data/sources/{slug}.txt), each source's recorded sha256, and that owl:sameAs is curated.
 */
export function checkSources(
  data: QuadStore | readonly RDF.Quad[],
  sources: ReadonlyMap<string, string>,
  opts: SourceCheckOptions = {},
): Problem[] {
  const idx = new Index(data);
  const problems: Problem[] = [];
  const sourceText = (iri: RDF.Term): string | undefined => (sourceSlug(iri) !== undefined ? sources.get(sourceSlug(iri)!) : undefined);

  // 1. Each source document with a recorded sha256 must match the stored text byte for byte.
  for (const q of idx.withPredicate((p) => p === `${DCT}identifier`)) {
    if (!q.object.value.startsWith('sha256:')) continue;
    const slug = sourceSlug(q.subject);
    const text = slug !== undefined ? sources.get(slug) : undefined;
    if (text === undefined) {
      problems.push({
        severity: 'violation',
        focusNode: q.subject.value,
        path: q.predicate.value,
        value: q.object.value,
        message: `The source text for this document is missing: expected data/sources/${slug ?? '<slug>'}.txt`,
      });
      continue;
    }
    const actual = createHash('sha256').update(text, 'utf8').digest('hex');
    if (`sha256:${actual}` !== q.object.value) {
      problems.push({
        severity: 'violation',
        focusNode: q.subject.value,
        path: q.predicate.value,
        value: q.object.value,
        message: `The stored source text does not match its recorded sha256 (it hashes to ${actual})`,
      });
    }
  }

  // 2. Verbatim strings must occur in the source they were read from. A quotation whose node
  //    declares no source cannot be checked against the right text: that is a warning.
  const isSource = (p: string) => p === `${DCT}source` || p === `${OA}hasSource`;
  const isParent = (p: string) => p === `${OA}hasSelector` || p.endsWith(`${RF}hasClaim`);
  const textsFor = (node: RDF.Term): { declared: boolean; texts: string[] } => {
    const own = [...idx.objects(node, isSource)];
    // Selectors inherit the source of their specific resource, claims that of their finding.
    for (const parent of idx.subjects(node, isParent)) own.push(...idx.objects(parent, isSource));
    return { declared: own.length > 0, texts: [...new Set(own.map(sourceText).filter((t): t is string => t !== undefined))] };
  };
  const quoted = (p: string) =>
    p.endsWith(`${RF}verbatimText`) || p.endsWith(`${RF}sourcePhrase`) || p === `${OA}exact` || p === `${OA}prefix` || p === `${OA}suffix`;
  for (const q of idx.withPredicate(quoted)) {
    const p = q.predicate.value;
    if (q.object.termType !== 'Literal') continue;
    const { declared, texts } = textsFor(q.subject);
    const where = { focusNode: termString(q.subject), path: p, value: termString(q.object) };
    if (!declared) {
      problems.push({
        severity: 'warning',
        ...where,
        message: 'This quotation was not checked: its node declares no source (dcterms:source or oa:hasSource)',
      });
    } else if (texts.length === 0) {
      problems.push({
        severity: 'violation',
        ...where,
        message: 'The source of this quotation has no stored text (data/sources/{slug}.txt) to check it against',
      });
    } else if (!texts.some((t) => t.includes(q.object.value))) {
      problems.push({
        severity: 'violation',
        ...where,
        message: 'This quotation does not occur in the source text exactly (check quotes, dashes and spacing)',
      });
    }
  }

  // 3. A quote selector must locate exactly one span: prefix + exact + suffix, contiguous and unique.
  const isPrefix = (p: string) => p === `${OA}prefix`;
  const isSuffix = (p: string) => p === `${OA}suffix`;
  const isSelector = (p: string) => p === `${OA}hasSelector`;
  for (const q of idx.withPredicate((p) => p === `${OA}exact`)) {
    const sel = q.subject;
    const prefix = idx.objects(sel, isPrefix)[0]?.value ?? '';
    const suffix = idx.objects(sel, isSuffix)[0]?.value ?? '';
    const whole = prefix + q.object.value + suffix;
    const { declared, texts } = textsFor(sel);
    if (!declared || texts.length === 0) continue; // already reported above
    const hits = texts.reduce((n, t) => n + occurrences(t, whole), 0);
    const owner = idx.subjects(sel, isSelector)[0] ?? sel;
    if (hits === 0) {
      problems.push({
        severity: 'violation',
        focusNode: termString(owner),
        path: `${OA}hasSelector`,
        value: termString(q.object),
        message: 'The selector does not match the source: prefix, exact and suffix are not contiguous in the text',
      });
    } else if (hits > 1) {
      problems.push({
        severity: 'violation',
        focusNode: termString(owner),
        path: `${OA}hasSelector`,
        value: termString(q.object),
        message: `The selector is ambiguous: it matches ${hits} places in the source; lengthen its prefix or suffix`,
      });
    }
  }

  // 4. owl:sameAs only in the links graph, each backed by verified rf:LinkEvidence.
  const inLinks = (g: RDF.Term) => (opts.linksGraph ? g.value === opts.linksGraph : /(^|\/)graph\/links$/.test(g.value));
  for (const q of idx.withPredicate((p) => p === OWL_SAMEAS || p === SCHEMA_SAMEAS)) {
    if (q.predicate.value === OWL_SAMEAS) {
      if (!inLinks(q.graph)) {
        problems.push({
          severity: 'violation',
          focusNode: termString(q.subject),
          path: OWL_SAMEAS,
          value: termString(q.object),
          message: 'owl:sameAs is only allowed in the curated links graph (graph/links)',
        });
      }
      const evidence = idx
        .subjects(q.subject, (p) => p.endsWith(`${RF}linkSubject`))
        .filter((e) => idx.objects(e, (p) => p.endsWith(`${RF}linkTarget`)).some((t) => t.equals(q.object)))
        .filter((e) => idx.objects(e, (p) => p.endsWith(`${RF}linkStatus`)).some((s) => s.value.endsWith('id/concept/link-verified')));
      if (evidence.length === 0) {
        problems.push({
          severity: 'violation',
          focusNode: termString(q.subject),
          path: OWL_SAMEAS,
          value: termString(q.object),
          message: 'This owl:sameAs has no rf:LinkEvidence with the same subject and target and status link-verified',
        });
      }
    } else if (q.predicate.value === SCHEMA_SAMEAS && WD_PAGE.test(q.object.value)) {
      const qid = WD_PAGE.exec(q.object.value)![1];
      const entities = idx.objects(q.subject, (p) => p === OWL_SAMEAS).map((t) => WD_ENTITY.exec(t.value)?.[1]);
      if (!entities.includes(qid)) {
        problems.push({
          severity: 'violation',
          focusNode: termString(q.subject),
          path: SCHEMA_SAMEAS,
          value: termString(q.object),
          message: `schema:sameAs points at the Wikidata page of ${qid}, but there is no owl:sameAs to that item`,
        });
      }
    }
  }
  return problems;
}

/** A validator for loadDataset, using the source texts the loader found under data/sources/. */
export function sourceValidator(opts: SourceCheckOptions = {}): LoadValidator {
  return (store, { sources }) =>
    store.size < THREAD_FROM ? checkSources(store, sources, opts) : checkSourcesInThread(store, sources, opts);
}

/** checkSources on a thread of its own over the same shared store; done here should the thread fail. */
export function checkSourcesInThread(
  store: QuadStore,
  sources: ReadonlyMap<string, string>,
  opts: SourceCheckOptions = {},
): Promise<Problem[]> {
  const job: SourceCheckJob = { data: store.share(), sources, opts };
  return runInThread<Problem[]>(path.join(__dirname, 'sourceWorker.js'), job).catch(() => checkSources(store, sources, opts));
}

/**
 * From this many quads the checks run on a thread of their own, beside the SHACL checks on the loader's (at 1M quads
 * ~0.5 s of CPU each, on a machine with a core to spare: the first start of the server waits for the slower).
 */
const THREAD_FROM = 100_000;

/** What the checking thread is sent: the shared store and the source texts (copied: ~10 MB at 1M quads). */
export interface SourceCheckJob {
  data: ReturnType<QuadStore['share']>;
  sources: ReadonlyMap<string, string>;
  opts: SourceCheckOptions;
}

/** `…/id/source/{slug}` → slug; the loader keys source texts by file base name. */
function sourceSlug(t: RDF.Term): string | undefined {
  if (t.termType !== 'NamedNode') return undefined;
  return /\/id\/source\/([^/#?]+)$/.exec(t.value)?.[1];
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
  return n;
}
