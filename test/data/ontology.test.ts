// The ontology is as documented: 15 classes, 28 object and 7 datatype properties, each labelled, commented and defined by it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Parser } from 'n3';
import { BASE, iri, ONTOLOGY } from '../support';

const OWL = 'http://www.w3.org/2002/07/owl#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

describe('ontology/forum.ttl', () => {
  const quads = new Parser({ baseIRI: BASE }).parse(readFileSync(path.join(ONTOLOGY, 'forum.ttl'), 'utf8'));
  const ofType = (t: string) => quads.filter((q) => q.predicate.value === TYPE && q.object.value === t).map((q) => q.subject.value);
  const values = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);

  it('has 15 classes, 28 object properties and 7 datatype properties in the rf: namespace', () => {
    assert.equal(ofType(`${OWL}Class`).length, 15);
    assert.equal(ofType(`${OWL}ObjectProperty`).length, 28);
    assert.equal(ofType(`${OWL}DatatypeProperty`).length, 7);
    for (const t of [...ofType(`${OWL}Class`), ...ofType(`${OWL}ObjectProperty`), ...ofType(`${OWL}DatatypeProperty`)]) {
      assert.ok(t.startsWith(iri('def/forum#')), t);
    }
  });

  it('labels, comments (@en) and defines every term', () => {
    for (const t of [...ofType(`${OWL}Class`), ...ofType(`${OWL}ObjectProperty`), ...ofType(`${OWL}DatatypeProperty`)]) {
      for (const p of ['label', 'comment']) {
        const v = values(t, `${RDFS}${p}`);
        assert.ok(v.length >= 1 && v.every((l) => l.termType === 'Literal' && l.language === 'en'), `${t} rdfs:${p}`);
      }
      assert.deepEqual(
        values(t, `${RDFS}isDefinedBy`).map((x) => x.value),
        [iri('def/forum')],
        t,
      );
    }
  });

  it('has a versioned header with title, description and licence, and no owl:imports', () => {
    const o = iri('def/forum');
    assert.deepEqual(
      values(o, `${OWL}versionIRI`).map((x) => x.value),
      [iri('def/forum/0.1.0')],
    );
    assert.deepEqual(
      values(o, `${OWL}versionInfo`).map((x) => x.value),
      ['0.1.0'],
    );
    for (const p of ['title', 'description', 'license', 'created', 'modified'])
      assert.equal(values(o, `http://purl.org/dc/terms/${p}`).length, 1, p);
    assert.equal(quads.filter((q) => q.predicate.value === `${OWL}imports`).length, 0);
  });

  it('asserts nothing about terms of other vocabularies (no ontology hijacking)', () => {
    const foreign = quads.filter((q) => q.subject.termType === 'NamedNode' && !q.subject.value.startsWith(iri('def/forum')));
    assert.deepEqual(
      foreign.map((q) => q.subject.value),
      [],
    );
  });
});
