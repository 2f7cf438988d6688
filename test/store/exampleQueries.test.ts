// The editor's example queries: read from a folder of decorated .rq files, runnable as they stand.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Parser } from 'sparqljs';
import { exampleQuery, readExampleQueries } from '../../src/store/exampleQueries';
import { BASE, FIXTURES } from '../helpers';

describe('store/exampleQueries', () => {
  it('lists the .rq files by name with their summary, and nothing else', () => {
    const list = readExampleQueries(path.join(FIXTURES, 'editor-queries'), BASE);
    assert.deepEqual(list.map((q) => [q.name, q.summary]), [['acme', 'Everything about ACME'], ['events', 'The events in the record, with their names']]);
  });

  it('drops the decorators and adds the base, so relative IRIs resolve in the editor', () => {
    const [, events] = readExampleQueries(path.join(FIXTURES, 'editor-queries'), BASE);
    assert.ok(!events.query.includes('#+'));
    assert.ok(events.query.startsWith(`BASE <${BASE}>\n`));
    const parsed = new Parser().parse(events.query) as { prefixes: Record<string, string> };
    assert.equal(parsed.prefixes.rf, `${BASE}def/forum#`);
  });

  it('keeps a query\'s own BASE, and names a query without a summary by its file', () => {
    const q = exampleQuery('plain', 'BASE <http://other.example/>\nSELECT * WHERE { <x> ?p ?o }', BASE);
    assert.equal(q.summary, 'plain');
    assert.ok(!q.query.includes(BASE));
  });

  it('gives no examples, and no error, for a missing or empty folder', () => {
    assert.deepEqual(readExampleQueries(path.join(FIXTURES, 'no-such-folder'), BASE), []);
    assert.deepEqual(readExampleQueries(undefined, BASE), []);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-queries-'));
    try {
      assert.deepEqual(readExampleQueries(empty, BASE), []);
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });
});
