// GET /fragments at the HTTP edge: formats, metadata and controls, paging, caching, graphs, blank nodes, announcements.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import type * as RDF from '@rdfjs/types';
import * as jsonld from 'jsonld';
import { DataFactory, Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { testApp, TestApp, BASE, versionCopy } from '../helpers';
import { BACKEND } from '../support/backend';
import { StoreVersion } from '../../src/remote/storeDataset';
import { tripleKey } from '../../src/rdf/termKey';
import { skolemize } from '../../src/fragments/selector';

const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const VOID = 'http://rdfs.org/ns/void#';
const NAME = 'https://schema.org/name';
const { namedNode } = DataFactory;

function parse(body: string, format: string): RDF.Quad[] {
  return new Parser({ format }).parse(body);
}
/** Pages name themselves by the URL they were requested at: with the base's host, that is the base. */
const origin = BASE.replace(/\/$/, '');
const get = (app: TestApp, path: string, accept?: string) => {
  const r = request(app.app).get(path).set('Host', new URL(BASE).host);
  return accept ? r.set('Accept', accept) : r;
};
const objectOf = (quads: RDF.Quad[], s: string, p: string) =>
  quads.find((q) => q.subject.value === s && q.predicate.value === p)?.object.value;

describe('http: Triple Pattern Fragments', function () {
  this.timeout(30_000);
  let t: TestApp;
  let small: TestApp;
  before(async () => {
    t = await testApp();
    small = await testApp({ 'fragment-page-size': '3' });
  });
  after(async () => {
    await t.live.close();
    await small.live.close();
  });

  /** The version's quads, read for the test (a replica over a store never holds them: the last test checks). */
  const copies = new Map<TestApp, ReturnType<typeof versionCopy>>();
  const wholeOf = (app: TestApp) => {
    if (!copies.has(app)) copies.set(app, versionCopy(app));
    return copies.get(app)!;
  };
  /** The default graph as /sparql sees it: every triple of every graph once. */
  const unionTriples = async (app: TestApp, p?: string) =>
    new Set(
      (await wholeOf(app))
        .match(null, p ? namedNode(p) : null, null, null)
        .map((q) =>
          DataFactory.quad(skolemize(q.subject, BASE) as RDF.Quad_Subject, q.predicate, skolemize(q.object, BASE) as RDF.Quad_Object),
        )
        .map(tripleKey),
    );

  it('answers Turtle by default with the count, the page links, the dataset and its hydra:search form', async () => {
    const res = await get(t, `/fragments?predicate=${encodeURIComponent(NAME)}`).expect(200);
    assert.match(res.headers['content-type'], /^text\/turtle/);
    const quads = parse(res.text, 'text/turtle');
    const fragment = `${origin}/fragments?predicate=${encodeURIComponent(NAME)}`;
    const expected = (await unionTriples(t, NAME)).size;
    assert.equal(objectOf(quads, fragment, `${VOID}triples`), String(expected));
    assert.equal(objectOf(quads, fragment, `${HYDRA}totalItems`), String(expected));
    assert.equal(objectOf(quads, fragment, `${HYDRA}first`), fragment);
    assert.equal(objectOf(quads, fragment, `${HYDRA}next`), undefined);
    assert.equal(objectOf(quads, fragment, `${HYDRA}view`), fragment);
    assert.equal(objectOf(quads, fragment, `${HYDRA}itemsPerPage`), '100');
    const dataset = `${BASE}id/dataset`;
    assert.ok(quads.some((q) => q.subject.value === dataset && q.predicate.value === `${VOID}subset` && q.object.value === fragment));
    const form = quads.find((q) => q.subject.value === dataset && q.predicate.value === `${HYDRA}search`)!.object;
    assert.equal(objectOf(quads, form.value, `${HYDRA}template`), `${origin}/fragments?graph={graph}{&subject,predicate,object}`);
    const mappings = quads.filter((q) => q.subject.equals(form) && q.predicate.value === `${HYDRA}mapping`).map((q) => q.object.value);
    assert.deepEqual(mappings.map((m) => objectOf(quads, m, `${HYDRA}property`)).sort(), [
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#object',
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate',
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#subject',
      'http://www.w3.org/ns/sparql-service-description#graph',
    ]);
    const data = quads.filter((q) => q.predicate.value === NAME);
    assert.deepEqual(new Set(data.map(tripleKey)), await unionTriples(t, NAME));
  });

  it('keeps metadata and data apart in TriG and N-Quads, and writes the same as JSON-LD', async () => {
    const path = `/fragments?predicate=${encodeURIComponent(NAME)}`;
    const fragment = `${origin}${path}`;
    for (const [accept, format] of [
      ['application/trig', 'application/trig'],
      ['application/n-quads', 'application/n-quads'],
    ]) {
      const res = await get(t, path).set('Accept', accept).expect(200);
      assert.match(res.headers['content-type'], new RegExp(`^${accept}`));
      const quads = parse(res.text, format);
      const meta = `${fragment}#metadata`;
      assert.ok(
        quads.some((q) => q.subject.value === meta && q.object.value === fragment && q.graph.value === meta),
        'the metadata graph names the fragment',
      );
      assert.ok(quads.filter((q) => q.predicate.value.startsWith(HYDRA)).every((q) => q.graph.value === meta));
      const data = quads.filter((q) => q.graph.termType === 'DefaultGraph');
      assert.deepEqual(new Set(data.map(tripleKey)), await unionTriples(t, NAME));
    }
    const nq = parse((await get(t, path).set('Accept', 'application/n-quads')).text, 'application/n-quads');
    const doc = JSON.parse((await get(t, path).set('Accept', 'application/ld+json').expect(200)).text);
    const context = JSON.parse((await get(t, '/context.jsonld')).text);
    const loader = async (url: string) => ({ document: context, documentUrl: url, contextUrl: undefined });
    const fromJsonLd = parse(
      (await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: loader as never })) as unknown as string,
      'application/n-quads',
    );
    assert.ok(isomorphic(fromJsonLd, nq), 'JSON-LD holds the same quads as N-Quads');
  });

  it('gives people an HTML form, the count and the matches with links to their fragments', async () => {
    const res = await get(t, `/fragments?predicate=${encodeURIComponent(NAME)}`)
      .set('Accept', 'text/html')
      .expect(200);
    for (const name of ['subject', 'predicate', 'object', 'graph'])
      assert.match(res.text, new RegExp(`<input id="${name}" name="${name}"`));
    assert.match(res.text, new RegExp(`<strong>${(await unionTriples(t, NAME)).size}</strong> triples match`));
    assert.match(res.text, /href="\/fragments\?subject=http%3A%2F%2Fexample.org%2Fid%2Forganization%2Facme"/);
    assert.match(res.text, /href="\/doc\/organization\/acme"/);
    assert.match(res.text, /Mini Forum &lt;2019&gt; &amp; Friends/);
  });

  it('answers an unacceptable Accept with Turtle, as the specification asks, not 406; Vary says Accept', async () => {
    const res = await get(t, '/fragments').set('Accept', 'image/png').expect(200);
    assert.match(res.headers['content-type'], /^text\/turtle/);
    assert.match(res.headers.vary, /Accept/);
  });

  it('pages with next, previous and first (links and Link headers), every triple once across the pages', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/fragments';
    let pages = 0;
    while (url) {
      const res: request.Response = await get(small, url, 'application/n-quads').expect(200);
      const quads = parse(res.text, 'application/n-quads');
      const page: string = `${origin}${url}`;
      const next = objectOf(quads, page, `${HYDRA}next`);
      assert.equal(objectOf(quads, page, `${HYDRA}first`), `${origin}/fragments`);
      assert.equal(Boolean(objectOf(quads, page, `${HYDRA}previous`)), pages > 0);
      assert.equal(Boolean(next), /rel="next"/.test(res.headers.link));
      seen.push(...quads.filter((q) => q.graph.termType === 'DefaultGraph').map(tripleKey));
      url = next?.slice(origin.length);
      pages++;
    }
    const all = await unionTriples(small);
    assert.equal(pages, Math.ceil(all.size / 3));
    assert.equal(seen.length, all.size);
    assert.deepEqual(new Set(seen), all);
  });

  it('refuses page numbers that are not, and pages past the end', async () => {
    await get(small, '/fragments?page=0').expect(400);
    await get(small, '/fragments?page=two').expect(400);
    await get(small, '/fragments?page=999').expect(404);
    await get(small, '/fragments?subject=http%3A%2F%2Fnone.example%2F&page=2').expect(404);
    await request(t.app).post('/fragments').expect(405);
  });

  it('is cacheable: strong ETag per version and URL, Cache-Control public; 304 and HEAD; no Last-Modified for data that states no date', async () => {
    const path = `/fragments?predicate=${encodeURIComponent(NAME)}`;
    const res = await get(t, path).set('Accept-Encoding', 'identity').expect(200);
    assert.match(res.headers.etag, /^"[^"]+"$/);
    assert.match(res.headers['cache-control'], /^public, max-age=\d+/);
    // The mini fixture states no dcterms:modified, so no date is claimed (test/publish/versionDates.test.ts: the record's).
    assert.equal(res.headers['last-modified'], undefined);
    await get(t, path).set('If-None-Match', res.headers.etag).expect(304);
    const other = await get(t, path).set('Accept', 'application/n-quads');
    assert.notEqual(other.headers.etag, res.headers.etag);
    const gzipped = await get(t, path).set('Accept-Encoding', 'gzip').expect(200);
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gzipped.headers.etag, `W/${res.headers.etag}`, 'compressed on the fly: the weak form');
    assert.equal(gzipped.text, res.text);
    const head = await request(t.app).head(path).set('Host', new URL(BASE).host).set('Accept-Encoding', 'identity').expect(200);
    assert.equal(head.headers.etag, res.headers.etag);
    assert.ok(!head.text);
  });

  it('selects a named graph, every graph (graph=), and the default graph by its declared name', async () => {
    const graph = `${BASE}graph/source/mini`;
    const named = parse(
      (await get(t, `/fragments?graph=${encodeURIComponent(graph)}`).set('Accept', 'application/n-quads')).text,
      'application/n-quads',
    );
    const inGraph = (await wholeOf(t)).match(null, null, null, namedNode(graph));
    const data = named.filter((q) => !q.graph.value.endsWith('#metadata'));
    assert.equal(data.length, inGraph.length);
    assert.ok(data.every((q) => q.graph.value === graph));
    const any = parse((await get(t, '/fragments?graph=').set('Accept', 'application/n-quads')).text, 'application/n-quads');
    assert.ok(
      any.some((q) => q.graph.termType === 'DefaultGraph'),
      'the unnamed graph too',
    );
    assert.ok(any.some((q) => q.graph.value === graph));
    const count = async (url: string) => objectOf(parse((await get(t, url)).text, 'text/turtle'), `${origin}${url}`, `${VOID}triples`);
    assert.equal(await count('/fragments?graph=urn%3Aldf%3AdefaultGraph'), String((await unionTriples(t)).size));
    assert.equal(await count('/fragments'), String((await unionTriples(t)).size));
    assert.equal(await count('/fragments?graph=%3Fg'), String((await wholeOf(t)).size));
  });

  it('follows UNION_DEFAULT_GRAPH=false as /sparql does: the default graph is then the unnamed one', async () => {
    const plain = await testApp({ 'union-default-graph': 'false' });
    try {
      const quads = parse((await get(plain, '/fragments', 'application/n-quads')).text, 'application/n-quads');
      const unnamed = (await wholeOf(plain)).match(null, null, null, DataFactory.defaultGraph());
      assert.equal(objectOf(quads, `${origin}/fragments`, `${VOID}triples`), String(unnamed.length));
      assert.equal(quads.filter((q) => q.graph.termType === 'DefaultGraph').length, unnamed.length);
    } finally {
      await plain.live.close();
    }
  });

  it("finds literals in the spec's syntax, and answers impossible selectors as empty fragments", async () => {
    const count = async (q: string) =>
      objectOf(parse((await get(t, `/fragments?${q}`).expect(200)).text, 'text/turtle'), `${origin}/fragments?${q}`, `${VOID}triples`);
    assert.equal(await count(`object=${encodeURIComponent('"ACME"@en')}`), '1');
    assert.equal(await count(`object=${encodeURIComponent('"Mini Forum <2019> & Friends"@en')}`), '1');
    assert.equal(await count(`object=${encodeURIComponent('"2019-12-12"^^http://www.w3.org/2001/XMLSchema#date')}`), '1');
    assert.equal(await count(`subject=${encodeURIComponent('"ACME"@en')}`), '0');
    assert.equal(await count('subject=%3Fx&object=%3Fx'), '0');
  });

  it('writes blank nodes as skolem IRIs that select them again, and that lead to their fragment', async () => {
    const e1 = `${BASE}id/event/e1`;
    const quads = parse(
      (await get(t, `/fragments?subject=${encodeURIComponent(e1)}&predicate=${encodeURIComponent('https://schema.org/location')}`)).text,
      'text/turtle',
    );
    const place = quads.find((q) => q.subject.value === e1)!.object.value;
    assert.match(place, new RegExp(`^${BASE}\\.well-known/genid/`));
    const about = parse((await get(t, `/fragments?subject=${encodeURIComponent(place)}`)).text, 'text/turtle');
    assert.ok(about.some((q) => q.subject.value === place && q.predicate.value === NAME && q.object.value === 'Somewhere'));
    const res = await get(t, `/${place.slice(BASE.length)}`).expect(303);
    assert.equal(res.headers.location, `/fragments?subject=${encodeURIComponent(place)}`);
  });

  it('over an external store, answers every page above with bounded queries: the replica never read the version whole', async function () {
    if (BACKEND !== 'virtuoso') this.skip();
    for (const app of [t, small]) {
      const version = app.live.current.access as StoreVersion;
      assert.ok(version.fragments.requests > 0, 'the pages were asked of the store');
      assert.equal(version.holdsWhole, false, 'the whole version was never read');
    }
  });

  it('is announced in the VoID/DCAT description, the service description and the pages', async () => {
    for (const [path, accept] of [
      ['/.well-known/void', 'text/turtle'],
      ['/sparql', 'text/turtle'],
    ]) {
      const quads = parse((await get(t, path).set('Accept', accept)).text, 'text/turtle');
      const service = `${BASE}fragments#service`;
      assert.equal(objectOf(quads, service, 'http://www.w3.org/ns/dcat#endpointURL'), `${BASE}fragments`);
      assert.ok(
        quads.some(
          (q) =>
            q.subject.value === service && q.object.value === 'https://linkeddatafragments.org/specification/triple-pattern-fragments/',
        ),
      );
      assert.equal(objectOf(quads, service, 'http://www.w3.org/ns/dcat#servesDataset'), `${BASE}id/dataset`);
    }
    for (const path of ['/', '/doc/dataset.html', '/doc/event/e1']) {
      assert.match((await get(t, path).set('Accept', 'text/html')).text, /href="\/fragments"/, path);
    }
  });
});
