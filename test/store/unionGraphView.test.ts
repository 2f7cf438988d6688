// The validators' view of the store: the union of all graphs as one default graph, each triple once.
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { QuadStore } from '../../src/store/quadStore';
import { UnionGraphView } from '../../src/store/unionGraphView';

const { namedNode: n, literal, quad, defaultGraph } = DataFactory;

describe('store/unionGraphView', () => {
  const a = n('http://x/a');
  const p = n('http://x/p');
  const q = n('http://x/q');
  const store = QuadStore.fromQuads([
    quad(a, p, literal('1'), n('http://x/g1')),
    quad(a, p, literal('1'), n('http://x/g2')), // the same triple in a second graph
    quad(a, p, literal('2'), defaultGraph()),
    quad(a, q, n('http://x/b'), n('http://x/g1')),
  ]);
  const view = new UnionGraphView(store);

  it('counts and lists each triple once, in the default graph', () => {
    assert.equal(view.size, 3);
    const all = [...view];
    assert.equal(all.length, 3);
    assert.ok(all.every((t) => t.graph.equals(defaultGraph())));
  });

  it('matches by any bound position; unknown terms and named graphs match nothing', () => {
    assert.equal(view.match(a, p).size, 2);
    assert.equal(view.match(null, null, literal('1')).size, 1);
    assert.equal(view.match(null, q, n('http://x/b')).size, 1);
    assert.equal(view.match(n('http://x/unknown')).size, 0);
    assert.equal(view.match(a, p, null, n('http://x/g1')).size, 0);
    assert.equal(view.match(a, p, null, defaultGraph()).size, 2);
    assert.ok(view.has(quad(a, p, literal('2'))));
    assert.ok(!view.has(quad(a, p, literal('2'), n('http://x/g1'))));
  });

  it('is read-only', () => {
    assert.throws(() => view.add(quad(a, p, literal('3'))), /read-only/);
  });
});
