// RDF/XML entities: internal ones expanded; undefined, external and parameter entities refused with file, line and column.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRdf, RdfParseError } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';
import { resolveXmlEntities, XmlEntityError } from '../../src/rdf/xmlEntities';
import { loadDataset } from '../../src/ingest/load';

const RDF_OPEN = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:s="https://schema.org/">';
const doc = (doctype: string, name: string) =>
  `<?xml version="1.0"?>\n${doctype}${RDF_OPEN}\n  <rdf:Description rdf:about="http://e.org/x">\n    <s:name>${name}</s:name>\n  </rdf:Description>\n</rdf:RDF>\n`;
const parse = (text: string) => parseRdf(text, { format: findFormat('rdf')!, baseIri: 'http://e.org/', file: 'f.rdf' });

async function refused(text: string, line: number, message: RegExp): Promise<void> {
  await assert.rejects(parse(text), (e: RdfParseError) => {
    assert.ok(e instanceof RdfParseError, String(e));
    assert.equal(e.file, 'f.rdf');
    assert.equal(e.line, line, e.message);
    assert.ok(e.column && e.column > 0);
    assert.match(e.message, message);
    return true;
  });
}

describe('rdf/xmlEntities', () => {
  it('expands internal entities declared in the DOCTYPE (the usual &rdf; and &s; namespaces)', async () => {
    const text =
      `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!-- namespaces -->\n  <!ENTITY s "https://schema.org/">\n  <!ENTITY q 'say "hi"'>\n  <!ATTLIST rdf:Description x CDATA "a>b">\n]>\n` +
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:s="&s;">\n' +
      '  <rdf:Description rdf:about="http://e.org/x"><s:name>&q; &amp; &#65;&#x42;</s:name><s:description><![CDATA[&raw;]]></s:description><s:url rdf:resource="&s;Thing"/></rdf:Description>\n</rdf:RDF>\n';
    const quads = await parse(text);
    const byP = Object.fromEntries(quads.map((q) => [q.predicate.value, q.object.value]));
    assert.equal(byP['https://schema.org/name'], 'say "hi" & AB');
    assert.equal(byP['https://schema.org/description'], '&raw;', 'CDATA is text, not a reference');
    assert.equal(byP['https://schema.org/url'], 'https://schema.org/Thing');
  });

  it('refuses an undefined entity instead of loading "&xxe;" as text (issue #11)', async () => {
    await refused(doc('', 'a &xxe; b'), 4, /the entity &xxe; is not declared/);
  });

  it('refuses external entities, an external DTD and parameter entities, and never opens them', async () => {
    await refused(
      doc('<!DOCTYPE rdf:RDF [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n', '&xxe;'),
      3,
      /external entity "xxe" is not read/,
    );
    await refused(doc('<!DOCTYPE rdf:RDF [<!ENTITY xxe PUBLIC "-//x" "http://127.0.0.1:1/x">]>\n', '&xxe;'), 2, /external entity/);
    await refused(doc('<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:1/x.dtd">\n', 'x'), 2, /external DTD/);
    await refused(doc('<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "x.dtd"> %p;]>\n', 'x'), 2, /parameter entit/);
    await refused(doc('<!DOCTYPE rdf:RDF [<!ENTITY a "&b;">]>\n', '&a;'), 2, /holds markup or references/);
  });

  it('refuses a bare & with its position', async () => {
    await refused(doc('', 'fish & chips'), 4, /bare "&"/);
  });

  it('leaves documents without entities untouched', () => {
    const text = doc('', 'plain &amp; simple');
    assert.equal(resolveXmlEntities(text), text);
    assert.throws(
      () => resolveXmlEntities('<a>\n\n  &nope;</a>'),
      (e: XmlEntityError) => e.line === 3 && e.column === 3,
    );
  });

  it('is reported by the loader as a violation with file and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-xxe-'));
    try {
      const file = path.join(dir, 'evil.rdf');
      fs.writeFileSync(file, doc('<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n', '&xxe;'));
      const r = await loadDataset({ paths: [dir], baseIri: 'http://e.org/' });
      assert.equal(r.ok, false);
      const p = r.problems.find((x) => x.severity === 'violation');
      assert.ok(p);
      assert.equal(p.file, file);
      assert.equal(p.line, 2);
      assert.match(p.message, /external entity "xxe"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
