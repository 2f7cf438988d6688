// One structured log line per request (method, path, status, duration, query hash, result count); query text at debug only.
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import request from 'supertest';
import pino from 'pino';
import { createApp } from '../../src/app';
import { testApp, TestApp } from '../helpers';

function capture(level: string): { log: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      out.push(String(chunk));
      done();
    },
  });
  return {
    log: pino({ level }, stream),
    lines: () =>
      out
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

describe('http/middleware: request log', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.live.close());

  it('writes one line per request, with the query hash and result count but not the text, at info', async () => {
    const { log, lines } = capture('info');
    const app = createApp(t.config, t.live, log);
    const query = 'SELECT * WHERE { ?s ?p ?o } LIMIT 2';
    await request(app).get('/sparql').query({ query });
    await request(app).get('/sparql').query({ query: 'SELECT * WHERE {' });
    await request(app).get('/doc/organization/acme').set('Accept', 'text/turtle');
    await request(app).put('/sparql');
    const logged = lines().filter((l) => l.msg === 'request');
    assert.equal(logged.length, 4);
    const [ok, bad, doc, put] = logged;
    assert.deepEqual([ok.method, ok.path, ok.status, ok.results], ['GET', '/sparql', 200, 2]);
    assert.match(String(ok.queryHash), /^[0-9a-f]{16}$/);
    assert.equal(typeof ok.durationMs, 'number');
    assert.equal(ok.query, undefined, 'no query text at info');
    assert.equal(ok.level, 30);
    assert.deepEqual([bad.status, typeof bad.queryHash, bad.results], [400, 'string', undefined]);
    assert.notEqual(bad.queryHash, ok.queryHash);
    assert.deepEqual([doc.path, doc.status], ['/doc/organization/acme', 200]);
    assert.deepEqual([put.method, put.status], ['PUT', 405]);
    assert.ok(!JSON.stringify(logged).includes('LIMIT 2'), 'the text appears nowhere');
  });

  it('adds the query text at debug level, and the same hash for the same query', async () => {
    const { log, lines } = capture('debug');
    const app = createApp(t.config, t.live, log);
    const query = 'ASK { ?s ?p ?o }';
    await request(app).post('/sparql').type('form').send({ query });
    await request(app).post('/sparql').type('form').send({ query });
    const [first, second] = lines().filter((l) => l.msg === 'request');
    assert.equal(first.query, query);
    assert.equal(first.queryHash, second.queryHash);
    assert.equal(second.cached, true);
  });
});
