// Builds the at-a-glance view of a forum edition from the store: dates, place, sessions, role phrases, groups, findings.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { editionParts, forumTerms } from './edition';
import { EditionView, LangText, SessionView, TermView } from '../views/model';

import { Labeller } from '../publish/labeller';
import { placeInSource } from '../publish/sourceLinks';
import { framePath, hrefFor } from '../rdf/iriScheme';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SCHEMA = 'https://schema.org/';
const PROV = 'http://www.w3.org/ns/prov#';
const OA = 'http://www.w3.org/ns/oa#';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function buildEditionView(ds: Dataset, edition: string, labels: Labeller): EditionView {
  const rf = forumTerms(ds.baseIri);
  const objects = (s: string, p: string) => ds.match(namedNode(s), namedNode(p), null, null).map((q) => q.object);
  const first = (s: string, p: string) => objects(s, p)[0];
  const link = (iri: string): TermView => ({ iri, href: hrefFor(iri, ds.baseIri), label: labels.display(iri) });
  const text = (s: string, p: string): LangText | undefined => pickLiteral(objects(s, p));
  const parts = editionParts(ds, edition);

  const place = objects(edition, `${SCHEMA}location`)
    .filter((o) => o.termType === 'NamedNode')
    .flatMap((o) => {
      const within = first(o.value, `${SCHEMA}containedInPlace`);
      return [link(o.value), ...(within?.termType === 'NamedNode' ? [link(within.value)] : [])];
    });
  const series = [first(edition, rf.inSeries), first(edition, `${SCHEMA}superEvent`)].find((t) => t?.termType === 'NamedNode');

  const isPresentation = (s: string) => ds.store.countQuads(namedNode(s), namedNode(RDF_TYPE), namedNode(rf.Presentation), undefined) > 0;
  const sessions = parts.sessions.map((s): SessionView => {
    const kind = objects(s, RDF_TYPE)
      .filter((t) => t.value.startsWith(`${ds.baseIri}def/forum#`) && !/ForumSession$/.test(t.value))
      .map((t) => labels.display(t.value))[0];
    return {
      link: link(s),
      kind,
      text: text(s, rf.verbatimText) ?? text(s, `${SCHEMA}description`),
      topics: objects(s, `${SCHEMA}about`)
        .filter((t) => t.termType === 'NamedNode')
        .map((t) => link(t.value)),
      presenters: objects(s, rf.presenter)
        .filter((t) => t.termType === 'NamedNode')
        .map((t) => link(t.value)),
    };
  });

  const roles = new Map<string, EditionView['roles'][0]>();
  for (const inv of parts.involvements) {
    const phrase = first(inv, rf.sourcePhrase)?.value;
    const role = first(inv, rf.involvementRole);
    const key = phrase ?? (role ? labels.display(role.value) : 'involved');
    if (!roles.has(key)) roles.set(key, { phrase: key, role: role?.termType === 'NamedNode' ? link(role.value) : undefined, agents: [] });
    const row = roles.get(key)!;
    const agent = first(inv, `${PROV}agent`);
    if (agent?.termType === 'NamedNode') {
      row.agents.push(link(agent.value));
      continue;
    }
    const mention = first(inv, rf.agentMention);
    if (mention?.termType === 'NamedNode') {
      const exact = objects(mention.value, `${OA}hasSelector`)
        .map((sel) => ds.match(sel, namedNode(`${OA}exact`), null, null)[0]?.object.value)
        .find(Boolean);
      row.agents.push({
        ...link(mention.value),
        label: exact ?? labels.display(mention.value),
        note: 'named ambiguously in the source; see the interpretations',
      });
    }
  }
  // Rows in the order the source uses the phrases; attendance (every agent also rf:attendedBy) after who supported it.
  const sourceText = [...ds.info.sources.values()].join('\n');
  const attendees = new Set(objects(edition, rf.attendedBy).map((o) => o.value));
  const attendance = (r: EditionView['roles'][0]) => r.agents.length > 0 && r.agents.every((a) => a.iri && attendees.has(a.iri));
  const order = (r: EditionView['roles'][0]) => {
    const i = sourceText.indexOf(r.phrase);
    return (attendance(r) ? 1e12 : 0) + (i < 0 ? 1e11 : i);
  };

  const groups = objects(edition, rf.attendedBy)
    .filter((g) => g.termType === 'NamedNode' && text(g.value, rf.verbatimText))
    .map((g) => ({ link: link(g.value), text: text(g.value, rf.verbatimText)! }));

  const findings = parts.findings.map((f) => {
    const t = text(f, rf.verbatimText) ?? text(f, `${SCHEMA}description`) ?? { text: labels.display(f) };
    return { link: link(f), number: first(f, rf.sequenceNumber)?.value, text: t, sourceHref: placeInSource(ds, f, t.text) };
  });

  return {
    when:
      dateRange(first(edition, `${SCHEMA}startDate`)?.value, first(edition, `${SCHEMA}endDate`)?.value) ??
      first(edition, rf.editionYear)?.value,
    place: place.length ? place : undefined,
    series: series ? link(series.value) : undefined,
    framedHref: framePath(edition, ds.baseIri) ?? '',
    // "The forum consisted of a plenary session and 4 round table discussions": a presentation given at the forum
    // (rf:Presentation, a kind of rf:ForumSession in the model) is not one of the parts the source counts.
    sessions: sessions.filter((_, i) => !isPresentation(parts.sessions[i])),
    presentations: sessions.filter((_, i) => isPresentation(parts.sessions[i])),
    roles: [...roles.values()].sort((a, b) => order(a) - order(b)),
    groups,
    findings,
  };
}

/** English first, then untagged, then any language. */
export function pickLiteral(terms: RDF.Term[]): LangText | undefined {
  const lits = terms.filter((t): t is RDF.Literal => t.termType === 'Literal');
  const l = lits.find((x) => x.language === 'en') ?? lits.find((x) => !x.language) ?? lits[0];
  return l ? { text: l.value, lang: l.language || undefined } : undefined;
}

/** "12–13 December 2019" from two xsd:date values; one date alone when there is no end. */
export function dateRange(start?: string, end?: string): string | undefined {
  const parse = (d?: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d ?? '');
    return m ? { y: m[1], m: MONTHS[Number(m[2]) - 1], d: String(Number(m[3])) } : undefined;
  };
  const a = parse(start);
  const b = parse(end);
  if (!a) return undefined;
  if (!b || (a.y === b.y && a.m === b.m && a.d === b.d)) return `${a.d} ${a.m} ${a.y}`;
  if (a.y === b.y && a.m === b.m) return `${a.d}–${b.d} ${a.m} ${a.y}`;
  if (a.y === b.y) return `${a.d} ${a.m} – ${b.d} ${b.m} ${a.y}`;
  return `${a.d} ${a.m} ${a.y} – ${b.d} ${b.m} ${b.y}`;
}
