// Named graphs and nanopublications dereference to their contents in every format; each nanopublication is well formed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type * as RDF from '@rdfjs/types';
import request from 'supertest';
import { DataFactory } from 'n3';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';
import { quadKey } from '../../src/rdf/termKey';
import { hrefFor } from '../../src/rdf/iriScheme';
import { nanopublicationGraphs } from '../../src/publish/graphDocument';
import { BASE, ROOT, TestApp } from '../helpers';
import { recordApp } from './recordApp';

const NP = 'http://www.nanopub.org/nschema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const { namedNode } = DataFactory;

/**
 * @nanopub/sign (the nanopub-rs toolkit's bindings) ships a CommonJS file under "type": "module", which neither
 * require nor import can load as it is; a copy named .cjs, next to its WebAssembly, loads as intended.
 */
function loadNanopubLibrary(dir: string): { Nanopub: new (rdf: string) => { check(): unknown; info(): Record<string, unknown> } } {
  const pkg = path.join(ROOT, 'node_modules', '@nanopub', 'sign');
  fs.copyFileSync(path.join(pkg, 'node.js'), path.join(dir, 'nanopub.cjs'));
  fs.copyFileSync(path.join(pkg, 'node_bg.wasm'), path.join(dir, 'node_bg.wasm'));
  return createRequire(path.join(dir, 'x.js'))('./nanopub.cjs');
}

describe('http: named graphs and nanopublications dereference to their contents', function () {
  this.timeout(120_000);
  let t: TestApp;
  let contexts: Map<string, unknown>;
  let dir: string;
  before(async () => {
    t = await recordApp();
    contexts = new Map([[`${BASE}context.jsonld`, (await request(t.app).get('/context.jsonld')).body]]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-nanopub-'));
  });
  after(async () => {
    await t.live.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const parse = (text: string, format: string) =>
    parseRdf(text, { format: findFormat(format)!, baseIri: BASE, file: 'response', contexts });
  const keys = (qs: RDF.Quad[]) => new Set(qs.map(quadKey));

  it('every named graph: all of its quads, graph kept, in TriG, N-Quads and JSON-LD; its triples in Turtle; a page listing them', async () => {
    const ds = t.live.current.dataset;
    const graphs = ds.graphNames();
    assert.ok(graphs.length >= 40);
    for (const g of graphs) {
      const href = hrefFor(g, ds.baseIri);
      const contents = ds.match(null, null, null, namedNode(g));
      for (const ext of ['trig', 'nq', 'jsonld']) {
        const res = await request(t.app).get(`${href}.${ext}`);
        assert.equal(res.status, 200, `${href}.${ext}`);
        const parsed = await parse(res.text, ext);
        const got = keys(parsed);
        // Blank nodes get new labels in every parse: those quads are counted, the others matched one by one.
        const named = (q: RDF.Quad) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode';
        for (const q of contents.filter(named)) assert.ok(got.has(quadKey(q)), `${href}.${ext} lacks ${quadKey(q)}`);
        assert.equal(parsed.filter((q) => q.graph.value === g).length, contents.length, `${href}.${ext}: every quad of the graph`);
      }
      const nq = (await request(t.app).get(href).set('Accept', 'application/n-quads')).text;
      assert.ok(nq.split('\n').filter((l) => l.endsWith(`<${g}> .`)).length >= contents.length, `${href} negotiated as N-Quads`);
      const page = await request(t.app).get(href).set('Accept', 'text/html');
      assert.equal(page.status, 200);
      assert.match(page.text, /<h2>/);
    }
    // Turtle: the graph's own triples (a graph without readings, so all of them are asserted).
    const links = `${BASE}graph/links`;
    const ttl = await parse((await request(t.app).get('/graph/links.ttl')).text, 'ttl');
    const triples = new Set(ttl.map((q) => quadKey(DataFactory.quad(q.subject, q.predicate, q.object))));
    for (const q of ds.match(null, null, null, namedNode(links)))
      assert.ok(triples.has(quadKey(DataFactory.quad(q.subject, q.predicate, q.object))), quadKey(q));
  });

  it('a JSON-LD graph document holds each named graph as a node with @graph', async () => {
    const body = JSON.parse((await request(t.app).get('/np/rf-2019/kf-03.jsonld')).text) as Record<string, unknown>;
    const named = (body['@graph'] as Array<Record<string, unknown>>).filter((n) => Array.isArray(n['@graph']));
    assert.deepEqual(
      named.map((n) => n.id ?? n['@id']).sort(),
      ['assertion', 'head', 'provenance', 'pubinfo'].map((p) => `${BASE}np/rf-2019/kf-03/${p}`),
    );
  });

  it('a nanopublication: its four graphs, 406 for formats without graphs, and well formed by nanopub-rs and the guidelines', async () => {
    const { Nanopub } = loadNanopubLibrary(dir);
    const ds = t.live.current.dataset;
    const nps = ds.match(null, namedNode(RDF_TYPE), namedNode(`${NP}Nanopublication`), null).map((q) => q.subject.value);
    assert.equal(nps.length, 9, 'one per key finding');
    for (const np of nps) {
      const href = hrefFor(np, ds.baseIri);
      assert.equal((await request(t.app).get(href).set('Accept', 'text/turtle')).status, 406, `${href} as Turtle`);
      const res = await request(t.app).get(href).set('Accept', 'application/trig');
      assert.equal(res.status, 200);
      const checked = new Nanopub(res.text).check() as { info(): Record<string, unknown> };
      assert.equal(String((checked.info().uri as { value: string }).value), np, 'the library finds this nanopublication');
      // The guidelines' rules (nanopub.net/guidelines): one head naming three distinct, non-empty graphs; the
      // provenance speaks of the assertion; the publication info speaks of the nanopublication.
      const quads = await parse(res.text, 'trig');
      const [head, assertion, provenance, pubinfo] = nanopublicationGraphs(ds, np)!;
      assert.equal(new Set([head, assertion, provenance, pubinfo]).size, 4);
      const inGraph = (g: string) => quads.filter((q) => q.graph.value === g);
      for (const g of [assertion, provenance, pubinfo]) assert.ok(inGraph(g).length > 0, `${g} is empty`);
      assert.ok(inGraph(head).some((q) => q.subject.value === np && q.object.value === `${NP}Nanopublication`));
      assert.ok(
        inGraph(provenance).some((q) => q.subject.value === assertion),
        'the provenance is about the assertion',
      );
      assert.ok(
        inGraph(pubinfo).some((q) => q.subject.value === np),
        'the publication info is about the nanopublication',
      );
      const page = await request(t.app).get(href).set('Accept', 'text/html');
      assert.equal(page.status, 200);
      for (const g of [head, assertion, provenance, pubinfo]) assert.ok(page.text.includes(hrefFor(g, ds.baseIri)), `the page shows ${g}`);
    }
  });

  it('the library refuses a nanopublication without publication info (the check can fail)', async () => {
    const { Nanopub } = loadNanopubLibrary(dir);
    const trig = (await request(t.app).get('/np/rf-2019/kf-01.trig')).text;
    const broken = trig.replace(/<http:\/\/example\.org\/np\/rf-2019\/kf-01\/pubinfo> \{[\s\S]*?\n\}/, '');
    assert.notEqual(broken, trig);
    assert.throws(() => new Nanopub(broken).check(), /pubinfo/);
  });
});
