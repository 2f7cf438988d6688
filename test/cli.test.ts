// The command line: query over given files in every format, validate's exit code and report, help, bad options.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from './helpers';
import { runCli as run } from './support/runCli';

const mini = path.join(FIXTURES, 'mini');

describe('cli', () => {
  it('query prints SELECT results in the requested format', async () => {
    const r = await run([
      'query',
      '--data',
      mini,
      '--format',
      'csv',
      'SELECT ?n WHERE { <http://localhost:3000/id/organization/acme> <https://schema.org/name> ?n }',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'n\r\nACME\r\n');
    const json = await run(['query', '--data', mini, '--format', 'application/sparql-results+json', 'ASK { ?s ?p ?o }']);
    assert.equal(JSON.parse(json.out).boolean, true);
  });

  it('query prints CONSTRUCT results as Turtle by default and keeps named graphs in TriG', async () => {
    const ttl = await run(['query', '--data', mini, '--base', 'http://example.org/', 'CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }']);
    assert.equal(ttl.code, 0, ttl.err);
    assert.match(ttl.out, /@prefix/);
    const trig = await run([
      'query',
      '--data',
      mini,
      '--base',
      'http://example.org/',
      '--format',
      'trig',
      'CONSTRUCT { ?s a ?t } WHERE { GRAPH ?g { ?s a ?t } }',
    ]);
    assert.equal(trig.code, 0, trig.err);
  });

  it('query refuses a format that does not fit, and a malformed query with its position', async () => {
    const r = await run(['query', '--data', mini, '--format', 'ttl', 'SELECT * { ?s ?p ?o }']);
    assert.equal(r.code, 2);
    assert.match(r.err, /does not fit a SELECT query/);
    const bad = await run(['query', '--data', mini, 'SELECT * { ?s ?p }']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /Malformed query \(line 1\)/);
  });

  it('validate exits 0 on good data and 1 with file and line on broken data', async () => {
    const ok = await run(['validate', '--data', mini]);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /^valid: \d+ quads/m);
    const bad = await run(['validate', '--data', path.join(FIXTURES, 'broken-syntax')]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /bad\.ttl:4: violation/);
  });

  it('prints help and refuses bad options with a sentence', async () => {
    const help = await run(['query', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: forum-ld query/);
    const bad = await run(['serve', '--port', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--port must be a whole number/);
    const unknown = await run(['frobnicate']);
    assert.equal(unknown.code, 2);
  });

  it('export needs --out with a new or empty folder, takes only its own options, and writes a site', async () => {
    const none = await run(['export', '--data', mini]);
    assert.equal(none.code, 2);
    assert.match(none.err, /needs --out DIR/);
    const full = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-cli-export-'));
    fs.writeFileSync(path.join(full, 'keep.txt'), 'not ours');
    const occupied = await run(['export', '--data', mini, '--out', full]);
    assert.equal(occupied.code, 2);
    assert.match(occupied.err, /exists and is not empty/);
    assert.equal(fs.readFileSync(path.join(full, 'keep.txt'), 'utf8'), 'not ours');
    const serveOnly = await run(['export', '--out', path.join(full, 'x'), '--port', '8080']);
    assert.equal(serveOnly.code, 2);
    assert.match(serveOnly.err, /forum-ld export has no option --port/);
    const help = await run(['export', '--help']);
    assert.match(help.out, /Usage: forum-ld export --out DIR/);
    const site = path.join(full, 'site');
    const done = await run(['export', '--data', mini, '--out', site, '--base', 'https://example.org/']);
    assert.equal(done.code, 0, done.err);
    assert.match(done.out, /^exported \d+ files/);
    for (const f of ['index.html', 'nginx.conf', '.htaccess', '_redirects', 'sitemap.xml']) assert.ok(fs.existsSync(path.join(site, f)), f);
    assert.match(fs.readFileSync(path.join(site, 'sitemap.xml'), 'utf8'), /<loc>https:\/\/example\.org\//);
  });
});
