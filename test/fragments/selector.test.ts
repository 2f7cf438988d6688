// The TPF parameter syntax: IRIs, literals with language or datatype, variables, graphs, skolem IRIs, impossible selectors.
import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { DEFAULT_GRAPH_IRI, parameterValue, patternText, readSelector, skolemize } from '../../src/fragments/selector';

const { namedNode, blankNode, literal, variable } = DataFactory;
const BASE = 'http://example.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('fragments: the selector', () => {
  it('reads IRIs as themselves, in angle brackets, or as known prefixed names', () => {
    const s = readSelector({ subject: 'http://example.org/id/a', predicate: '<https://schema.org/name>', object: 'schema:Event' }, BASE, {
      schema: 'https://schema.org/',
    });
    assert.ok(s.subject?.equals(namedNode('http://example.org/id/a')));
    assert.ok(s.predicate?.equals(namedNode('https://schema.org/name')));
    assert.ok(s.object?.equals(namedNode('https://schema.org/Event')));
    assert.equal(s.graph.kind, 'default');
    assert.equal(s.impossible, undefined);
  });

  it('reads literals plain, with a language (lower-cased) and with a datatype, keeping inner quotes', () => {
    assert.ok(readSelector({ object: '"say "hi""' }, BASE).object?.equals(literal('say "hi"')));
    assert.ok(readSelector({ object: '"Forum"@EN-gb' }, BASE).object?.equals(literal('Forum', 'en-gb')));
    assert.ok(readSelector({ object: `"42"^^${XSD}integer` }, BASE).object?.equals(literal('42', namedNode(`${XSD}integer`))));
    assert.ok(readSelector({ object: `"42"^^<${XSD}integer>` }, BASE).object?.equals(literal('42', namedNode(`${XSD}integer`))));
    assert.ok(readSelector({ object: '"42"^^xsd:integer' }, BASE, { xsd: XSD }).object?.equals(literal('42', namedNode(`${XSD}integer`))));
  });

  it('reads empty values and ?names as variables, and ties repeated names together', () => {
    const s = readSelector({ subject: '?x', predicate: '', object: '?x' }, BASE);
    assert.equal(s.subject, undefined);
    assert.equal(s.predicate, undefined);
    assert.equal(s.object, undefined);
    assert.deepEqual(s.same, [['subject', 'object']]);
    assert.deepEqual(readSelector({ subject: '?x', object: '?y' }, BASE).same, []);
  });

  it('tells the default graph, a graph variable and a named graph apart', () => {
    assert.equal(readSelector({}, BASE).graph.kind, 'default');
    assert.equal(readSelector({ graph: DEFAULT_GRAPH_IRI }, BASE).graph.kind, 'default');
    assert.equal(readSelector({ graph: `<${DEFAULT_GRAPH_IRI}>` }, BASE).graph.kind, 'default');
    assert.equal(readSelector({ graph: '' }, BASE).graph.kind, 'any');
    assert.equal(readSelector({ graph: '?g' }, BASE).graph.kind, 'any');
    const named = readSelector({ graph: 'http://example.org/graph/x' }, BASE).graph;
    assert.ok(named.kind === 'named' && named.term.equals(namedNode('http://example.org/graph/x')));
  });

  it('turns skolem IRIs under the base back into blank nodes, and blank nodes into them', () => {
    const iri = skolemize(blankNode('n3-7'), BASE);
    assert.equal(iri.value, 'http://example.org/.well-known/genid/n3-7');
    assert.ok(readSelector({ subject: iri.value }, BASE).subject?.equals(blankNode('n3-7')));
    assert.ok(
      readSelector({ subject: 'http://other.example/.well-known/genid/n3-7' }, BASE).subject?.equals(
        namedNode('http://other.example/.well-known/genid/n3-7'),
      ),
    );
  });

  it('marks selectors no triple can match instead of failing (a literal subject, a relative IRI, a blank node label)', () => {
    assert.match(readSelector({ subject: '"text"' }, BASE).impossible ?? '', /literal cannot be the subject/);
    assert.match(readSelector({ predicate: 'name' }, BASE).impossible ?? '', /not an IRI/);
    assert.match(readSelector({ object: '_:b0' }, BASE).impossible ?? '', /not an IRI/);
    assert.match(readSelector({ object: '"open' }, BASE).impossible ?? '', /not an IRI/);
    assert.match(readSelector({ graph: '"g"' }, BASE).impossible ?? '', /literal cannot be the graph/);
  });

  it('writes terms back in the same syntax, and patterns for titles', () => {
    assert.equal(parameterValue(literal('a', 'en')), '"a"@en');
    assert.equal(parameterValue(literal('1', namedNode(`${XSD}integer`))), `"1"^^${XSD}integer`);
    assert.equal(parameterValue(namedNode('http://x/a')), 'http://x/a');
    assert.equal(parameterValue(variable('v')), '?v');
    const s = readSelector({ predicate: 'http://x/p', object: '"a"@en', graph: '' }, BASE);
    assert.equal(patternText(s), '{ GRAPH ?g { ?s <http://x/p> "a"@en . } }');
    assert.equal(patternText(readSelector({ object: `"1"^^${XSD}integer` }, BASE)), `{ ?s ?p "1"^^<${XSD}integer> . }`);
  });
});
