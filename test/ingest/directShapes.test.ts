// Oracle test of the direct SHACL checks: over generated records broken at random, the loader's check (direct shapes
// plus shacl-engine for the rest) reports exactly what shacl-engine alone reports over every shape.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from '../../bench/generate';
import { Random } from '../../bench/random';
import { planShapes } from '../../src/ingest/directShapes';
import { loadDataset } from '../../src/ingest/load';
import { shaclValidator } from '../../src/ingest/shaclValidator';
import { ShapesValidator } from '../../src/ingest/validate';
import { formatProblem } from '../../src/rdf/problem';

const BASE = 'http://bench.example/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const LINE = /^(\S+) (\S+) (.+?)( <[^>]*>)? \.$/;

/**
 * Breaks a generated N-Quads file the ways records go wrong: statements dropped, literals with the wrong language,
 * datatype or lexical form, objects swapped for other nodes (wrong class, a literal, a blank node), extra values
 * (cardinality, sh:equals), extra types (more focus nodes), forbidden and unlisted properties.
 */
function breakRecords(text: string, seed: number): string {
  const rnd = new Random(seed);
  const lines = text.split('\n').filter(Boolean);
  const parsed = lines.map((l) => LINE.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const iris = parsed.map((m) => m[3]).filter((o) => o.startsWith('<'));
  const subjects = parsed.map((m) => m[1]);
  const types = parsed.filter((m) => m[2].endsWith('#type>')).map((m) => m[3]);
  const byPredicate = new Map<string, string[]>();
  for (const m of parsed) byPredicate.set(m[2], [...(byPredicate.get(m[2]) ?? []), m[3]]);
  const literals = [
    '"x"',
    '"x"@en',
    '""',
    `"-1"^^<${XSD}positiveInteger>`,
    `"one"^^<${XSD}positiveInteger>`,
    `"2019-13-45"^^<${XSD}date>`,
    `"2019"^^<${XSD}gYear>`,
    `"2030-01-01"^^<${XSD}date>`,
    '"with the support of"',
    '"ZZ"',
    '"z1"',
  ];
  const out: string[] = [];
  for (const line of lines) {
    const m = LINE.exec(line);
    if (!m || rnd.chance(0.02)) continue;
    const [, s, p, o, g = ''] = m;
    const r = rnd.next();
    if (r < 0.01 && o.startsWith('"')) {
      const bare = /^"((?:[^"\\]|\\.)*)"/.exec(o)?.[1] ?? 'x';
      out.push(`${s} ${p} ${rnd.pick([`"${bare}"`, `"${bare}"@ru`, `"${bare}"^^<${XSD}date>`, rnd.pick(literals)])}${g} .`);
    } else if (r < 0.02 && o.startsWith('<')) {
      out.push(`${s} ${p} ${rnd.pick([rnd.pick(iris), rnd.pick(literals), `_:b${rnd.int(0, 50)}`])}${g} .`);
    } else {
      out.push(line);
      if (r < 0.03) out.push(`${s} ${p} ${rnd.pick(byPredicate.get(p)!)}${g} .`);
    }
  }
  const g = ` <${BASE}graph/broken>`;
  for (let i = 0; i < lines.length / 200; i++) {
    out.push(`${rnd.pick(subjects)} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ${rnd.pick(types)}${g} .`);
    const preds = [...byPredicate.keys()];
    out.push(`${rnd.pick(subjects)} ${rnd.pick(preds)} ${rnd.chance(0.5) ? rnd.pick(iris) : rnd.pick(literals)}${g} .`);
  }
  out.push(`${rnd.pick(subjects)} <https://schema.org/organizer> ${rnd.pick(iris)}${g} .`);
  out.push(`${rnd.pick(subjects)} <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q863>${g} .`);
  out.push(`${rnd.pick(subjects)} <http://www.w3.org/2002/07/owl#sameAs> <http://example.org/elsewhere>${g} .`);
  return `${out.join('\n')}\n`;
}

/** Shapes without messages (shacl-engine's own texts), every severity, and each component the direct checks implement. */
const SHAPES = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI ; sh:pattern "^http://example" ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 2 ; sh:datatype xsd:string ; sh:minLength 2 ; sh:maxLength 5 ] ;
  sh:property [ sh:path ex:label ; sh:uniqueLang true ; sh:pattern "^[a-z]+$" ; sh:flags "i" ; sh:severity sh:Warning ] ;
  sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:lessThan ex:m ; sh:in ( 1 2 3 ) ; sh:severity sh:Info ] ;
  sh:property [ sh:path ex:start ; sh:lessThanOrEquals ex:end ; sh:equals ex:begin ] ;
  sh:property [ sh:path [ sh:inversePath ex:has ] ; sh:maxCount 1 ; sh:class ex:Owner ; sh:nodeKind sh:BlankNodeOrIRI ] ;
  sh:property [ sh:path ex:kind ; sh:hasValue ex:good ; sh:node ex:KindShape ] ;
  sh:not [ sh:class ex:Banned ] ;
  sh:and ( [ sh:path ex:name ; sh:minCount 1 ] [ sh:nodeKind sh:IRI ] ) .
ex:KindShape sh:class ex:Kind .
ex:RefShape a sh:NodeShape ; sh:targetObjectsOf ex:ref ; sh:targetNode ex:missing ; sh:hasValue ex:a ; sh:in ( ex:a ex:b ) ;
  sh:or ( [ sh:class ex:Thing ] [ sh:datatype xsd:date ] ) .
ex:a a ex:Thing ; ex:name "a" , "bb" , "ccc" ; ex:label "x"@en , "y"@en , "1"@fr ; ex:n 4 , "x" ; ex:m 3 ;
  ex:start "2020-01-02"^^xsd:date ; ex:end "2020-01-01"^^xsd:date ; ex:begin "2020-01-03"^^xsd:date ; ex:kind ex:bad ;
  ex:ref ex:a , "2019-01-01"^^xsd:date , "no" , ex:b .
ex:b a ex:Sub , ex:Banned ; ex:name "toolong"@en ; ex:kind ex:good . ex:good a ex:Kind .
_:o ex:has ex:b . ex:c ex:has ex:b . ex:c a ex:Owner .
`;

describe('ingest/directShapes: the same reports as shacl-engine', () => {
  it('over shapes without messages, of every severity, with each component it implements', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-direct-')), 'all.ttl');
    fs.writeFileSync(file, SHAPES);
    const loaded = await loadDataset({ paths: [file], baseIri: BASE });
    assert.ok(loaded.ok, JSON.stringify(loaded.problems.slice(0, 3)));
    const store = loaded.dataset.store;
    assert.deepEqual(
      planShapes(store).rest.map((t) => t.value),
      [],
    );
    const oracle = (await new ShapesValidator(store).validate(store)).map(formatProblem);
    const ours = (await shaclValidator()(store, { sources: new Map(), baseIri: BASE })).map(formatProblem);
    assert.ok(oracle.length > 20, oracle.join('\n'));
    assert.deepEqual(ours, oracle);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-direct-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const seed of [1, 2, 3]) {
    it(`over generated records broken at random (seed ${seed})`, async function () {
      this.timeout(120_000);
      const at = path.join(dir, String(seed));
      const catalog = generate({ triples: 6_000, seed, base: BASE, dir: at });
      const records = path.join(at, catalog.records);
      fs.writeFileSync(records, breakRecords(fs.readFileSync(records, 'utf8'), seed));
      const loaded = await loadDataset({ paths: [path.join(at, catalog.dataDir)], baseIri: BASE });
      assert.ok(loaded.ok, JSON.stringify(loaded.problems.slice(0, 3)));
      const store = loaded.dataset.store;

      const plan = planShapes(store);
      const direct = plan.direct.map((d) => d.shape.term).map((id) => store.termOf(id).value.replace(/.*#/, ''));
      for (const name of [
        'FindingShape',
        'ClaimShape',
        'InvolvementShape',
        'InvolvementRolePhraseShape',
        'ForumShape',
        'SpecificResourceShape',
      ])
        assert.ok(direct.includes(name), `${name} is checked directly (direct: ${direct.join(' ')})`);

      const oracle = (await new ShapesValidator(store).validate(store)).map(formatProblem);
      const ours = (await shaclValidator()(store, { sources: new Map(), baseIri: BASE })).map(formatProblem);
      // The breakage must reach many kinds of constraint, or the comparison proves little.
      const kinds = new Set(oracle.map((p) => p.replace(/ \(focus.*$/, '')));
      assert.ok(oracle.length > 100 && kinds.size > 25, `only ${oracle.length} results of ${kinds.size} kinds`);
      assert.deepEqual(ours, oracle);
    });
  }
});
