// The shapes the direct checks refuse (left to shacl-engine) and those they take, over small shapes graphs.
import { strict as assert } from 'node:assert';
import { Parser } from 'n3';
import { planShapes } from '../../src/ingest/directShapes';
import { QuadStore } from '../../src/store/quadStore';

const PREFIXES = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . `;

/** The local names of the shapes left to shacl-engine and of those checked directly. */
function plan(turtle: string): { rest: string[]; direct: string[] } {
  const store = QuadStore.fromQuads(new Parser().parse(PREFIXES + turtle));
  const { direct, rest } = planShapes(store);
  const name = (v: string) => v.replace('http://example.org/', '');
  return { rest: rest.map((t) => name(t.value)).sort(), direct: direct.map((d) => name(store.termOf(d.shape.term).value)).sort() };
}

describe('ingest/shapeCompiler: what is checked directly', () => {
  it('takes shapes whose every constraint it implements', () => {
    const r = plan(`ex:A a sh:NodeShape ; sh:targetClass ex:T ; sh:pattern "^x" ; sh:flags "i" ;
      sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ; sh:node ex:N ] . ex:N sh:datatype xsd:string .`);
    assert.deepEqual(r, { rest: [], direct: ['A'] });
  });

  for (const [what, turtle] of [
    ['a global or sticky pattern (its state hangs on the order of values)', 'sh:pattern "x" ; sh:flags "g"'],
    ['an invalid regular expression', 'sh:pattern "("'],
    ['a SPARQL constraint', 'sh:sparql [ sh:select "SELECT $this {}" ]'],
    ['a deactivated shape', 'sh:deactivated true'],
    ['two datatypes (shacl-engine reads several values as none)', 'sh:datatype xsd:string , xsd:date'],
    ['a node kind outside SHACL', 'sh:nodeKind ex:Kind'],
    ['a sequence path', 'sh:property [ sh:path ( ex:p ex:q ) ]'],
    ['a qualified value shape', 'sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ]'],
    ['shapes nested deeper than three', 'sh:node [ sh:node [ sh:node [ sh:node [ sh:class ex:C ] ] ] ]'],
    ['a malformed list', 'sh:in ex:notAList'],
  ])
    it(`leaves to shacl-engine ${what}`, () => {
      assert.deepEqual(plan(`ex:A a sh:NodeShape ; sh:targetClass ex:T ; ${turtle} . ex:B a sh:NodeShape ; sh:class ex:C .`), {
        rest: ['A'],
        direct: ['B'],
      });
    });

  it('leaves to shacl-engine a shape nesting one with focus nodes of its own', () => {
    const r = plan('ex:A a sh:NodeShape ; sh:targetClass ex:T ; sh:node ex:B . ex:B a sh:NodeShape ; sh:targetNode ex:x .');
    assert.deepEqual(r, { rest: ['A'], direct: ['B'] });
  });
});
