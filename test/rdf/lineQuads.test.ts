// Oracle test of the N-Triples/N-Quads line reader: every input gives the same term keys, or the same error at the
// same line, as N3.js alone, over the W3C suites, hand-picked edge cases and generated records broken at random.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as RDF from '@rdfjs/types';
import { generate } from '../../bench/generate';
import { Random } from '../../bench/random';
import { parseRdfEach, RdfParseError } from '../../src/rdf/parse';
import type { KeySpans } from '../../src/rdf/lineQuads';
import { findFormat } from '../../src/rdf/formats';
import { termKey } from '../../src/rdf/termKey';
import { FIXTURES } from '../helpers';

const BASE = 'http://example.org/base/';

/** What reading gave: each quad's keys (blank node scopes made alike), or the error as reported. */
interface Outcome {
  quads: string[];
  error?: string;
  /** Quads that came through the line reader rather than N3.js. */
  plain: number;
}

async function read(text: string | Buffer, ext: 'nt' | 'nq', lines: boolean): Promise<Outcome> {
  const quads: string[] = [];
  const scope = (k: string) => k.replace(/^_:b\d+_/, '_:B_');
  const out: Outcome = { quads, plain: 0 };
  const onQuad = (q: RDF.Quad) => quads.push([q.subject, q.predicate, q.object, q.graph].map((t) => scope(termKey(t))).join(' | '));
  const onKeys = ({ bytes, from, to }: KeySpans) => {
    out.plain++;
    quads.push(
      [0, 1, 2, 3].map((k) => scope(Buffer.from(bytes[k].buffer, bytes[k].byteOffset).toString('utf8', from[k], to[k]))).join(' | '),
    );
  };
  try {
    await parseRdfEach(text, { format: findFormat(ext)!, baseIri: BASE, file: `f.${ext}` }, onQuad, lines ? onKeys : undefined);
  } catch (e) {
    if (!(e instanceof RdfParseError)) throw e;
    out.error = e.message;
  }
  return out;
}

async function agrees(text: string, ext: 'nt' | 'nq'): Promise<Outcome> {
  const ours = await read(text, ext, true);
  const oracle = await read(text, ext, false);
  // After an error the load is refused: the quads handed over before it do not matter (N3.js emits some of its line).
  const compared = (o: Outcome) => (o.error ? { error: o.error } : { quads: o.quads });
  assert.deepEqual(compared(ours), compared(oracle), JSON.stringify(text));
  return ours;
}

const EDGE_CASES = [
  '<http://a/s> <http://a/p> <http://a/o> .',
  '<http://a/s>\t<http://a/p>\t"x"\t.\t',
  '<http://a/s><http://a/p><http://a/o>.',
  '<http://a/s> <http://a/p> "x"@EN-gb .',
  '<http://a/s> <http://a/p> "x"@en-Latn-RS.',
  '<http://a/s> <http://a/p> "x"@en--ltr .',
  '<http://a/s> <http://a/p> "x"@version .',
  '<http://a/s> <http://a/p> "x"@Version .',
  '<http://a/s> <http://a/p> "x"@e1 .',
  '<http://a/s> <http://a/p> "x"@en- .',
  '<http://a/s> <http://a/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .',
  '<http://a/s> <http://a/p> "x"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .',
  '<http://a/s> <http://a/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
  '<http://a/s> <http://a/p> "1"^<http://www.w3.org/2001/XMLSchema#integer> .',
  '<http://a/s> <http://a/p> "" .',
  '<http://a/s> <http://a/p> "a # b" . # a comment',
  '<http://a/s> <http://a/p> "caf\u00e9 \u{1F600}" .',
  '<http://a/s\u00e9> <http://a/p> <http://a/\u{1F600}> .',
  '<http://a/s> <http://a/p> "a\\"b\\u00E9\\n" .',
  '<http://a/\\u00E9> <http://a/p> <http://a/o> .',
  '<http://a/s> <http://a/p> <rel/o> .',
  '<#s> <http://a/p> <//host/o> .',
  '<Http+X.-1:s> <http://a/p> <urn:x> .',
  '<http://a/s p> <http://a/p> <http://a/o> .',
  '<http://a/s> <http://a/p> <http://a/{o}> .',
  '_:a <http://a/p> _:b.',
  '_:a.b <http://a/p> _:c .',
  '<http://a/s> <http://a/p> _:a.b .',
  '<http://a/s> <http://a/p> _:a. .',
  '_:1a-b_ <http://a/p> _:_x .',
  '_:-a <http://a/p> _:x .',
  '_:\u00e9 <http://a/p> _:x .',
  '<http://a/s> <http://a/p> <http://a/o> <http://a/g> .',
  '<http://a/s> <http://a/p> "x"@en _:g .',
  '<http://a/s> <http://a/p> "x" "g" .',
  '"s" <http://a/p> <http://a/o> .',
  '<http://a/s> _:p <http://a/o> .',
  '<http://a/s> <http://a/p> <<( <http://a/a> <http://a/b> <http://a/c> )>> .',
  '<http://a/s> <http://a/p> <http://a/o>',
  '<http://a/s> <http://a/p> <http://a/o> . .',
  '<http://a/s> <http://a/p> "open .',
  '<http://a/s> <http://a/p> <http://a/o',
  '   ',
  '# only a comment',
  '',
];

describe('rdf/lineQuads (checked against N3.js)', () => {
  describe('the W3C N-Triples and N-Quads suites (RDF 1.1 and 1.2)', () => {
    const root = path.join(FIXTURES, 'w3c-line-syntaxes');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (/\.(nt|nq)$/.test(e.name)) files.push(path.join(d, e.name));
      }
    };
    walk(root);
    it('has the suites', () => assert.ok(files.length > 300, String(files.length)));
    it('agrees on every file', async () => {
      let plain = 0;
      for (const file of files) {
        const ext = file.endsWith('.nq') ? 'nq' : 'nt';
        plain += (await agrees(fs.readFileSync(file, 'utf8'), ext)).plain;
      }
      // The reader takes the plain lines itself (else this would only test N3.js against itself).
      assert.ok(plain > 100, String(plain));
    });
  });

  it('agrees on edge cases, alone, between plain lines, and with CRLF or lone CR line ends', async () => {
    const plain = '<http://a/x> <http://a/y> "z" .';
    for (const ext of ['nt', 'nq'] as const) {
      for (const line of EDGE_CASES) {
        await agrees(line, ext);
        await agrees(`${plain}\n${plain}\n${line}\n${plain}\n${line}\n`, ext);
        await agrees(`${plain}\r\n${line}\r\n${plain}\r\n`, ext);
        await agrees(`${plain}\r${line}\r${plain}\n`, ext);
      }
    }
  });

  it('reports an error at the line of the file, after runs of plain and other lines', async () => {
    const text = [
      '<http://a/s> <http://a/p> "one" .',
      '<http://a/s> <http://a/p> "tw\\u006F" .',
      '<http://a/s> <http://a/p> "three" .',
      '<http://a/s> <http://a/p> "four\\u006F" .',
      '<http://a/s> <http://a/p> "five\\q" .',
    ].join('\n');
    const out = await agrees(text, 'nt');
    assert.equal(out.plain, 2);
    assert.match(out.error ?? '', /^f\.nt:5: /);
  });

  it('refuses bytes that are not UTF-8 at their line, in every syntax, rather than reading U+FFFD into the data', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<http://a/s> <http://a/p> "one" .\n<http://a/s> <http://a/p> "\uFFFD spelt right" .\n<http://a/s> <http://a/p> "b'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('d" .\n'),
    ]);
    for (const lines of [true, false]) {
      const ours = await read(bytes, 'nt', lines);
      assert.equal(ours.plain, 0);
      assert.match(ours.error ?? '', /^f\.nt:3: not UTF-8 \(byte 0xFF\)/);
    }
    const turtle = await parseRdfEach(bytes, { format: findFormat('ttl')!, baseIri: BASE, file: 'f.ttl' }, () => undefined).catch((e) => e);
    assert.ok(turtle instanceof RdfParseError && turtle.line === 3, String(turtle));
    // Valid UTF-8 (U+FFFD itself included) is read as before.
    assert.deepEqual((await read(bytes.subarray(0, bytes.indexOf('<http://a/s> <http://a/p> "b')), 'nt', true)).error, undefined);
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-lines-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const seed of [1, 2]) {
    it(`agrees on generated records, whole and with lines broken at random (seed ${seed})`, async function () {
      this.timeout(60_000);
      const at = path.join(dir, String(seed));
      const catalog = generate({ triples: 3_000, seed, base: 'http://bench.example/', dir: at });
      const text = fs.readFileSync(path.join(at, catalog.records), 'utf8');
      const whole = await agrees(text, 'nq');
      assert.equal(whole.plain, whole.quads.length);
      const rnd = new Random(seed);
      const lines = text.split('\n');
      const marks = ['\\', '"', '<', '>', ' ', '.', '@', '^', '_:', '#', '\t', 'é', '\\u00E9', 'A'];
      for (let round = 0; round < 200; round++) {
        const broken = lines.slice(rnd.int(0, lines.length - 40)).slice(0, 30);
        const i = rnd.int(0, broken.length - 1);
        const l = broken[i];
        const cut = rnd.int(0, l.length);
        broken[i] =
          rnd.next() < 0.3 ? l.slice(0, cut) + l.slice(cut + 1) : l.slice(0, cut) + marks[rnd.int(0, marks.length - 1)] + l.slice(cut);
        await agrees(broken.join('\n'), 'nq');
      }
    });
  }
});
