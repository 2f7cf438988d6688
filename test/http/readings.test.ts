// No reading without its marker: every page, document (every format), frame and API answer, walked for the interpretation graph's triples.
import { strict as assert } from 'node:assert';
import type * as RDF from '@rdfjs/types';
import request from 'supertest';
import * as jsonld from 'jsonld';
import { DataFactory } from 'n3';
import { parseRdf } from '../../src/rdf/parse';
import { DOCUMENT_FORMATS, findFormat } from '../../src/rdf/formats';
import { tripleKey } from '../../src/rdf/termKey';
import { hrefFor, framePath } from '../../src/rdf/iriScheme';
import { pagePaths } from '../../src/publish/sitemapPaths';
import { readingIndex, Reading } from '../../src/publish/readings';
import { escapeHtml } from '../../src/views/html';
import { BASE, TestApp } from '../helpers';
import { recordApp } from './recordApp';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const PROV_DERIVED = 'http://www.w3.org/ns/prov#wasDerivedFrom';
const RF = `${BASE}def/forum#`;
const { namedNode } = DataFactory;

describe('http: readings are marked wherever they appear', function () {
  this.timeout(600_000);
  let t: TestApp;
  let readings: ReturnType<typeof readingIndex>;
  let contexts: Map<string, unknown>;
  before(async () => {
    t = await recordApp();
    readings = readingIndex(t.live.current.dataset);
    contexts = new Map([[`${BASE}context.jsonld`, (await request(t.app).get('/context.jsonld')).body]]);
  });
  after(async () => {
    await t.live.close();
  });

  const get = (path: string, accept?: string) => {
    const r = request(t.app).get(path);
    return accept ? r.set('Accept', accept) : r;
  };
  const parse = (text: string, format: string) =>
    parseRdf(text, { format: findFormat(format)!, baseIri: BASE, file: 'response', contexts });

  /** In a graph without names: no reading asserted; each reified one names an interpretation that states confidence and basis. */
  function assertTriplesSafe(quads: RDF.Quad[], where: string): void {
    const keys = new Set(quads.map((q) => tripleKey(q)));
    const has = (s: RDF.Term, p: string) => quads.filter((q) => q.subject.equals(s) && q.predicate.value === p);
    for (const { quad } of readings.triples) assert.ok(!keys.has(tripleKey(quad)), `${where} asserts the reading ${tripleKey(quad)}`);
    const interpretations = new Set<string>();
    for (const q of quads) {
      if (q.predicate.value === `${RF}denotes`) interpretations.add(q.subject.value);
      if (q.predicate.value === PROV_DERIVED && has(q.subject, `${RDF_NS}subject`).length) interpretations.add(q.object.value);
    }
    for (const i of interpretations) {
      if (readings.graphs.has(i)) continue; // a reading whose interpretation the data does not name points at its graph
      const conf = has(namedNode(i), `${RF}confidence`);
      assert.ok(conf.length > 0, `${where}: <${i}> appears without its confidence`);
      assert.ok(has(namedNode(i), `${RF}basis`).length > 0, `${where}: <${i}> appears without its basis`);
      assert.ok(
        has(conf[0].object, 'http://www.w3.org/2004/02/skos/core#prefLabel').length > 0,
        `${where}: the confidence of <${i}> has no label`,
      );
    }
  }

  /** With graphs kept: a reading only ever in its interpretation graph. */
  function assertQuadsSafe(quads: RDF.Quad[], where: string): void {
    const read = new Map(readings.triples.map((r) => [tripleKey(r.quad), r.quad.graph.value]));
    for (const q of quads) {
      const g = read.get(tripleKey(q));
      if (g) assert.equal(q.graph.value, g, `${where} gives the reading ${tripleKey(q)} outside its interpretation graph`);
    }
  }

  const levels = (rs: Reading[]) => rs.map((r) => `reading, ${r.confidenceLabel}`);

  /** On a page: the reading's value shown next to its marker (a link or the literal, then "(reading, probable: …)"). */
  function assertPageMarks(html: string, shown: RDF.Term, rs: Reading[], where: string): void {
    const ds = t.live.current.dataset;
    const text =
      shown.termType === 'NamedNode' ? `href="${escapeHtml(hrefFor(shown.value, ds.baseIri))}"` : escapeHtml(shown.value).slice(0, 40);
    for (const level of levels(rs)) {
      const marked = html
        .split(text)
        .slice(1)
        .some((after) => {
          const at = after.indexOf('<span class="reading">(');
          return at >= 0 && at < 300 && after.slice(at, after.indexOf('</span>', at)).includes(level);
        });
      assert.ok(marked, `${where}: ${shown.value} is shown without "(${level}…"`);
    }
  }

  /** The schema.org JSON-LD a page embeds holds no reading (schema.org cannot say how sure a statement is). */
  async function assertEmbeddedSafe(html: string, where: string): Promise<void> {
    for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
      const nq = (await jsonld.toRDF(JSON.parse(m[1]), { format: 'application/n-quads' })) as unknown as string;
      assertTriplesSafe(await parse(nq, 'nq'), `${where} (embedded JSON-LD)`);
    }
  }

  it('the record has readings to look for, each with its interpretation', () => {
    assert.ok(
      readings.triples.length >= 5,
      'the partners, Afghanistan, "this platform", the State Commission and two provisional entities',
    );
    for (const r of readings.triples)
      for (const x of r.readings) assert.ok(x.interpretation && x.confidenceLabel && x.basis, tripleKey(r.quad));
  });

  it('every document in every format: readings never asserted without graphs, only in their graph with them', async () => {
    const ds = t.live.current.dataset;
    const paths = pagePaths(ds).filter((p) => /^\/(doc|graph|np|def)\//.test(p));
    assert.ok(paths.length > 100, `${paths.length} documents`);
    for (const path of paths) {
      for (const f of DOCUMENT_FORMATS.filter((x) => x.name !== 'html')) {
        const res = await get(`${path}.${f.extensions[0]}`);
        if (res.status === 406 && f.kind === 'graph' && path.startsWith('/np/')) continue; // a nanopublication needs graphs
        assert.equal(res.status, 200, `${path}.${f.extensions[0]}: ${res.status}`);
        const quads = await parse(res.text, f.name);
        // Graph documents keep their graphs in JSON-LD too (@graph per named graph); a resource's JSON-LD is triples.
        if (f.kind === 'dataset' || (f.name === 'jsonld' && !path.startsWith('/doc/'))) assertQuadsSafe(quads, `${path} ${f.label}`);
        else assertTriplesSafe(quads, `${path} ${f.label}`);
      }
    }
  });

  it('the dumps: the union formats reify the readings, the graph formats keep them in their graph', async () => {
    for (const ext of ['ttl', 'nt', 'rdf', 'trig', 'nq', 'jsonld']) {
      const res = await get(`/dumps/dataset.${ext}`)
        .buffer(true)
        .parse((r, cb) => {
          let s = '';
          r.on('data', (c: Buffer) => {
            s += c.toString('utf8');
          });
          r.on('end', () => cb(null, s));
        });
      assert.equal(res.status, 200, ext);
      const quads = await parse(res.body as string, ext);
      if (ext === 'ttl' || ext === 'nt' || ext === 'rdf') assertTriplesSafe(quads, `dataset.${ext}`);
      else assertQuadsSafe(quads, `dataset.${ext}`);
      if (ext === 'nt') {
        const reified = quads.filter((q) => q.predicate.value === `${RDF_NS}subject`).length;
        assert.ok(reified >= readings.triples.length, `every reading reified in dataset.nt (${reified})`);
      }
    }
  });

  it('every page marks each reading where it shows it, and embeds none in its schema.org', async () => {
    const ds = t.live.current.dataset;
    for (const path of pagePaths(ds).filter((p) => p !== '/sparql')) {
      const res = await get(path, 'text/html');
      assert.equal(res.status, 200, path);
      await assertEmbeddedSafe(res.text, path);
    }
    for (const { quad, readings: rs } of readings.triples) {
      const subjectPage = (await get(hrefFor(quad.subject.value, ds.baseIri), 'text/html')).text;
      if (quad.predicate.value === `${RDF_NS}type`) {
        for (const level of levels(rs))
          assert.ok(subjectPage.includes(`A provisional entity of a reading, not named as such by the source (${level}`));
      } else {
        assertPageMarks(subjectPage, quad.object, rs, `the page of ${quad.subject.value}`);
      }
      if (quad.object.termType === 'NamedNode' && quad.predicate.value !== `${RDF_NS}type`) {
        const objectPage = (await get(hrefFor(quad.object.value, ds.baseIri), 'text/html')).text;
        assertPageMarks(objectPage, quad.subject, rs, `the page of ${quad.object.value}`);
      }
      const graphPage = (await get(hrefFor(quad.graph.value, ds.baseIri), 'text/html')).text;
      assertPageMarks(graphPage, quad.object, rs, `the page of ${quad.graph.value}`);
    }
    const home = (await get('/', 'text/html')).text;
    for (const { quad, readings: rs } of readings.triples.filter((r) => r.quad.predicate.value === `${RDF_NS}type`))
      assertPageMarks(home, quad.subject, rs, 'the home page');
  });

  it('frames: the edition in every frame format, readings reified with their interpretations', async () => {
    const ds = t.live.current.dataset;
    const editions = ds.match(null, namedNode(`${RDF_NS}type`), namedNode(`${RF}Forum`), null).map((q) => q.subject.value);
    for (const e of editions) {
      const path = framePath(e, ds.baseIri)!;
      for (const ext of ['jsonld', 'ttl', 'nt', 'rdf']) {
        const res = await get(`${path}.${ext}`);
        assert.equal(res.status, 200);
        assertTriplesSafe(await parse(res.text, ext), `${path}.${ext}`);
      }
    }
    const framed = (await get(`${framePath(`${BASE}id/event/rf-2019`, BASE)}.jsonld`)).body;
    const readingsOf = framed.readings as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(readingsOf) && readingsOf.length === 2, 'the two partners read from the A1 span, under the edition');
  });

  it('every named query, with each IRI a reading involves: a row showing a reading carries its confidence', async () => {
    const ds = t.live.current.dataset;
    const involved = [
      ...new Set(
        readings.triples
          .flatMap((r) => [r.quad.subject, r.quad.object])
          .filter((x) => x.termType === 'NamedNode')
          .map((x) => x.value),
      ),
    ];
    const provisional = new Set(
      readings.triples.filter((r) => r.quad.predicate.value === `${RDF_NS}type`).map((r) => r.quad.subject.value),
    );
    const label = (iri: string) => ds.match(namedNode(iri), namedNode('https://schema.org/name'), null, null)[0]?.object.value;
    const linkedByFact = (q: RDF.Quad) =>
      [...ds.match(q.subject, null, q.object, null), ...ds.match(q.object, null, q.subject, null)].some((f) => !readings.of(f));
    let shown = 0;
    for (const q of t.live.current.dataset.info.namedQueries ?? []) {
      const iriParams = q.params.filter((p) => p.type === 'iri');
      const others = q.params.filter((p) => p.type !== 'iri' && (p.default ?? p.example) !== undefined);
      const base = others.map((p) => `${p.name}=${encodeURIComponent(String(p.default ?? p.example))}`);
      const tries = iriParams.length
        ? iriParams.flatMap((p) => involved.map((iri) => [...base, `${p.name}=${encodeURIComponent(iri)}`]))
        : [base];
      if (q.params.some((p) => p.name === 'name'))
        tries.push(...[...provisional].map((iri) => [`name=${encodeURIComponent(`${label(iri)}@en`)}`]));
      for (const params of tries) {
        const path = `/api/${q.name}?${params.join('&')}`;
        if (q.form === 'CONSTRUCT') {
          const res = await get(path, 'application/n-triples');
          assert.equal(res.status, 200, `${path}: ${res.text}`);
          assertTriplesSafe(await parse(res.text, 'nt'), path);
          continue;
        }
        const res = await get(path, 'application/json');
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        for (const row of res.body as Array<Record<string, unknown>>) {
          const values = Object.values(row).map(String);
          for (const { quad, readings: rs } of readings.triples) {
            const o = quad.object.termType === 'NamedNode' ? [quad.object.value, label(quad.object.value)] : [quad.object.value];
            const showsSubject = values.includes(quad.subject.value);
            const showsObject = o.some((x) => x !== undefined && values.some((v) => v === x || v.includes(x)));
            const isProvisional = provisional.has(quad.subject.value) && showsSubject;
            // Both ends in one row show the reading unless a fact links them too (then the row may be showing the fact).
            if (!isProvisional && (!(showsSubject && showsObject) || linkedByFact(quad))) continue;
            shown++;
            for (const r of rs)
              assert.ok(
                String(row.confidence ?? '').includes(r.confidenceLabel!),
                `${path}: ${JSON.stringify(row)} shows ${tripleKey(quad)} without its confidence`,
              );
          }
        }
      }
    }
    assert.ok(shown >= 3, `the API shows readings (${shown} rows), marked`);
  });
});
