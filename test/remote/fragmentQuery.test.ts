// A replica over a real Virtuoso answers Triple Pattern Fragments with bounded queries: the embedded backend's counts, controls and triples.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import type * as RDF from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { DataFactory, Parser } from 'n3';
import type { createApp } from '../../src/app';
import { answerBytes } from '../../src/remote/patternCache';
import { GENID_PATH, parameterValue, type Selector } from '../../src/fragments/selector';
import { StoreFragments } from '../../src/remote/fragmentQuery';
import { StoreClient } from '../../src/remote/storeClient';
import { NeedsWholeVersion } from '../../src/remote/versionReader';
import { requireVirtuoso, startVirtuoso, Virtuoso } from '../support/virtuoso';
import { ReplicaPair, replicaPair } from '../support/replicaPair';
import { BASE } from '../forumFixture';

/** Far below the version's size: pages are let go and asked for again. */
const BOUND = 40_000;
const PAGE = 40;
const HYDRA = 'http://www.w3.org/ns/hydra/core#';

interface Page {
  status: number;
  meta: RDF.Quad[];
  data: RDF.Quad[];
  next?: string;
}

describe('remote/fragmentQuery: fragments of a replica that holds no copy of the version', function () {
  this.timeout(600_000);
  let store: Virtuoso | undefined;
  let pair: ReplicaPair | undefined;
  let embedded: ReplicaPair['embedded'];
  let replica: ReplicaPair['replica'];

  before(async function () {
    requireVirtuoso(this);
    store = await startVirtuoso();
    pair = await replicaPair(store, BOUND, { 'fragment-page-size': String(PAGE) });
    ({ embedded, replica } = pair);
  });
  after(async () => {
    await pair?.close();
    await store?.stop();
  });

  /** A page in N-Quads: its metadata graph and its data, skolem IRIs back to blank nodes (each backend names them its own way). */
  async function page(app: ReturnType<typeof createApp>, path: string): Promise<Page> {
    const res = await request(app).get(path).set('Host', new URL(BASE).host).set('Accept', 'application/n-quads');
    const quads = res.status === 200 ? new Parser({ format: 'application/n-quads' }).parse(res.text) : [];
    const genid = `${BASE}${GENID_PATH}`;
    const unskolem = <T extends RDF.Term>(t: T): T =>
      (t.termType === 'NamedNode' && t.value.startsWith(genid) ? DataFactory.blankNode(t.value.slice(genid.length)) : t) as T;
    const isMeta = (q: RDF.Quad) => q.graph.value.endsWith('#metadata');
    return {
      status: res.status,
      meta: quads.filter(isMeta),
      data: quads
        .filter((q) => !isMeta(q))
        .map((q) => DataFactory.quad(unskolem(q.subject), q.predicate, unskolem(q.object), unskolem(q.graph))),
      next: quads.find((q) => isMeta(q) && q.predicate.value === `${HYDRA}next`)?.object.value,
    };
  }

  /** Every page of a fragment on both backends: the same status, metadata and controls a page, the same number of matches, the same matches in all. */
  async function same(path: string): Promise<number> {
    const all: [RDF.Quad[], RDF.Quad[]] = [[], []];
    let url: string | undefined = path;
    let pages = 0;
    while (url) {
      const [want, got]: Page[] = await Promise.all([page(embedded.app, url), page(replica.app, url)]);
      assert.equal(got.status, want.status, url);
      assert.ok(isomorphic(got.meta, want.meta), `${url}: the same count, controls and dataset`);
      assert.equal(got.data.length, want.data.length, `${url}: as many matches on the page`);
      all[0].push(...want.data);
      all[1].push(...got.data);
      pages++;
      url = want.next?.slice(BASE.length - 1);
    }
    assert.ok(isomorphic(all[1], all[0]), `${path}: the pages together hold the embedded backend's matches`);
    return pages;
  }

  it('answers every fragment as the embedded backend does, page by page, while what it holds stays within its bound', async () => {
    const ds = embedded.dataset;
    assert.ok(answerBytes({ quads: [...ds.quads()] }) > 20 * BOUND, 'the version is far larger than the bound');
    const q = (params: Record<string, RDF.Term | string>) =>
      `/fragments?${Object.entries(params)
        .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : parameterValue(v))}`)
        .join('&')}`;
    const quads = ds.match();
    const predicates = [...new Map(quads.map((x) => [x.predicate.value, x.predicate])).values()];
    const subjects = [
      ...new Map(quads.filter((x) => x.subject.termType === 'NamedNode').map((x) => [x.subject.value, x.subject])).values(),
    ];
    const literals = quads.map((x) => x.object).filter((o): o is RDF.Literal => o.termType === 'Literal');
    const longest = literals.reduce((a, b) => (b.value.length > a.value.length ? b : a));
    const graphs = ds.graphNames();
    let pages = 0;
    pages += await same('/fragments'.concat('?page=1')); // the whole union, every page
    for (const p of predicates) pages += await same(q({ predicate: p }));
    for (const s of subjects.filter((_, i) => i % 10 === 0)) pages += await same(q({ subject: s }));
    for (const o of [longest, ...literals.filter((l) => l.language).slice(0, 3), ...literals.filter((l) => !l.language).slice(0, 3)])
      pages += await same(q({ object: o }));
    for (const g of graphs.filter((_, i) => i % 5 === 0)) pages += await same(q({ graph: g }));
    pages += await same(q({ graph: '' }));
    pages += await same(q({ subject: '?x', object: '?x' }));
    pages += await same(q({ subject: subjects[0], predicate: predicates[0], graph: '?g' }));
    pages += await same(q({ subject: 'http://nothing.example/here' }));
    assert.ok(pages > predicates.length + 50, `${pages} pages compared`);
    // A blank node's skolem IRI, as the replica wrote it, selects that node again (and genid leads there).
    const bnode = (
      await page(
        replica.app,
        q({ predicate: predicates.find((p) => quads.some((x) => x.predicate.equals(p) && x.object.termType === 'BlankNode'))! }),
      )
    ).data.find((x) => x.object.termType === 'BlankNode')!.object;
    const about = await page(replica.app, q({ subject: `${BASE}${GENID_PATH}${bnode.value}` }));
    assert.ok(about.data.length > 0, 'the blank node is described');
    assert.ok(about.data.every((x) => x.subject.equals(bnode)));
    const res = await request(replica.app).get(`/${GENID_PATH}${bnode.value}`).expect(303);
    assert.equal(res.headers.location, `/fragments?subject=${encodeURIComponent(`${BASE}${GENID_PATH}${bnode.value}`)}`);
    assert.equal(replica.version.holdsWhole, false, 'the whole version was never read');
    assert.ok(replica.version.fragments.requests >= pages, 'each page was asked of the store');
    assert.ok(replica.version.fragments.heldBytes <= BOUND, `held ${replica.version.fragments.heldBytes} bytes`);
  });

  it('answers a graph variable repeated in the triple in the store, by the catalog pairs of names, never reading the version whole', async () => {
    const before = replica.version.fragments.requests;
    const quads = embedded.dataset.match().filter((x) => x.graph.termType === 'NamedNode');
    const graphOf = (pos: 'subject' | 'predicate' | 'object') => quads.filter((x) => x[pos].equals(x.graph));
    const rdfType = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
    const fragments: Array<[string, RDF.Quad[]]> = [
      ['graph=%3Fx&subject=%3Fx', graphOf('subject')],
      ['graph=%3Fx&predicate=%3Fx', graphOf('predicate')],
      ['graph=%3Fx&object=%3Fx', graphOf('object')],
      ['graph=%3Fg&subject=%3Fg&object=%3Fo', graphOf('subject')],
      [`graph=%3Fx&subject=%3Fx&predicate=${encodeURIComponent(rdfType)}`, graphOf('subject').filter((x) => x.predicate.value === rdfType)],
      ['graph=%3Fx&subject=%3Fx&object=%3Fx', graphOf('subject').filter((x) => x.object.equals(x.graph))],
    ];
    assert.ok(fragments[0][1].length > 0 && fragments[4][1].length > 0, 'the record has graphs that describe themselves');
    let pages = 0;
    for (const [params, want] of fragments) {
      const path = `/fragments?${params}`;
      pages += await same(path);
      // The replica's own page (skolem IRIs undone) holds exactly the record's quads in the graph their term names.
      const got = await page(replica.app, path);
      assert.equal(got.data.length, want.length, path);
      assert.ok(isomorphic(got.data, want), `${path}: the matches, each in its graph`);
    }
    assert.equal(replica.version.holdsWhole, false, 'the whole version was never read');
    assert.ok(replica.version.fragments.requests - before >= pages, 'each page was asked of the store');
    // Pages of two (LIMIT and OFFSET over the join) hold the same matches, each once.
    const paged = new StoreFragments(new StoreClient({ queryUrl: store!.sparqlUrl }), replica.version.entry.version, BOUND);
    const selfDescribing: Selector = { graph: { kind: 'any' }, same: [['graph', 'subject']] };
    const walked: RDF.Quad[] = [];
    for (let n = 1; ; n++) {
      const p = await paged.page(selfDescribing, n, 2, BASE, { union: true });
      assert.equal(p.total, fragments[0][1].length);
      walked.push(...p.quads);
      if (!p.hasNext) break;
    }
    assert.equal(walked.length, fragments[0][1].length);
    assert.ok(isomorphic(walked, fragments[0][1]), 'pages of two hold every match once');
    // A version whose catalog does not pair its staged graphs with their names (published before fl:copyOf) is read whole for these.
    const legacy = new StoreFragments(new StoreClient({ queryUrl: store!.sparqlUrl }), replica.version.entry.version, BOUND, false);
    assert.throws(() => legacy.count(selfDescribing, { union: true }), NeedsWholeVersion);
    assert.equal(legacy.requests, 0);
  });

  it('answers 503 with Retry-After, not a server failure, while the store cannot be read (fragments and documents)', async () => {
    await store?.stop();
    store = undefined;
    const res = await request(replica.app).get('/fragments?subject=http%3A%2F%2Fnothing.example%2Felse').expect(503);
    assert.equal(res.headers['retry-after'], '5');
    // Every surface that reads the store says the same (one place turns the store's failures into 503).
    const doc = await request(replica.app).get('/doc/nothing-cached-here').set('Accept', 'text/turtle').expect(503);
    assert.equal(doc.headers['retry-after'], '5');
    assert.match(doc.text, /store could not be read/);
  });
});
