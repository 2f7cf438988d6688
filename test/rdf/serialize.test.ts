import { strict as assert } from 'node:assert';
import { DataFactory, Writer } from 'n3';
import { FORMATS } from '../../src/rdf/formats';
import { PrefixedWriter } from '../../src/rdf/prefixedWriter';
import { serializeQuads } from '../../src/rdf/serialize';

const { namedNode, literal, quad } = DataFactory;
const TURTLE = FORMATS.find((f) => f.name === 'ttl')!;

describe('rdf/serialize: Turtle declares only the prefixes it uses', () => {
  it('keeps the prefixes covering some IRI or datatype, whatever the namespace ends with', async () => {
    const quads = [
      quad(namedNode('http://x.example/id/a'), namedNode('https://schema.org/name'), literal('A')),
      quad(
        namedNode('http://x.example/id/a'),
        namedNode('http://x.example/def#n'),
        literal('5', namedNode('http://www.w3.org/2001/XMLSchema#integer')),
      ),
      quad(namedNode('http://x.example/id/a'), namedNode('http://x.example/vocabTerm'), namedNode('http://x.example/id/b')),
    ];
    const prefixes: Record<string, string> = {
      schema: 'https://schema.org/',
      def: 'http://x.example/def#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      id: 'http://x.example/id/',
      vocab: 'http://x.example/vocab',
      skos: 'http://www.w3.org/2004/02/skos/core#',
      deep: 'http://x.example/id/a/',
    };
    // A small table is looked up by bit masks, a large one (over 31 prefixes) by name: the same prefixes either way.
    const large = { ...prefixes, ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, `http://p${i}.example/`])) };
    for (const table of [prefixes, large]) {
      const body = await serializeQuads(quads, TURTLE, { prefixes: table });
      const declared = [...body.matchAll(/@prefix (\w+):/g)].map((m) => m[1]).sort();
      assert.deepEqual(declared, ['def', 'id', 'schema', 'vocab', 'xsd']);
    }
  });
});

describe('rdf/prefixedWriter: the same bytes as N3.js, faster', () => {
  it('writes every IRI as N3.js would: prefixed where a namespace and a local part allow, whole otherwise', async () => {
    const iris = [
      'http://x.example/id/a',
      'http://x.example/id/a.b',
      'http://x.example/id/a.',
      'http://x.example/id/',
      'http://x.example/id/a/b',
      'http://x.example/id/a%20b',
      'http://x.example/id/é',
      'http://x.example/def#n-1',
      'http://x.example/def#',
      'http://x.example/other/q',
      'http://x.example/id/"q',
      // IRIs that start like a declared prefixed name: N3.js writes them as they stand when the rest is a local name.
      'id:a',
      'id:a/b',
      'def:',
      'urn:x:y',
      'vocab:z',
    ];
    const quads = iris.flatMap((s, i) => [
      quad(namedNode(s), namedNode('http://x.example/def#p'), namedNode(iris[(i + 1) % iris.length])),
      quad(namedNode(s), namedNode('http://x.example/def#v'), literal('1', namedNode(iris[(i + 3) % iris.length]))),
    ]);
    for (const prefixes of <Array<Record<string, string>>>[
      { id: 'http://x.example/id/', def: 'http://x.example/def#', again: 'http://x.example/id/' },
      { id: 'http://x.example/id/', vocab: 'http://x.example/de' },
      { id: 'http://x.example/id/', urn: 'urn:x:' },
      {},
    ]) {
      const write = (w: InstanceType<typeof Writer>) => {
        for (const q of quads) w.addQuad(q);
        return new Promise<string>((resolve, reject) => w.end((e, out) => (e ? reject(e) : resolve(out))));
      };
      // Twice each: the second writer of a table takes its declarations from what the first worked out.
      for (const format of ['Turtle', 'Turtle', 'TriG', 'TriG'])
        assert.equal(await write(new PrefixedWriter({ format, prefixes })), await write(new Writer({ format, prefixes })));
    }
  });
});
