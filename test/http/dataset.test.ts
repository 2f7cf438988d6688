// The dataset description: VoID counts match the store (asked through SPARQL), every dump is listed truly, DCAT access.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type * as RDF from '@rdfjs/types';
import request from 'supertest';
import { ForumApp, forumApp, BASE, getBytes, local, parseServed } from '../forumFixture';
import { BACKEND } from '../support/backend';
import { loadDataset } from '../../src/ingest/load';

const VOID = 'http://rdfs.org/ns/void#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const SPDX = 'http://spdx.org/rdf/terms#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DS = `${BASE}id/dataset`;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

const objects = (quads: RDF.Quad[], s: RDF.Term | string, p: string) =>
  quads
    .filter((q) => (typeof s === 'string' ? q.subject.value === s : q.subject.equals(s)) && q.predicate.value === p)
    .map((q) => q.object);
const one = (quads: RDF.Quad[], s: RDF.Term | string, p: string) => {
  const o = objects(quads, s, p);
  assert.equal(o.length, 1, `exactly one ${p} of ${typeof s === 'string' ? s : s.value}`);
  return o[0];
};

async function select(t: ForumApp, query: string): Promise<Array<Record<string, { value: string }>>> {
  const res = await request(t.app).get('/sparql').query({ query }).set('Accept', 'application/sparql-results+json').expect(200);
  return JSON.parse(res.text).results.bindings;
}

/** The quads of the served data, as parsed from its files, in the shape of SELECT ?s ?p ?o rows. */
async function parsedRows(t: ForumApp): Promise<Array<Record<string, { value: string }>>> {
  const loaded = await loadDataset({ paths: t.config.dataPaths, baseIri: BASE, validators: [] });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const binding = (term: RDF.Term) =>
    term.termType === 'Literal'
      ? {
          type: 'literal',
          value: term.value,
          ...(term.language ? { 'xml:lang': term.language } : term.datatype.value === XSD_STRING ? {} : { datatype: term.datatype.value }),
        }
      : { type: term.termType === 'BlankNode' ? 'bnode' : 'uri', value: term.value };
  return [...loaded.dataset.quads()].map((q) => ({ s: binding(q.subject), p: binding(q.predicate), o: binding(q.object) }));
}

describe('http/dataset (VoID and DCAT)', () => {
  let t: ForumApp;
  let voidQuads: RDF.Quad[];
  before(async () => {
    t = await forumApp({ 'publisher-name': 'Example Publisher', 'publisher-iri': 'https://publisher.example/' });
    const res = await request(t.app).get('/.well-known/void').set('Accept', 'text/turtle').expect(200);
    voidQuads = await parseServed(t.app, res.text, 'ttl');
  });
  after(() => t.close());

  it('is a void:Dataset and a dcat:Dataset with title, description, licence, publisher and dates', () => {
    const types = objects(voidQuads, DS, RDF_TYPE).map((o) => o.value);
    assert.ok(types.includes(`${VOID}Dataset`) && types.includes(`${DCAT}Dataset`));
    assert.ok(one(voidQuads, DS, `${DCT}title`).value.length > 10);
    assert.ok(one(voidQuads, DS, `${DCT}description`).value.length > 40);
    assert.equal(one(voidQuads, DS, `${DCT}license`).value, 'https://creativecommons.org/licenses/by/4.0/');
    const publisher = one(voidQuads, DS, `${DCT}publisher`);
    assert.equal(publisher.value, 'https://publisher.example/');
    assert.equal(one(voidQuads, publisher, 'http://xmlns.com/foaf/0.1/name').value, 'Example Publisher');
    assert.match(one(voidQuads, DS, `${DCT}modified`).value, /^\d{4}-\d{2}-\d{2}/);
    const period = one(voidQuads, DS, `${DCT}temporal`);
    assert.equal(one(voidQuads, period, `${DCAT}startDate`).value, '2019-12-12');
    assert.equal(one(voidQuads, period, `${DCAT}endDate`).value, '2019-12-13');
    assert.equal(one(voidQuads, DS, `${VOID}uriSpace`).value, `${BASE}id/`);
    assert.equal(one(voidQuads, DS, `${VOID}sparqlEndpoint`).value, `${BASE}sparql`);
    assert.ok(objects(voidQuads, DS, `${VOID}vocabulary`).some((v) => v.value === 'https://schema.org/'));
    assert.ok(objects(voidQuads, DS, `${VOID}exampleResource`).some((v) => v.value === `${BASE}id/event/rf-2019`));
  });

  it('counts triples, entities, classes and properties exactly as the SPARQL endpoint sees the store', async () => {
    // Every row of the union default graph, counted here: the endpoint is the oracle, not the code under test. Over
    // Virtuoso its answers carry Virtuoso's canonical forms of typed literals ("1.50" as "1.5": docs/w3c.md), which
    // merge triples the record keeps apart; the VoID states the record's counts there too, as the embedded backend
    // does, so the oracle is then the record's quads as parsed, each term as a SPARQL JSON binding.
    const rows = BACKEND === 'virtuoso' ? await parsedRows(t) : await select(t, 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }');
    type B = { type: string; value: string; 'xml:lang'?: string; datatype?: string };
    const key = (b: unknown) => {
      const x = b as B;
      return `${x.type} ${x.value} ${x['xml:lang'] ?? ''} ${x.datatype ?? ''}`;
    };
    const triples = [...new Map(rows.map((r) => [`${key(r.s)}|${r.p.value}|${key(r.o)}`, r])).values()];
    assert.equal(one(voidQuads, DS, `${VOID}triples`).value, String(triples.length));
    const distinct = (list: typeof triples, f: (r: (typeof triples)[0]) => string | undefined) =>
      new Set(list.map(f).filter((x) => x !== undefined)).size;
    assert.equal(one(voidQuads, DS, `${VOID}distinctSubjects`).value, String(distinct(triples, (r) => key(r.s))));
    assert.equal(one(voidQuads, DS, `${VOID}distinctObjects`).value, String(distinct(triples, (r) => key(r.o))));
    assert.equal(
      one(voidQuads, DS, `${VOID}entities`).value,
      String(
        distinct(triples, (r) => ((r.s as unknown as B).type === 'uri' && r.s.value.startsWith(`${BASE}id/`) ? r.s.value : undefined)),
      ),
    );

    const classParts = objects(voidQuads, DS, `${VOID}classPartition`);
    const typed = triples.filter((r) => r.p.value === RDF_TYPE);
    const classes = new Set(typed.map((r) => r.o.value));
    assert.equal(classParts.length, classes.size);
    assert.equal(one(voidQuads, DS, `${VOID}classes`).value, String(classes.size));
    for (const c of classes) {
      const part = classParts.find((p) => one(voidQuads, p, `${VOID}class`).value === c);
      assert.ok(part, `a class partition for ${c}`);
      assert.equal(
        one(voidQuads, part, `${VOID}entities`).value,
        String(
          distinct(
            typed.filter((r) => r.o.value === c),
            (r) => key(r.s),
          ),
        ),
        c,
      );
    }
    const propParts = objects(voidQuads, DS, `${VOID}propertyPartition`);
    const props = new Set(triples.map((r) => r.p.value));
    assert.equal(propParts.length, props.size);
    assert.equal(one(voidQuads, DS, `${VOID}properties`).value, String(props.size));
    for (const p of props) {
      const part = propParts.find((x) => one(voidQuads, x, `${VOID}property`).value === p)!;
      const withP = triples.filter((r) => r.p.value === p);
      assert.equal(one(voidQuads, part, `${VOID}triples`).value, String(withP.length), p);
      assert.equal(one(voidQuads, part, `${VOID}distinctSubjects`).value, String(distinct(withP, (r) => key(r.s))), p);
      assert.equal(one(voidQuads, part, `${VOID}distinctObjects`).value, String(distinct(withP, (r) => key(r.o))), p);
    }
  });

  it('counts each named graph as the endpoint does', async () => {
    const rows = await select(t, 'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?g)) }');
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.g.value, (counts.get(r.g.value) ?? 0) + 1);
    const subsets = objects(voidQuads, DS, `${VOID}subset`);
    assert.equal(subsets.length, counts.size);
    for (const [g, n] of counts) {
      const sub = subsets.find((s) => one(voidQuads, s, 'http://www.w3.org/ns/sparql-service-description#name').value === g)!;
      assert.equal(one(voidQuads, sub, `${VOID}triples`).value, String(n), g);
    }
  });

  it('lists one distribution per dump whose size and checksum are those of the bytes served', async () => {
    const dumps = objects(voidQuads, DS, `${VOID}dataDump`);
    assert.equal(dumps.length, 12);
    for (const d of dumps) {
      assert.ok(objects(voidQuads, DS, `${DCAT}distribution`).some((x) => x.equals(d)));
      assert.ok(objects(voidQuads, d, RDF_TYPE).some((x) => x.value === `${DCAT}Distribution`));
      assert.equal(one(voidQuads, d, `${DCAT}downloadURL`).value, d.value);
      assert.match(one(voidQuads, d, `${DCAT}mediaType`).value, /^https:\/\/www\.iana\.org\/assignments\/media-types\//);
      const res = await getBytes(t.app, local(d.value));
      assert.equal(res.status, 200, d.value);
      assert.equal(one(voidQuads, d, `${DCAT}byteSize`).value, String(res.body.length), d.value);
      assert.equal(res.headers['content-length'], String(res.body.length));
      const sum = one(voidQuads, d, `${SPDX}checksum`);
      assert.equal(one(voidQuads, sum, `${SPDX}algorithm`).value, `${SPDX}checksumAlgorithm_sha256`);
      assert.equal(one(voidQuads, sum, `${SPDX}checksumValue`).value, createHash('sha256').update(res.body).digest('hex'), d.value);
      if (d.value.endsWith('.gz'))
        assert.equal(one(voidQuads, d, `${DCAT}compressFormat`).value, 'https://www.iana.org/assignments/media-types/application/gzip');
    }
  });

  it('describes the SPARQL endpoint as a dcat:DataService serving the dataset', () => {
    const service = voidQuads.find((q) => q.predicate.value === `${DCAT}servesDataset` && q.object.value === DS)!.subject;
    assert.ok(objects(voidQuads, service, RDF_TYPE).some((x) => x.value === `${DCAT}DataService`));
    assert.equal(one(voidQuads, service, `${DCAT}endpointURL`).value, `${BASE}sparql`);
  });

  it('is served at the dataset IRI (303 to its document), in every format, and as a page', async () => {
    const r = await request(t.app).get(local(DS)).set('Accept', 'text/turtle').expect(303);
    assert.equal(r.headers.location, '/doc/dataset');
    for (const ext of ['ttl', 'jsonld', 'nt', 'rdf']) {
      const res = await request(t.app).get(`/doc/dataset.${ext}`).expect(200);
      assert.ok(
        await parseServed(t.app, res.text, ext).then((q) =>
          q.some((x) => x.subject.value === DS && x.predicate.value === `${VOID}triples`),
        ),
        ext,
      );
    }
    const page = await request(t.app).get('/doc/dataset').set('Accept', 'text/html').expect(200);
    assert.match(page.text, /Example Publisher/);
    assert.match(page.text, /<a href="\/dumps\/dataset\.trig\.gz"/);
    assert.match(page.text, /CC BY 4\.0/);
    assert.match(page.text, /<link rel="alternate" type="text\/turtle" href="\/doc\/dataset\.ttl"/);
  });

  it('answers RDF clients at the home page with the description, browsers with the page', async () => {
    const rdf = await request(t.app).get('/').set('Accept', 'text/turtle').expect(200);
    assert.match(rdf.headers['content-type'], /text\/turtle/);
    assert.match(rdf.text, /void:Dataset/);
    const html = await request(t.app).get('/').set('Accept', 'text/html').expect(200);
    assert.match(html.headers.vary, /Accept/);
    const jsonld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html.text)![1]);
    assert.equal(jsonld['@type'], 'Dataset');
    assert.equal(jsonld.distribution.length, 12);
    assert.equal(jsonld.license, 'https://creativecommons.org/licenses/by/4.0/');
  });
});
