import { strict as assert } from 'node:assert';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Store as N3Store } from 'n3';
import { QuadStore } from '../../src/store/quadStore';
import { termKey } from '../../src/rdf/termKey';

const { namedNode, blankNode, literal, defaultGraph, quad } = DataFactory;

/** A small dataset with every kind of term, repeated quads and several graphs. */
function sample(): RDF.Quad[] {
  const s = [namedNode('http://x/a'), namedNode('http://x/b'), blankNode('n1'), namedNode('http://x/é')];
  const p = [namedNode('http://x/p'), namedNode('http://x/q')];
  const o = [
    namedNode('http://x/a'),
    literal('hello', 'en'),
    literal('hello'),
    literal('3', namedNode('http://www.w3.org/2001/XMLSchema#integer')),
    literal('say "hi"\n'),
    blankNode('n1'),
    literal('ünï'),
  ];
  const g = [defaultGraph(), namedNode('http://x/g1'), namedNode('http://x/g2')];
  const out: RDF.Quad[] = [];
  let k = 7;
  for (let i = 0; i < 300; i++) {
    k = (k * 31 + 17) % 1009;
    out.push(quad(s[k % s.length] as RDF.Quad_Subject, p[k % p.length], o[(k >> 2) % o.length], g[(k >> 3) % g.length] as RDF.Quad_Graph));
  }
  return out;
}

const key = (q: RDF.Quad) => [q.subject, q.predicate, q.object, q.graph].map(termKey).join(' | ');

describe('QuadStore', () => {
  const quads = sample();
  const store = QuadStore.fromQuads(quads);
  const unique = [...new Map(quads.map((q) => [key(q), q])).values()];

  it('keeps each distinct quad once', () => {
    assert.equal(store.size, unique.length);
    assert.deepEqual(store.getQuads().map(key).sort(), unique.map(key).sort());
  });

  it('matches every combination of bound and unbound positions like a linear scan', () => {
    for (const probe of unique.slice(0, 40)) {
      for (let mask = 0; mask < 16; mask++) {
        const pick = <T>(t: T, bit: number) => ((mask >> bit) & 1 ? t : undefined);
        const s = pick(probe.subject, 0),
          p = pick(probe.predicate, 1),
          o = pick(probe.object, 2),
          g = pick(probe.graph, 3);
        const expected = unique.filter(
          (q) => (!s || q.subject.equals(s)) && (!p || q.predicate.equals(p)) && (!o || q.object.equals(o)) && (!g || q.graph.equals(g)),
        );
        assert.deepEqual(store.getQuads(s, p, o, g).map(key).sort(), expected.map(key).sort(), `mask ${mask}`);
        assert.equal(store.countQuads(s, p, o, g), expected.length);
      }
    }
  });

  it('finds nothing for a term it does not hold, and treats variables as wildcards', () => {
    assert.equal(store.countQuads(namedNode('http://x/none')), 0);
    assert.equal(store.countQuads(undefined, undefined, literal('hello', 'de')), 0);
    assert.equal(
      store.countQuads(DataFactory.variable('s'), namedNode('http://x/p')),
      unique.filter((q) => q.predicate.value === 'http://x/p').length,
    );
  });

  it('gives back terms equal to the ones stored, with language, datatype and escapes intact', () => {
    const objects = new Set(store.getQuads().map((q) => termKey(q.object)));
    for (const q of unique) assert.ok(objects.has(termKey(q.object)));
    const lit = store.getQuads(undefined, undefined, literal('say "hi"\n'))[0].object as RDF.Literal;
    assert.equal(lit.value, 'say "hi"\n');
    assert.equal((store.getQuads(undefined, undefined, literal('hello', 'EN'))[0].object as RDF.Literal).language, 'en');
  });

  it('lists the graphs, the default graph included', () => {
    assert.deepEqual(store.graphs().map(termKey).sort(), ['', 'http://x/g1', 'http://x/g2']);
  });

  it('lists distinct combinations of positions, as rdf-stores does', () => {
    const distinct = (names: Array<'subject' | 'predicate' | 'object' | 'graph'>) =>
      [...store.readDistinctTerms(names)].map((ts) => ts.map(termKey).join(' ')).sort();
    const expected = (names: Array<'subject' | 'predicate' | 'object' | 'graph'>) =>
      [...new Set(unique.map((q) => names.map((n) => termKey(q[n])).join(' ')))].sort();
    for (const names of [
      ['graph'],
      ['predicate'],
      ['object', 'subject'],
      ['predicate', 'graph'],
      ['graph', 'object', 'subject'],
    ] as const) {
      assert.deepEqual(distinct([...names]), expected([...names]), names.join(','));
    }
  });

  it('streams matches for RDF/JS consumers', async () => {
    const streamed = await store.match(undefined, namedNode('http://x/q')).toArray();
    assert.deepEqual(streamed.map(key).sort(), store.getQuads(undefined, namedNode('http://x/q')).map(key).sort());
    assert.deepEqual(await store.match(namedNode('http://x/none')).toArray(), []);
  });

  it('opens the same data from its shared memory, as a worker thread does', () => {
    const again = new QuadStore(store.share());
    assert.deepEqual(again.getQuads().map(key), store.getQuads().map(key));
    assert.equal(again.countQuads(blankNode('n1')), store.countQuads(blankNode('n1')));
  });

  it('holds an empty dataset', () => {
    const empty = QuadStore.fromQuads([]);
    assert.equal(empty.size, 0);
    assert.deepEqual(empty.getQuads(), []);
    assert.deepEqual(empty.graphs(), []);
  });

  describe('over generated data', () => {
    /** Over 2,048 terms (ids of two radix digits), repeated quads, every term kind, five graphs; deterministic. */
    function generated(n: number): RDF.Quad[] {
      const out: RDF.Quad[] = [];
      let k = 12345;
      const next = (m: number) => {
        k = (Math.imul(k, 1103515245) + 12345) >>> 0;
        return (k >>> 8) % m;
      };
      const term = (m: number) => {
        const i = next(m);
        return i % 7 === 0 ? blankNode(`b${i}`) : namedNode(`http://x/t${i}`);
      };
      for (let i = 0; i < n; i++) {
        const j = next(5000);
        const o = j % 3 === 0 ? literal(`v${j}`, j % 2 ? 'en' : undefined) : term(4000);
        const g = next(5);
        out.push(
          quad(
            term(3000) as RDF.Quad_Subject,
            namedNode(`http://x/p${next(40)}`),
            o,
            (g ? namedNode(`http://x/g${g}`) : defaultGraph()) as RDF.Quad_Graph,
          ),
        );
        if (i % 13 === 0) out.push(out[next(out.length)]);
      }
      return out;
    }

    for (const [name, data] of [
      ['the sample', sample()],
      ['6,000 generated quads', generated(6_000)],
      ['no quads', []],
    ] as Array<[string, RDF.Quad[]]>) {
      it(`answers every pattern over ${name} like N3.js's store`, () => {
        const store = QuadStore.fromQuads(data);
        const oracle = new N3Store(data);
        assert.equal(store.size, oracle.size);
        for (const probe of data.slice(0, 12)) {
          for (let mask = probe === data[0] ? 0 : 1; mask < 16; mask++) {
            const pick = <T>(t: T, bit: number) => ((mask >> bit) & 1 ? t : null);
            const args = [pick(probe.subject, 0), pick(probe.predicate, 1), pick(probe.object, 2), pick(probe.graph, 3)] as const;
            assert.deepEqual(
              store
                .getQuads(...args)
                .map(key)
                .sort(),
              oracle
                .getQuads(...args)
                .map(key)
                .sort(),
              `mask ${mask}`,
            );
          }
        }
      });
    }
  });
});
