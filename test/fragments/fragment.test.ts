// Counts and pages from the indexes equal a linear evaluation, for every kind of selector, with triples in several graphs.
import { strict as assert } from 'node:assert';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { QuadStore } from '../../src/store/quadStore';
import { countFragment, selectFragment } from '../../src/fragments/fragment';
import { Parameters, parameterValue, readSelector, skolemize } from '../../src/fragments/selector';
import { termKey, tripleKey, quadKey } from '../../src/rdf/termKey';

const { namedNode, blankNode, literal, defaultGraph, quad } = DataFactory;
const BASE = 'http://x/';

/** Terms of every kind; a triple stated in two graphs and in the unnamed graph; a repeated variable's match. */
function sample(): RDF.Quad[] {
  const s = [namedNode('http://x/a'), namedNode('http://x/b'), blankNode('n1'), namedNode('http://x/c')];
  const p = [namedNode('http://x/p'), namedNode('http://x/q'), namedNode('http://x/r')];
  const o = [
    namedNode('http://x/a'),
    literal('hello', 'en'),
    literal('3', namedNode('http://www.w3.org/2001/XMLSchema#integer')),
    blankNode('n1'),
    namedNode('http://x/b'),
  ];
  const g = [defaultGraph(), namedNode('http://x/g1'), namedNode('http://x/g2')];
  const out: RDF.Quad[] = [];
  let k = 11;
  for (let i = 0; i < 400; i++) {
    k = (k * 37 + 19) % 1013;
    out.push(
      quad(s[k % s.length] as RDF.Quad_Subject, p[(k >> 1) % p.length], o[(k >> 2) % o.length], g[(k >> 3) % g.length] as RDF.Quad_Graph),
    );
  }
  return out;
}

describe('fragments: counts and pages', () => {
  const quads = sample();
  const store = QuadStore.fromQuads(quads);
  const unique = [...new Map(quads.map((q) => [quadKey(q), q])).values()];

  /** What a selector must give: linear evaluation over the distinct quads. */
  function expected(params: Parameters): string[] {
    const sel = readSelector(params, BASE);
    const fits = (t: RDF.Term | undefined, v: RDF.Term) => !t || t.equals(v);
    const matches = unique.filter(
      (q) =>
        fits(sel.subject, q.subject) &&
        fits(sel.predicate, q.predicate) &&
        fits(sel.object, q.object) &&
        (sel.graph.kind !== 'named' || sel.graph.term.equals(q.graph)) &&
        sel.same.every((ps) => ps.every((pos) => (q[pos] as RDF.Term).equals(q[ps[0]] as RDF.Term))),
    );
    const sk = (q: RDF.Quad, g: RDF.Term) =>
      quad(skolemize(q.subject, BASE) as RDF.Quad_Subject, q.predicate, skolemize(q.object, BASE) as RDF.Quad_Object, g as RDF.Quad_Graph);
    if (sel.graph.kind === 'default') return [...new Set(matches.map((q) => tripleKey(sk(q, defaultGraph()))))].sort();
    return matches.map((q) => quadKey(sk(q, q.graph))).sort();
  }

  /** Every page of a selector, concatenated. */
  function paged(params: Parameters, size: number): { keys: string[]; total: number } {
    const sel = readSelector(params, BASE);
    const keys: string[] = [];
    let page = 1;
    let total = 0;
    for (;;) {
      const r = selectFragment(store, sel, page, size, BASE);
      total = r.total;
      assert.ok(r.quads.length <= size);
      if (r.hasNext) assert.equal(r.quads.length, size, 'only the last page may be short');
      for (const q of r.quads) keys.push(sel.graph.kind === 'default' ? tripleKey(q) : quadKey(q));
      if (!r.hasNext) break;
      page++;
    }
    return { keys: keys.sort(), total };
  }

  const probes = unique.slice(0, 25);
  const selectors: Parameters[] = [
    {},
    { graph: '' },
    { graph: 'http://x/g1' },
    { graph: 'http://x/none' },
    { subject: '?v', object: '?v' },
    { subject: '?v', object: '?v', graph: '' },
  ];
  for (const q of probes) {
    for (let mask = 1; mask < 8; mask++) {
      const params: Parameters = {};
      if (mask & 1) params.subject = parameterValue(skolemize(q.subject, BASE));
      if (mask & 2) params.predicate = parameterValue(q.predicate);
      if (mask & 4) params.object = parameterValue(skolemize(q.object, BASE));
      selectors.push(
        params,
        { ...params, graph: '' },
        { ...params, graph: q.graph.termType === 'DefaultGraph' ? 'http://x/g2' : q.graph.value },
      );
    }
  }

  it('has triples stated in several graphs, so the union needs its de-duplication', () => {
    assert.ok(store.repeatsTriples);
    assert.ok(new Set(unique.map(tripleKey)).size < unique.length);
  });

  it('counts exactly what a linear scan finds, for every combination of bound positions and graph kinds', () => {
    for (const params of selectors) {
      assert.equal(countFragment(store, readSelector(params, BASE)), expected(params).length, JSON.stringify(params));
    }
  });

  it('pages through exactly those matches, each once, whatever the page size', () => {
    for (const size of [1, 7, 1000]) {
      for (const params of selectors) {
        const { keys, total } = paged(params, size);
        assert.deepEqual(keys, expected(params), `${JSON.stringify(params)} in pages of ${size}`);
        assert.equal(total, keys.length);
      }
    }
  });

  it('writes union matches in the default graph and graph matches in their graph', () => {
    const union = selectFragment(store, readSelector({ predicate: 'http://x/p' }, BASE), 1, 1000, BASE);
    assert.ok(union.quads.every((q) => q.graph.termType === 'DefaultGraph'));
    const any = selectFragment(store, readSelector({ predicate: 'http://x/p', graph: '' }, BASE), 1, 1000, BASE);
    assert.deepEqual(new Set(any.quads.map((q) => termKey(q.graph))), new Set(['', 'http://x/g1', 'http://x/g2']));
  });

  it('gives blank nodes as skolem IRIs, which select them again', () => {
    const r = selectFragment(store, readSelector({ subject: 'http://x/.well-known/genid/n1' }, BASE), 1, 1000, BASE);
    assert.ok(r.total > 0);
    assert.ok(r.quads.every((q) => q.subject.value === 'http://x/.well-known/genid/n1'));
  });

  it('finds nothing for unknown terms and impossible selectors', () => {
    for (const params of [{ subject: 'http://x/none' }, { object: '"hello"@de' }, { subject: '"hello"@en' }, { predicate: 'relative' }]) {
      const r = selectFragment(store, readSelector(params, BASE), 1, 10, BASE);
      assert.equal(r.total, 0);
      assert.deepEqual(r.quads, []);
      assert.equal(r.hasNext, false);
    }
  });

  it('answers a range that needs no checks by its bounds: a page deep into it reads only that page', () => {
    let visits = 0;
    const sel = readSelector({ graph: '' }, BASE);
    const spy = Object.create(store) as QuadStore;
    spy.scan = (s, p, o, g, visit, once, skip) =>
      store.scan(
        s,
        p,
        o,
        g,
        (...a) => {
          visits++;
          return visit(...a);
        },
        once,
        skip,
      );
    const r = selectFragment(spy, sel, 3, 5, BASE);
    assert.equal(r.quads.length, 5);
    assert.equal(visits, 5);
  });
});
