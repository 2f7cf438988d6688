// The dataset statistics, counted by term id, against a count over the quads themselves (the union graph by keys).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { loadDataset } from '../../src/ingest/load';
import { datasetStats, prepareStats } from '../../src/publish/stats';
import { termKey } from '../../src/rdf/termKey';
import { BASE, ROOT } from '../helpers';

describe('publish/stats', () => {
  it('counts triples, subjects, entities, objects, classes and properties as a count over the quads does', async function () {
    this.timeout(60_000);
    const r = await loadDataset({ paths: [path.join(ROOT, 'ontology'), path.join(ROOT, 'data')], baseIri: BASE });
    assert.ok(r.ok);
    const ds = r.dataset;
    const triples = new Map<string, { s: string; p: string; o: string; iri: boolean; value: string; object: string }>();
    for (const q of ds.quads()) {
      const [s, p, o] = [termKey(q.subject), termKey(q.predicate), termKey(q.object)];
      triples.set(`${s} ${p} ${o}`, { s, p, o, iri: q.subject.termType === 'NamedNode', value: q.subject.value, object: q.object.value });
    }
    const all = [...triples.values()];
    const subjects = new Set(all.map((t) => t.s));
    const entities = new Set(all.filter((t) => t.iri && t.value.startsWith(`${BASE}id/`)).map((t) => t.s));
    assert.ok(
      all.some((t) => t.s.startsWith('_:')),
      'the record has blank-node subjects',
    );
    assert.ok(entities.size < subjects.size && entities.size > 0);
    const stats = await prepareStats(ds);
    assert.equal(datasetStats(ds), stats, 'kept for the dataset');
    assert.deepEqual(
      [stats.triples, stats.distinctSubjects, stats.entities, stats.distinctObjects],
      [triples.size, subjects.size, entities.size, new Set(all.map((t) => t.o)).size],
    );
    for (const p of stats.properties) {
      const of = all.filter((t) => t.p === p.iri);
      assert.deepEqual(
        [p.triples, p.distinctSubjects, p.distinctObjects],
        [of.length, new Set(of.map((t) => t.s)).size, new Set(of.map((t) => t.o)).size],
        p.iri,
      );
    }
    const type = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
    for (const c of stats.classes)
      assert.equal(c.entities, new Set(all.filter((t) => t.p === type && t.object === c.iri).map((t) => t.s)).size, c.iri);
  });
});
