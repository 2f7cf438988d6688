// The record's extent (time, places, topics, makers) as the DCAT and schema.org descriptions use it, and readings kept out.
import { strict as assert } from 'node:assert';
import { Parser } from 'n3';
import { Dataset } from '../../src/store/dataset';
import { creators, keywords, spatialCoverage, temporalCoverage } from '../../src/publish/datasetFacts';
import { factMatch, readingGraphs } from '../../src/publish/factGraphs';
import { publisherOf } from '../../src/publish/catalog';

const BASE = 'http://example.org/';

function dataset(trig: string): Dataset {
  const prefixes = `@prefix rf: <${BASE}def/forum#> . @prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .`;
  const quads = new Parser({ baseIRI: BASE, format: 'application/trig' }).parse(prefixes + trig);
  return new Dataset(quads, { baseIri: BASE, files: [], contexts: new Map(), sources: new Map(), version: 'v', loadedAt: new Date(0) });
}

describe('publish/datasetFacts', () => {
  it('the period runs from the first event to the last end date; a year-only edition counts as its year', () => {
    const ds = dataset(`<g/s> {
      <e/2017> rf:editionYear "2017"^^xsd:gYear .
      <e/2019> rf:editionYear "2019"^^xsd:gYear ; schema:startDate "2019-12-12"^^xsd:date ; schema:endDate "2019-12-13"^^xsd:date . }`);
    assert.deepEqual(temporalCoverage(ds), { start: '2017', end: '2019-12-13' });
  });

  it('a later edition known only by its year ends the period at that year, not at a made-up day', () => {
    const ds = dataset(`<g/s> {
      <e/2019> schema:startDate "2019-12-12"^^xsd:date ; schema:endDate "2019-12-13"^^xsd:date .
      <e/2020> rf:editionYear "2020"^^xsd:gYear . }`);
    assert.deepEqual(temporalCoverage(ds), { start: '2019-12-12', end: '2020' });
    assert.equal(temporalCoverage(dataset('<g/s> { <x> schema:name "no dates" . }')), undefined);
  });

  it('places, keywords and makers come from what the record states, never from a reading graph', () => {
    const ds = dataset(`
      <p> rf:mentionsTopic2 <t2> . rf:mentionsTopic2 rdfs:subPropertyOf dcterms:subject .
      <t1> skos:prefLabel "content moderation"@en . <t2> skos:prefLabel "channel blocking"@en . <t3> skos:prefLabel "read into"@en .
      <g/s> { <e> schema:location <city> ; schema:about <t1> . <city> schema:name "Dushanbe"@en ; schema:containedInPlace <country> .
              <country> schema:name "Tajikistan"@en . }
      <g/meta> { <g/s> prov:wasAttributedTo <curators> . <curators> rdfs:label "the curators"@en . }
      <g/readings> { <i> a rf:Interpretation . <e> schema:location <elsewhere> ; schema:about <t3> . <elsewhere> schema:name "Elsewhere"@en .
                     <g/s> prov:wasAttributedTo <someone> . <someone> rdfs:label "someone"@en . <org> schema:areaServed <country> . }`);
    assert.deepEqual([...readingGraphs(ds)], [`${BASE}g/readings`]);
    assert.deepEqual(
      spatialCoverage(ds).map((p) => p.name),
      ['Dushanbe', 'Tajikistan'],
    );
    assert.deepEqual(keywords(ds), ['channel blocking', 'content moderation']);
    assert.deepEqual(
      creators(ds).map((c) => c.name),
      ['the curators'],
    );
    assert.deepEqual(
      factMatch(ds, null, null, null).filter((q) => q.predicate.value.endsWith('areaServed')),
      [],
    );
  });

  it('the publisher is the configured one, else the deployment itself said as such', () => {
    assert.deepEqual(publisherOf(BASE, {}), { iri: `${BASE}id/publisher`, name: `The operators of ${BASE}`, unconfigured: true });
    assert.deepEqual(publisherOf(BASE, { name: 'Example', iri: 'https://example.net/' }), {
      iri: 'https://example.net/',
      name: 'Example',
      unconfigured: false,
    });
  });
});
