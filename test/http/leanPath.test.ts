// The lean path answers exactly as the route table would: each request of a table goes to an app with it and to one
// without it (over the same data), and status, headers, body, log line and counted metrics must be the same.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import pino from 'pino';
import { buildConfig, Config } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import type { LiveDataset } from '../../src/publish/live';
import { Metrics } from '../../src/http/metrics';
import { leanStats } from '../../src/http/leanPath';
import { FIXTURES, BASE } from '../helpers';

interface Side {
  live: LiveDataset;
  app: ReturnType<typeof createApp>;
  metrics: Metrics;
  lines: Record<string, unknown>[];
}

interface Case {
  name: string;
  method?: 'get' | 'head' | 'post' | 'options';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whether the lean path takes it (the others must reach the route table untouched). */
  lean: boolean;
}

const q = (text: string, extra = '') => `/sparql?query=${encodeURIComponent(text)}${extra}`;
const ACME = `${BASE}id/organization/acme`;

const CASES: Case[] = [
  {
    name: 'SELECT as SPARQL JSON',
    path: q(`SELECT ?p ?o WHERE { <${ACME}> ?p ?o }`),
    headers: { accept: 'application/sparql-results+json' },
    lean: true,
  },
  { name: 'SELECT with no Accept', path: q('SELECT * WHERE { ?s ?p ?o } LIMIT 3'), lean: true },
  { name: 'SELECT as CSV through a format hint', path: q('SELECT ?s WHERE { ?s ?p ?o } LIMIT 2', '&format=csv'), lean: true },
  { name: 'SELECT as the HTML page', path: q('SELECT ?s WHERE { ?s ?p ?o } LIMIT 2'), headers: { accept: 'text/html' }, lean: true },
  { name: 'ASK', path: q('ASK { ?s ?p ?o }'), headers: { accept: 'application/sparql-results+xml' }, lean: true },
  { name: 'DESCRIBE as Turtle', path: q(`DESCRIBE <${ACME}>`), headers: { accept: 'text/turtle' }, lean: true },
  { name: 'CONSTRUCT as JSON-LD', path: q('CONSTRUCT WHERE { ?s a ?t } LIMIT 4'), headers: { accept: 'application/ld+json' }, lean: true },
  { name: 'HEAD of a query', method: 'head', path: q('SELECT * WHERE { ?s ?p ?o } LIMIT 1'), lean: true },
  {
    name: 'a malformed query (400 from the error handler)',
    path: q('SELECT WHERE {'),
    headers: { accept: 'application/json' },
    lean: true,
  },
  { name: 'an update (403)', path: q('INSERT DATA { <a:b> <a:c> <a:d> }'), lean: true },
  { name: 'nothing acceptable (406)', path: q('SELECT * WHERE { ?s ?p ?o }'), headers: { accept: 'image/png' }, lean: false },
  { name: 'two queries (400 before anything runs)', path: `${q('ASK {}')}&query=x`, lean: false },
  { name: 'the document, negotiated', path: '/doc/organization/acme', headers: { accept: 'text/turtle' }, lean: true },
  { name: 'the document by extension', path: '/doc/organization/acme.jsonld', lean: true },
  { name: 'the document as a page', path: '/doc/organization/acme', headers: { accept: 'text/html' }, lean: true },
  { name: 'HEAD of the document', method: 'head', path: '/doc/organization/acme.nt', lean: true },
  { name: 'no such thing (404)', path: '/doc/organization/nobody', headers: { accept: 'text/turtle' }, lean: true },
  { name: 'a replaced thing (301)', path: '/doc/organization/old-acme', lean: true },
  { name: 'a withdrawn thing (410)', path: '/doc/organization/withdrawn', headers: { accept: 'text/html' }, lean: true },
  { name: 'no acceptable document format (406)', path: '/doc/organization/acme', headers: { accept: 'image/png' }, lean: true },
  { name: 'a bad escape in the path (400)', path: '/doc/organization/%E0%A4%A', lean: false },
  {
    name: 'compression negotiated',
    path: '/doc/organization/acme',
    headers: { accept: 'text/turtle', 'accept-encoding': 'gzip' },
    lean: false,
  },
  {
    name: 'a conditional request',
    path: '/doc/organization/acme',
    headers: { 'if-modified-since': 'Sat, 01 Jan 2000 00:00:00 GMT' },
    lean: false,
  },
  { name: 'the dataset description', path: '/doc/dataset', headers: { accept: 'text/turtle' }, lean: false },
  { name: 'a document URL with a query string', path: '/doc/organization/acme?x=1', lean: false },
  { name: 'the endpoint without a query', path: '/sparql', headers: { accept: 'text/turtle' }, lean: false },
  {
    name: 'POST of a query',
    method: 'post',
    path: '/sparql',
    headers: { 'content-type': 'application/sparql-query' },
    body: 'ASK {}',
    lean: false,
  },
  { name: 'a preflight', method: 'options', path: q('ASK {}'), headers: { origin: 'https://elsewhere.example' }, lean: false },
];

/**
 * A body as text, with what differs between two loads of the same data (or two writes of the same answer) made
 * alike: blank node labels (a writer's counter) and the load's time (the dataset description of data without dates).
 */
const textOf = (body: unknown) =>
  (Buffer.isBuffer(body) ? body.toString('utf8') : '').replace(/_:[\w-]+/g, '_:b').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');

/** Headers that name the moment or the connection, not the representation. */
const MOMENTARY = new Set(['date', 'connection', 'keep-alive']);

describe('http/leanPath: the same answers as the route table', () => {
  let config: Config;
  let lean: Side;
  let routed: Side;

  const side = async (withLean: boolean): Promise<Side> => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const live = openDataset(config, { workers: 0, dumps: false });
    const r = await live.reload();
    assert.ok(r.ok);
    const metrics = new Metrics();
    const app = createApp(config, live, pino({ level: 'info' }, sink), { metrics, lean: withLean });
    return { live, app, metrics, lines };
  };

  before(async () => {
    config = buildConfig({ data: path.join(FIXTURES, 'mini'), base: BASE, 'log-level': 'info' }, {});
    lean = await side(true);
    routed = await side(false);
  });
  after(async () => {
    await lean?.live.close();
    await routed?.live.close();
  });

  const send = (s: Side, c: Case) => {
    // superagent asks for gzip unless told not to; a plain client (autocannon, SPARQLWrapper) does not.
    let r = request(s.app)[c.method ?? 'get'](c.path).unset('Accept-Encoding');
    for (const [k, v] of Object.entries(c.headers ?? {})) r = r.set(k, v);
    if (c.body !== undefined) r = r.send(c.body);
    return r.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  };

  const headersOf = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !MOMENTARY.has(k)));
  const logged = (l: Record<string, unknown>) => {
    const { time: _t, durationMs: _d, pid: _p, hostname: _h, ...rest } = l;
    return rest;
  };

  for (const c of CASES) {
    it(`${c.name}: ${c.lean ? 'taken by the lean path' : 'left to the route table'}, answered the same`, async () => {
      const before = leanStats.answered;
      const a = await send(lean, c);
      assert.equal(leanStats.answered - before, c.lean ? 1 : 0, 'the lean path took it or left it as expected');
      const b = await send(routed, c);
      assert.equal(leanStats.answered - before, c.lean ? 1 : 0, 'the app without the lean path never takes it');
      assert.equal(a.status, b.status);
      assert.deepEqual(headersOf(a.headers), headersOf(b.headers));
      assert.equal(textOf(a.body), textOf(b.body));
      if (c.method === 'head') assert.equal(textOf(a.body), '');
      else if (a.status !== 204) assert.ok(textOf(a.body).length > 0);
      // The headers every response carries are there (not merely equal on both sides).
      assert.equal(a.headers['x-content-type-options'], 'nosniff');
      assert.match(a.headers['content-security-policy'], /default-src 'self'/);
      if (c.method !== 'options') assert.equal(a.headers['access-control-allow-origin'], '*');
      await new Promise((r) => setImmediate(r)); // the log line is written on 'finish'
      assert.deepEqual(lean.lines.map(logged).at(-1), routed.lines.map(logged).at(-1));
      assert.equal(lean.lines.length, routed.lines.length);
    });
  }

  it('counted every request in the metrics as the route table did', async () => {
    const total = async (s: Side) =>
      (await s.metrics.registry.getSingleMetricAsString('forum_ld_http_requests_total')).split('\n').filter((l) => !l.startsWith('#'));
    const a = await total(lean);
    assert.ok(a.some((l) => /route="\/sparql",method="GET",status="200"} \d+/.test(l)));
    assert.ok(a.some((l) => /route="\/doc",method="GET",status="404"} 1$/.test(l)));
    assert.deepEqual(a.sort(), (await total(routed)).sort());
  });
});
