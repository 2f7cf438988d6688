// Quotations are byte-exact against the source, the source matches its sha256, and owl:sameAs is curated.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DataFactory, Parser } from 'n3';
import type * as RDF from '@rdfjs/types';
import { checkSources, checkSourcesInThread } from '../../src/forum/checkSource';
import { QuadStore } from '../../src/store/quadStore';
import { formatProblem } from '../../src/rdf/problem';
import { BASE, DATA, FIXTURES, iri, lineOf, loadRecord, SEED } from '../support';

const { namedNode, literal, quad, blankNode } = DataFactory;
const OA = 'http://www.w3.org/ns/oa#';
const QUOTING = new Set([iri('def/forum#verbatimText'), iri('def/forum#sourcePhrase'), `${OA}exact`, `${OA}prefix`, `${OA}suffix`]);

/** data/*.trig parsed directly with n3, independent of the loader. */
function dataQuads(): RDF.Quad[] {
  return readdirSync(DATA)
    .filter((f) => f.endsWith('.trig'))
    .flatMap((f) => new Parser({ baseIRI: BASE, format: 'application/trig' }).parse(readFileSync(path.join(DATA, f), 'utf8')));
}

describe('store/checkSource: quotations and links against the source', () => {
  const seed = readFileSync(SEED, 'utf8');

  it('ships the source text with the recorded sha256, and the record names that digest', () => {
    // The pinned digest is what keeps data/sources/ byte-exact to the source it was transcribed from.
    const copy = readFileSync(SEED);
    const sha = createHash('sha256').update(copy).digest('hex');
    assert.equal(sha, 'af745d2f50be88cb247385908f224ebe908fb41366af9002ea74d7d383a0f6fe');
    const ids = dataQuads()
      .filter(
        (q) =>
          q.subject.value === iri('id/source/third-regional-forum-2019') && q.predicate.value === 'http://purl.org/dc/terms/identifier',
      )
      .map((q) => q.object.value);
    assert.ok(ids.includes(`sha256:${sha}`), `recorded identifiers: ${ids.join(', ')}`);
  });

  it('every rf:verbatimText, rf:sourcePhrase and oa:exact/prefix/suffix in data/ occurs in the source exactly', () => {
    const quoted = dataQuads().filter((q) => QUOTING.has(q.predicate.value));
    assert.ok(quoted.length > 100, `only ${quoted.length} quotations found`);
    const missing = quoted
      .filter((q) => !seed.includes(q.object.value))
      .map((q) => `${q.subject.value} ${q.predicate.value} ${JSON.stringify(q.object.value)}`);
    assert.deepEqual(missing, []);
  });

  it('verbatim texts are language-tagged @en and selector strings are plain', () => {
    for (const q of dataQuads().filter((x) => QUOTING.has(x.predicate.value))) {
      const lit = q.object as RDF.Literal;
      if (q.predicate.value.endsWith('#verbatimText')) assert.equal(lit.language, 'en', q.subject.value);
      else assert.equal(lit.datatype.value, 'http://www.w3.org/2001/XMLSchema#string', `${q.subject.value} ${q.predicate.value}`);
    }
  });

  it("names of organisations, places and platforms are the text's own forms", () => {
    const quads = dataQuads();
    const typed = new Set(
      quads
        .filter(
          (q) =>
            q.predicate.value.endsWith('#type') &&
            ['http://www.w3.org/ns/org#Organization', 'https://schema.org/Place', iri('def/forum#DigitalPlatform')].includes(
              q.object.value,
            ),
        )
        .map((q) => q.subject.value),
    );
    const names = quads.filter((q) => typed.has(q.subject.value) && q.predicate.value === 'https://schema.org/name');
    assert.ok(names.length >= 25);
    assert.deepEqual(
      names.filter((q) => !seed.includes(q.object.value)).map((q) => q.object.value),
      [],
    );
  });

  it('refuses a verbatim text that differs from the source by one character, naming file and line', async () => {
    const file = path.join(FIXTURES, 'verbatim-not-in-source.trig');
    const { result, problems } = await loadRecord([file]);
    assert.equal(result.ok, false);
    const p = problems.find(
      (x) => x.focusNode === iri('id/finding/rf-2019/kf-02-x') && /does not occur in the source text exactly/.test(x.message),
    );
    assert.ok(p, problems.map(formatProblem).join('\n'));
    assert.equal(path.basename(p.file ?? ''), 'verbatim-not-in-source.trig');
    assert.equal(p.line, lineOf(file, 'rf:verbatimText'));
  });

  it('refuses owl:sameAs outside the links graph', async () => {
    const { result, problems } = await loadRecord([path.join(FIXTURES, 'sameas-outside-links.trig')]);
    assert.equal(result.ok, false);
    assert.ok(
      problems.some((p) => p.focusNode === iri('id/country/tj') && /only allowed in the curated links graph/.test(p.message)),
      problems.map(formatProblem).join('\n'),
    );
  });

  describe('checkSources on small inputs', () => {
    const src = namedNode(iri('id/source/doc'));
    const text = 'Alpha beta gamma. Beta gamma delta.';
    const sources = new Map([['doc', text]]);
    const sha = createHash('sha256').update(text).digest('hex');
    const ident = namedNode('http://purl.org/dc/terms/identifier');

    it('accepts a matching sha256 and refuses a mismatch', () => {
      assert.deepEqual(checkSources([quad(src, ident, literal(`sha256:${sha}`))], sources), []);
      const bad = checkSources([quad(src, ident, literal(`sha256:${'0'.repeat(64)}`))], sources);
      assert.match(bad[0].message, /does not match its recorded sha256/);
      const missing = checkSources([quad(src, ident, literal(`sha256:${sha}`))], new Map());
      assert.match(missing[0].message, /source text for this document is missing/);
    });

    it('finds the same on a thread of its own (as for large data) over the shared store', async () => {
      const quads = [
        quad(src, ident, literal(`sha256:${'0'.repeat(64)}`)),
        quad(namedNode(iri('id/source/gone')), ident, literal(`sha256:${sha}`)),
      ];
      const here = checkSources(quads, sources);
      assert.equal(here.length, 2);
      assert.deepEqual(await checkSourcesInThread(QuadStore.fromQuads(quads), sources), here);
    });

    it('refuses an ambiguous selector and accepts a disambiguated one', () => {
      const res = namedNode(iri('id/anchor/doc/x'));
      const sel = blankNode('s');
      const base = [
        quad(res, namedNode(`${OA}hasSource`), src),
        quad(res, namedNode(`${OA}hasSelector`), sel),
        quad(sel, namedNode(`${OA}exact`), literal('gamma')),
      ];
      const ambiguous = checkSources(base, sources);
      assert.equal(ambiguous.length, 1);
      assert.match(ambiguous[0].message, /ambiguous: it matches 2 places/);
      assert.equal(ambiguous[0].focusNode, res.value);
      assert.deepEqual(checkSources([...base, quad(sel, namedNode(`${OA}suffix`), literal(' delta'))], sources), []);
    });

    it('refuses owl:sameAs without matching verified link evidence', () => {
      const s = namedNode(iri('id/country/tj'));
      const wd = namedNode('http://www.wikidata.org/entity/Q863');
      const sameAs = quad(s, namedNode('http://www.w3.org/2002/07/owl#sameAs'), wd, namedNode(iri('graph/links')));
      const p = checkSources([sameAs], sources);
      assert.equal(p.length, 1);
      assert.match(p[0].message, /no rf:LinkEvidence/);
      const ev = namedNode(iri('id/link-evidence/tj-q863'));
      const evidence = [
        quad(ev, namedNode(iri('def/forum#linkSubject')), s),
        quad(ev, namedNode(iri('def/forum#linkTarget')), wd),
        quad(ev, namedNode(iri('def/forum#linkStatus')), namedNode(iri('id/concept/link-verified'))),
      ];
      assert.deepEqual(checkSources([sameAs, ...evidence], sources), []);
    });
  });
});
