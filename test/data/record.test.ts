// The record states what the source fixes: editions, sessions, findings, supporters, dates and place; graphs as documented.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import type { Dataset } from '../../src/store/dataset';
import { BASE, iri, loadRecord, ONTOLOGY } from '../support';

const { namedNode, literal } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const S = 'https://schema.org/';
const rf = (l: string) => namedNode(iri(`def/forum#${l}`));
const n = (rel: string) => namedNode(iri(rel));

describe('data: the record of the Third Regional Forum (2019)', () => {
  let ds: Dataset;
  const E1 = n('id/event/rf-2019');
  const objects = (s: RDF.Term, p: RDF.Term) => [...new Set(ds.match(s, p).map((q) => q.object.value))];
  const subjects = (p: RDF.Term, o: RDF.Term) => [...new Set(ds.match(null, p, o).map((q) => q.subject.value))];
  const isA = (s: string, cls: string) => ds.match(namedNode(s), namedNode(RDF_TYPE), namedNode(cls)).length > 0;

  before(async () => {
    const { result, problems } = await loadRecord();
    assert.ok(result.ok, JSON.stringify(problems));
    ds = result.dataset;
  });

  it('has 3 editions in the series: 2017, 2018 (year only) and 2019', () => {
    const series = n('id/event-series/regional-forum');
    const editions = subjects(rf('inSeries'), series).sort();
    assert.deepEqual(
      editions,
      ['rf-2017', 'rf-2018', 'rf-2019'].map((e) => iri(`id/event/${e}`)),
    );
    assert.deepEqual(objects(series, namedNode(`${S}subEvent`)).sort(), editions);
    for (const year of ['2017', '2018']) {
      const e = n(`id/event/rf-${year}`);
      assert.deepEqual(
        ds.match(e, rf('editionYear')).map((q) => q.object),
        [literal(year, namedNode(`${XSD}gYear`))],
      );
      for (const p of [`${S}startDate`, `${S}endDate`, `${S}location`]) assert.equal(ds.match(e, namedNode(p)).length, 0, `${year} ${p}`);
      assert.equal(ds.match(e, rf('editionNumber')).length, 0);
    }
    assert.deepEqual(
      ds.match(E1, rf('editionNumber')).map((q) => q.object.value),
      ['3'],
    );
  });

  it('2019 has 1 plenary and 4 round tables (1st to 4th), plus the SecDev presentation', () => {
    const sessions = objects(E1, rf('hasSession'));
    assert.equal(sessions.filter((s) => isA(s, iri('def/forum#PlenarySession'))).length, 1);
    const tables = sessions.filter((s) => isA(s, iri('def/forum#RoundTable')));
    assert.equal(tables.length, 4);
    assert.deepEqual(tables.map((t) => objects(namedNode(t), rf('sequenceNumber'))[0]).sort(), ['1', '2', '3', '4']);
    assert.deepEqual(
      sessions.filter((s) => isA(s, iri('def/forum#Presentation'))),
      [iri('id/event/rf-2019/presentation-secdev')],
    );
    assert.deepEqual(objects(E1, namedNode(`${S}subEvent`)).sort(), [...sessions].sort());
    for (const s of sessions) assert.deepEqual(objects(namedNode(s), rf('sessionOf')), [E1.value]);
  });

  it('has 9 key findings of the forum, numbered 1 to 9, each with verbatim text, claims and provenance', () => {
    const findings = subjects(rf('findingOf'), E1);
    assert.equal(findings.length, 9);
    const seqs = findings.map((f) => Number(objects(namedNode(f), rf('sequenceNumber'))[0])).sort((a, b) => a - b);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const f of findings) {
      const fn = namedNode(f);
      assert.equal(ds.match(fn, rf('verbatimText')).length, 1, f);
      assert.ok(ds.match(fn, rf('hasClaim')).length >= 1, f);
      assert.deepEqual(objects(fn, namedNode('http://purl.org/dc/terms/source')), [iri('id/source/third-regional-forum-2019')]);
    }
  });

  it('has 5 financial supporters, as rf:financiallySupportedBy and schema:funder alike', () => {
    const fin = objects(E1, rf('financiallySupportedBy')).sort();
    assert.deepEqual(
      fin,
      ['european-union', 'internews', 'kaspersky-lab', 'osce', 'osi-assistance-fund-tajikistan'].map((s) => iri(`id/organization/${s}`)),
    );
    assert.deepEqual(objects(E1, namedNode(`${S}funder`)).sort(), fin);
    const names = fin.map((o) => objects(namedNode(o), namedNode(`${S}name`))[0]);
    assert.ok(names.includes('Open Society Institute – Assistance Fund in Tajikistan'));
  });

  it('ran from 2019-12-12 to 2019-12-13 (xsd:date) in Dushanbe, Tajikistan', () => {
    assert.deepEqual(
      ds.match(E1, namedNode(`${S}startDate`)).map((q) => q.object),
      [literal('2019-12-12', namedNode(`${XSD}date`))],
    );
    assert.deepEqual(
      ds.match(E1, namedNode(`${S}endDate`)).map((q) => q.object),
      [literal('2019-12-13', namedNode(`${XSD}date`))],
    );
    const [place] = objects(E1, namedNode(`${S}location`));
    assert.deepEqual(objects(namedNode(place), namedNode(`${S}name`)), ['Dushanbe']);
    const [country] = objects(namedNode(place), namedNode(`${S}containedInPlace`));
    assert.deepEqual(objects(namedNode(country), namedNode(`${S}name`)), ['Tajikistan']);
  });

  it('has 12 involvements, each with the role phrase of the source', () => {
    const inv = objects(E1, rf('involvement'));
    assert.equal(inv.length, 12);
    const phrases = inv.map((i) => objects(namedNode(i), rf('sourcePhrase'))[0]);
    const count = (p: string) => phrases.filter((x) => x === p).length;
    assert.deepEqual(
      [count('with the support of'), count('in partnership with'), count('with financial support of'), count('was attended by')],
      [1, 2, 5, 4],
    );
  });

  it('states no organiser and no author of the study', () => {
    assert.equal(ds.match(null, namedNode(`${S}organizer`)).length, 0);
    assert.equal(ds.match(null, namedNode(`${S}author`)).length, 0);
  });

  it('keeps the A1 partner as a mention in the source graph and its readings in the interpretation graph', () => {
    const src = n('graph/source/third-regional-forum-2019');
    const interp = n('graph/interpretation/third-regional-forum-2019');
    assert.equal(ds.match(E1, rf('inPartnershipWith'), null, src).length, 1);
    assert.deepEqual(
      ds
        .match(E1, rf('inPartnershipWith'), null, interp)
        .map((q) => q.object.value)
        .sort(),
      [iri('id/organization/ciip'), iri('id/organization/cipi-tajikistan')],
    );
    const readings = subjects(rf('ofMention'), n('id/mention/third-regional-forum-2019/m-partners-cipi'));
    assert.equal(readings.length, 3);
    assert.equal(ds.match(null, namedNode('http://www.w3.org/2002/07/owl#sameAs'), n('id/organization/ciip')).length, 0);
  });

  it('uses only the documented named graphs, with owl:sameAs only in graph/links', () => {
    const allowed = [
      /^graph\/source\/[a-z0-9-]+$/,
      /^graph\/interpretation\/[a-z0-9-]+$/,
      /^graph\/links$/,
      /^graph\/meta$/,
      /^np\/rf-2019\/kf-0[1-9]\/(head|assertion|provenance|pubinfo)$/,
    ];
    const graphs = ds.graphNames();
    assert.equal(graphs.length, 4 + 9 * 4);
    for (const g of graphs) assert.ok(g.startsWith(BASE) && allowed.some((r) => r.test(g.slice(BASE.length))), g);
    const sameAs = ds.match(null, namedNode('http://www.w3.org/2002/07/owl#sameAs'));
    assert.equal(sameAs.length, 13);
    assert.ok(sameAs.every((q) => q.graph.value === iri('graph/links')));
  });

  it('the JSON-LD context has a readable key for every predicate and class the data uses', async () => {
    const ctx = JSON.parse(readFileSync(path.join(ONTOLOGY, 'context.jsonld'), 'utf8').split('https://forum-ld.invalid/').join(BASE));
    const used = new Set<string>();
    for (const q of ds.quads()) {
      if (q.graph.termType === 'DefaultGraph') continue; // ontology, schemes and shapes files
      used.add(q.predicate.value);
      if (q.predicate.value === RDF_TYPE) used.add(q.object.value);
    }
    used.delete(RDF_TYPE);
    const termIris = new Set<string>();
    for (const key of Object.keys(ctx['@context'])) {
      if (key.startsWith('@')) continue;
      const expanded = await jsonld.expand({ '@context': ctx['@context'], '@type': key } as never);
      const t = (expanded[0]?.['@type'] as string[] | undefined)?.[0];
      if (t) termIris.add(t);
    }
    // org:Organization and foaf:Agent share local names with schema:Organization and prov:Agent: compact IRIs there.
    const missing = [...used].filter(
      (u) => !termIris.has(u) && !['http://www.w3.org/ns/org#Organization', 'http://xmlns.com/foaf/0.1/Agent'].includes(u),
    );
    assert.deepEqual(missing, []);
  });
});
