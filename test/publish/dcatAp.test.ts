// The served catalogue against the official DCAT-AP 3.0.1 SHACL shapes (vendored), run with the project's SHACL engine.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as RDF from '@rdfjs/types';
import { Parser } from 'n3';
import request from 'supertest';
import { validateShapes } from '../../src/ingest/validate';
import { FIXTURES, BASE, TestApp } from '../helpers';
import { recordApp } from '../http/recordApp';
import { buildConfig } from '../../src/config';
import { createApp } from '../../src/app';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const CATALOG = `${BASE}id/catalog`;
const DATASET = `${BASE}id/dataset`;

const shapes = new Parser().parse(fs.readFileSync(path.join(FIXTURES, 'dcat-ap-3.0.1', 'dcat-ap-SHACL.ttl'), 'utf8'));

async function catalogue(app: TestApp['app']): Promise<RDF.Quad[]> {
  const res = await request(app).get('/.well-known/void').set('Accept', 'text/turtle').expect(200);
  return new Parser({ baseIRI: BASE }).parse(res.text);
}
const objects = (quads: RDF.Quad[], s: string, p: string) =>
  quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);

describe('publish/DCAT-AP 3.0.1', function () {
  this.timeout(60_000);
  let t: TestApp;
  let quads: RDF.Quad[];
  before(async () => {
    t = await recordApp();
    quads = await catalogue(t.app);
  });
  after(async () => {
    await t.live.close();
  });

  it('the catalogue of the record passes the official shapes with no violation (and no warning)', async () => {
    const problems = await validateShapes(quads, shapes);
    assert.deepEqual(problems, []);
  });

  it('the shapes do run: a catalogue without its publisher, or with an untyped licence, is reported', async () => {
    const noPublisher = quads.filter((q) => !(q.subject.value === CATALOG && q.predicate.value === `${DCT}publisher`));
    const found = await validateShapes(noPublisher, shapes);
    assert.ok(
      found.some((p) => p.focusNode?.includes('id/catalog') && p.path?.includes('publisher')),
      JSON.stringify(found),
    );
    const license = objects(quads, CATALOG, `${DCT}license`)[0];
    const untyped = quads.filter((q) => !(q.subject.equals(license) && q.predicate.value === RDF_TYPE));
    assert.ok((await validateShapes(untyped, shapes)).some((p) => p.path?.includes('license')));
  });

  it('a dcat:Catalog lists the dataset and both data services, with publisher, licence, spatial coverage, issued and modified', () => {
    assert.ok(objects(quads, CATALOG, RDF_TYPE).some((o) => o.value === `${DCAT}Catalog`));
    assert.deepEqual(
      objects(quads, CATALOG, `${DCAT}dataset`).map((o) => o.value),
      [DATASET],
    );
    assert.deepEqual(
      objects(quads, CATALOG, `${DCAT}service`)
        .map((o) => o.value)
        .sort(),
      [`${BASE}fragments#service`, `${BASE}sparql#service`],
    );
    for (const p of ['title', 'description', 'publisher', 'license', 'issued', 'modified', 'spatial'])
      assert.ok(objects(quads, CATALOG, `${DCT}${p}`).length > 0, `catalogue dct:${p}`);
  });

  it('with nothing configured, the publisher is the deployment itself, said as such; the contact point is the site', () => {
    const [publisher] = objects(quads, DATASET, `${DCT}publisher`);
    assert.equal(publisher.value, `${BASE}id/publisher`);
    assert.equal(objects(quads, publisher.value, `${FOAF}name`)[0].value, `The operators of ${BASE}`);
    const [point] = objects(quads, DATASET, `${DCAT}contactPoint`);
    assert.ok(point, 'a contact point');
    assert.equal(objects(quads, point.value, `${VCARD}hasURL`)[0].value, BASE);
    assert.equal(objects(quads, point.value, `${VCARD}hasEmail`).length, 0, 'no email is made up');
  });

  it('the dataset has keywords, the two themes the data states, spatial coverage and the exact period', () => {
    const words = objects(quads, DATASET, `${DCAT}keyword`).map((o) => o.value);
    assert.ok(words.includes('content moderation') && words.includes('digital dimensions of preventing violent extremism'), words.join());
    assert.deepEqual(
      objects(quads, DATASET, `${DCAT}theme`)
        .map((o) => o.value)
        .sort(),
      [
        'http://publications.europa.eu/resource/authority/data-theme/INTR',
        'http://publications.europa.eu/resource/authority/data-theme/JUST',
      ],
    );
    assert.deepEqual(
      objects(quads, DATASET, `${DCT}spatial`).map((o) => o.value),
      [`${BASE}id/place/dushanbe`, `${BASE}id/country/tj`],
    );
    const [period] = objects(quads, DATASET, `${DCT}temporal`);
    const start = objects(quads, period.value, `${DCAT}startDate`)[0] as RDF.Literal;
    const end = objects(quads, period.value, `${DCAT}endDate`)[0] as RDF.Literal;
    assert.deepEqual([start.value, start.datatype.value.split('#')[1]], ['2017', 'gYear']);
    assert.deepEqual([end.value, end.datatype.value.split('#')[1]], ['2019-12-13', 'date'], 'the last event ends on 13 December');
    assert.match(objects(quads, DATASET, `${DCT}issued`)[0].value, /^\d{4}-\d{2}-\d{2}/);
    assert.deepEqual(
      objects(quads, DATASET, `${DCT}creator`).map((o) => o.value),
      [`${BASE}id/agent/forum-ld-curators`],
    );
  });

  it('a configured publisher and contact point are used, and still pass the shapes', async () => {
    const config = buildConfig(
      {
        data: [...t.config.dataPaths],
        base: BASE,
        'log-level': 'silent',
        'publisher-name': 'Example Publisher',
        'publisher-iri': 'https://publisher.example/',
        'contact-email': 'data@publisher.example',
      },
      {},
    );
    const configured = await catalogue(createApp(config, t.live));
    assert.deepEqual(
      objects(configured, CATALOG, `${DCT}publisher`).map((o) => o.value),
      ['https://publisher.example/'],
    );
    const [point] = objects(configured, DATASET, `${DCAT}contactPoint`);
    assert.equal(objects(configured, point.value, `${VCARD}hasEmail`)[0].value, 'mailto:data@publisher.example');
    assert.deepEqual(await validateShapes(configured, shapes), []);
  });
});
