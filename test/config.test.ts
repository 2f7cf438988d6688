// Configuration: defaults, environment, flags in that order; bad values fail with a sentence saying what to fix.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as os from 'node:os';
import { buildConfig, ConfigError, parseArgs } from '../src/config';

describe('config', () => {
  it('has defaults: port 3000, base from the port, the embedded data', () => {
    const c = buildConfig({}, {});
    assert.equal(c.port, 3000);
    assert.equal(c.baseIri, 'http://localhost:3000/');
    assert.equal(c.queryTimeoutMs, 30000);
    assert.ok(c.dataPaths.some((p) => p.endsWith('data')));
    assert.ok(Object.isFrozen(c));
  });
  it('lets the environment override defaults and flags override the environment', () => {
    const c = buildConfig({ port: '4000' }, { PORT: '5000', BASE_IRI: 'https://data.example.org/forum' });
    assert.equal(c.port, 4000);
    assert.equal(c.baseIri, 'https://data.example.org/forum/');
    assert.equal(buildConfig({}, { PORT: '5000' }).baseIri, 'http://localhost:5000/');
  });
  it('fails on bad values with a sentence that says what to fix', () => {
    assert.throws(
      () => buildConfig({ port: 'eighty' }, {}),
      (e: Error) => e instanceof ConfigError && /--port must be a whole number/.test(e.message),
    );
    assert.throws(() => buildConfig({}, { BASE_IRI: 'not an iri' }), /BASE_IRI must be an absolute http\(s\) IRI/);
    assert.throws(() => buildConfig({ data: '/no/such/folder' }, {}), /does not exist/);
    assert.throws(() => buildConfig({}, { QUERY_TIMEOUT_MS: '-1' }), /QUERY_TIMEOUT_MS/);
  });
  it("takes the query processes' memory cap and the cache folder, by flag or environment", () => {
    assert.equal(buildConfig({}, {}).workerMemoryMb, 1024);
    assert.equal(buildConfig({ 'worker-memory': '256' }, {}).workerMemoryMb, 256);
    assert.equal(buildConfig({}, { WORKER_MEMORY_MB: '512' }).workerMemoryMb, 512);
    assert.throws(() => buildConfig({ 'worker-memory': '8' }, {}), /--worker-memory must be a whole number from 64/);
    assert.equal(buildConfig({ 'cache-dir': 'some/where' }, {}).cacheDir, path.resolve('some/where'));
    assert.equal(buildConfig({}, { CACHE_DIR: '/var/cache/forum-ld' }).cacheDir, '/var/cache/forum-ld');
    assert.equal(buildConfig({}, {}).cacheDir, os.tmpdir());
  });
  it('takes the answer size cap and the shutdown grace, by flag or environment, and refuses nonsense', () => {
    assert.equal(buildConfig({}, {}).maxResultBytes, 64 * 1024 * 1024);
    assert.equal(buildConfig({ 'max-result-bytes': '1048576' }, {}).maxResultBytes, 1048576);
    assert.equal(buildConfig({}, { MAX_RESULT_BYTES: '2048' }).maxResultBytes, 2048);
    assert.throws(() => buildConfig({ 'max-result-bytes': '10' }, {}), /--max-result-bytes must be a whole number from 1024/);
    assert.equal(buildConfig({}, {}).shutdownGraceMs, 10_000);
    assert.equal(buildConfig({}, { SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs, 0);
    assert.throws(() => buildConfig({ 'shutdown-grace': 'soon' }, {}), /--shutdown-grace must be a whole number/);
  });
  it('takes the publisher and the contact point as given, and refuses what is not an address', () => {
    const c = buildConfig(
      { 'publisher-iri': 'https://example.org/org/1', 'contact-email': 'data@example.org' },
      { CONTACT_URL: 'https://example.org/contact' },
    );
    assert.equal(c.publisherIri, 'https://example.org/org/1', 'an identifier gets no trailing slash');
    assert.equal(c.contactEmail, 'data@example.org');
    assert.equal(c.contactUrl, 'https://example.org/contact');
    assert.equal(buildConfig({}, {}).contactEmail, undefined, 'no address is made up');
    assert.throws(() => buildConfig({}, { CONTACT_EMAIL: 'nobody' }), /CONTACT_EMAIL must be an email address/);
    assert.throws(() => buildConfig({ 'contact-url': 'ftp://example.org/' }, {}), /--contact-url must be an http\(s\) IRI/);
  });
  it('validates every load unless told not to, by flag or environment', () => {
    assert.equal(buildConfig({}, {}).validate, true);
    assert.equal(buildConfig(parseArgs(['--validate', 'false']).flags, {}).validate, false);
    assert.equal(buildConfig({}, { VALIDATE: 'no' }).validate, false);
    assert.throws(() => buildConfig({ validate: 'maybe' }, {}), /--validate must be true or false/);
  });
  it('parses flags, repeated flags and booleans', () => {
    const { flags, args } = parseArgs(['--data', 'a', '--data=b', '--watch', '--port', '1']);
    assert.deepEqual(parseArgs(['--data', 'a', 'SELECT'], 'query').args, ['SELECT']);
    assert.deepEqual(flags.data, ['a', 'b']);
    assert.equal(flags.watch, true);
    assert.equal(flags.port, '1');
    assert.deepEqual(args, []);
    assert.throws(() => parseArgs(['--port']), /--port needs a value/);
    assert.equal(parseArgs(['--validate']).flags.validate, 'true');
    assert.equal(parseArgs(['--validate', 'false', '--union-default-graph', 'true']).flags.validate, 'false');
  });
  it('refuses an option the command does not take, naming the ones it does', () => {
    assert.throws(
      () => parseArgs(['--prot', '8080'], 'validate'),
      (e: Error) =>
        e instanceof ConfigError && /forum-ld validate has no option --prot; its options are --data, .*--cache-dir/.test(e.message),
    );
    assert.throws(() => parseArgs(['--workers', '2'], 'query'), /forum-ld query has no option --workers/);
    assert.throws(() => parseArgs(['--watch=yes']), /--watch takes no value/);
    assert.throws(() => parseArgs(['--validate', 'nope']), /forum-ld serve takes options only, not "nope"/);
    assert.deepEqual(parseArgs(['SELECT * {}', '--format', 'csv'], 'query').args, ['SELECT * {}']);
    assert.deepEqual(parseArgs(['--file', 'q.rq', '--format', 'csv'], 'query').flags, { file: 'q.rq', format: 'csv' });
  });
});
