// A few hundred malformed requests against a running server (worker threads, real sockets): every one gets a
// clear 4xx, never a 5xx or a dropped connection, and afterwards the server still answers correctly.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { DataFactory } from 'n3';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import { LiveDataset } from '../../src/publish/live';
import { explainClientErrors } from '../../src/http/clientError';
import { FIXTURES, BASE } from '../helpers';

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** mulberry32: the same "random" requests on every run, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  `SELECT ?s ?name WHERE { ?s <https://schema.org/name> ?name } ORDER BY ?name LIMIT 10`,
  `PREFIX schema: <https://schema.org/>\nCONSTRUCT { ?s schema:name ?n } WHERE { ?s a schema:Organization ; schema:name ?n }`,
  `ASK { GRAPH ?g { ?s ?p "ACME"@en } }`,
  `SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), "http")) } GROUP BY ?p HAVING (COUNT(*) > 1)`,
];

describe('http: malformed input', function () {
  this.timeout(180_000);
  let server: http.Server;
  let port: number;
  let live: LiveDataset;

  before(async () => {
    const config = buildConfig(
      { data: path.join(FIXTURES, 'mini'), base: BASE, 'log-level': 'silent', 'max-body': '65536', timeout: '5000' },
      {},
    );
    live = openDataset(config, { workers: 2 });
    await live.reload();
    server = explainClientErrors(createApp(config, live).listen(0, '127.0.0.1'));
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await live.close();
  });

  function send(method: string, pathAndQuery: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: pathAndQuery, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Bytes straight onto a socket, for what no HTTP client would send. */
  function raw(bytes: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
        resolve({ status, body: text.split('\r\n\r\n').slice(1).join('\r\n\r\n'), headers: {} });
      });
      socket.end(bytes);
    });
  }

  const get = (query: string, extra = '') =>
    send('GET', `/sparql?query=${encodeURIComponent(query)}${extra}`, { Accept: 'application/sparql-results+json, text/turtle' });
  const post = (body: Buffer | string, type: string) => send('POST', '/sparql', { 'Content-Type': type, Accept: '*/*' }, body);

  it('answers every malformed request with a clear 4xx, then still answers correctly', async () => {
    const rand = prng(20191212);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const cases: Array<{ name: string; run: () => Promise<Answer>; mayPass?: boolean }> = [];

    // Valid queries cut inside their outermost braces: never well-formed.
    for (let i = 0; i < 60; i++) {
      const q = pick(VALID);
      const cut = q.indexOf('{') + 1 + Math.floor(rand() * (q.lastIndexOf('}') - q.indexOf('{') - 1));
      cases.push({
        name: `truncated query ${i}`,
        run: () => (i % 2 ? get(q.slice(0, cut)) : post(q.slice(0, cut), 'application/sparql-query')),
      });
    }
    // Random character edits of valid queries: usually malformed, sometimes still a query; never a 5xx.
    for (let i = 0; i < 60; i++) {
      const chars = [...pick(VALID)];
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        const at = Math.floor(rand() * chars.length);
        chars.splice(
          at,
          rand() < 0.5 ? 1 : 0,
          ...(rand() < 0.7 ? [pick(['{', '}', '(', ')', '"', "'", '<', '>', '?', '.', ';', '\\', '#', '\u0000', 'é', '\u{1F600}'])] : []),
        );
      }
      cases.push({ name: `edited query ${i}`, run: () => get(chars.join('')), mayPass: true });
    }
    // Random printable and binary garbage.
    for (let i = 0; i < 30; i++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 200) }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('');
      cases.push({
        name: `garbage text ${i}`,
        run: () => post(`query=${encodeURIComponent(text)}`, 'application/x-www-form-urlencoded'),
        mayPass: true,
      });
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
      cases.push({
        name: `garbage bytes ${i}`,
        run: () => post(bytes, pick(['application/sparql-query', 'application/x-www-form-urlencoded'])),
      });
    }
    // Deep nesting and huge requests.
    for (const n of [65, 1000, 10_000, 30_000]) {
      for (const [open, close] of [
        ['{', '}'],
        ['(', ')'],
        ['[ <urn:p> ', ' ]'],
      ]) {
        const q =
          open === '{'
            ? `SELECT * WHERE ${open.repeat(n)}?s ?p ?o${close.repeat(n)}`
            : open === '('
              ? `SELECT * WHERE { ?s ?p ?o FILTER(${open.repeat(n)}1${close.repeat(n)}) }`
              : `SELECT * WHERE { ?s <urn:p> ${open.repeat(n)}1${close.repeat(n)} }`;
        cases.push({ name: `nesting ${open.trim()} ×${n}`, run: () => post(q, 'application/sparql-query') });
      }
    }
    cases.push({ name: 'body over the limit', run: () => post(`ASK {} #${'x'.repeat(70_000)}`, 'application/sparql-query') });
    cases.push({ name: 'URL over the header limit', run: () => get(`ASK {} #${'x'.repeat(20_000)}`) });
    // Encoding problems.
    for (const bad of ['%E0%A4%A', '%ZZ', '%C3%28', '%FF%FE', '%ED%A0%80', '%', '%%41']) {
      cases.push({ name: `percent-encoding ${bad}`, run: () => send('GET', `/sparql?query=ASK%20%7B%7D${bad}`) });
      cases.push({ name: `form percent-encoding ${bad}`, run: () => post(`query=ASK${bad}`, 'application/x-www-form-urlencoded') });
    }
    for (const bytes of [[0xc3, 0x28], [0xff], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]]) {
      const body = Buffer.concat([Buffer.from('ASK { ?s ?p "'), Buffer.from(bytes), Buffer.from('" }')]);
      cases.push({ name: `invalid UTF-8 body ${Buffer.from(bytes).toString('hex')}`, run: () => post(body, 'application/sparql-query') });
      cases.push({
        name: `invalid UTF-8 URL ${Buffer.from(bytes).toString('hex')}`,
        run: () =>
          raw(
            Buffer.concat([
              Buffer.from('GET /sparql?query=ASK%20%7B%7D'),
              Buffer.from(bytes),
              Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
            ]),
          ),
      });
    }
    for (const charset of ['iso-8859-1', 'utf-16', 'shift_jis', 'windows-1252', 'x-bogus']) {
      cases.push({ name: `charset ${charset}`, run: () => post('ASK {}', `application/sparql-query; charset=${charset}`) });
      cases.push({
        name: `form charset ${charset}`,
        run: () => post('query=ASK%20%7B%7D', `application/x-www-form-urlencoded; charset=${charset}`),
      });
    }
    for (const encoding of ['gzip', 'deflate', 'br', 'compress', 'x-bogus']) {
      cases.push({
        name: `content-encoding ${encoding} with plain bytes`,
        run: () => send('POST', '/sparql', { 'Content-Type': 'application/sparql-query', 'Content-Encoding': encoding }, 'ASK {}'),
      });
    }
    // Wrong content types, methods, parameters, Accept.
    for (const type of [
      'text/plain',
      'application/json',
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
      'garbage',
      'application/sparql-query-not',
      'application/x-www-form-urlencoded-x',
    ]) {
      cases.push({
        name: `content-type "${type}"`,
        run: () => send('POST', '/sparql', type ? { 'Content-Type': type } : {}, 'query=ASK%20%7B%7D'),
      });
    }
    for (const method of ['PUT', 'DELETE', 'PATCH', 'PROPFIND', 'MKCOL', 'LINK', 'PURGE']) {
      cases.push({
        name: `method ${method}`,
        run: () => send(method, '/sparql?query=ASK%20%7B%7D', { 'Content-Type': 'application/sparql-query' }, 'ASK {}'),
      });
    }
    // Unknown parameters and format hints are not errors (test/http/formatHints.test.ts); these are.
    for (const extra of [
      '&query=ASK%20%7B%7D',
      '&default-graph-uri',
      '&update=CLEAR%20ALL',
      '&default-graph-uri=http://elsewhere.example/g',
    ]) {
      cases.push({ name: `parameter ${extra}`, run: () => get('ASK {}', extra) });
    }
    cases.push({
      name: 'GET with a body',
      run: () => send('GET', '/sparql?query=ASK%20%7B%7D', { 'Content-Type': 'application/sparql-query' }, 'ASK {}'),
    });
    cases.push({ name: 'dataset parameters without a query', run: () => send('GET', '/sparql?default-graph-uri=urn:x') });
    for (const accept of ['image/png', 'application/sparql-results+json;q=0', 'text/turtle', 'application/x-unknown, image/*']) {
      cases.push({ name: `Accept ${accept}`, run: () => send('GET', `/sparql?query=${encodeURIComponent(VALID[0])}`, { Accept: accept }) });
    }
    // Forbidden operations, in assorted spellings.
    for (const q of [
      'insert data { <urn:a> <urn:b> <urn:c> }',
      'LOAD <http://example.com/>',
      'cLeAr DeFaUlT',
      'DROP ALL',
      'SELECT * { SERVICE ?x { ?s ?p ?o } }',
      'SELECT * FROM <http://example.com/a> { ?s ?p ?o }',
      'SELECT * { SERVICE SILENT <http://127.0.0.1:1/sparql> { ?s ?p ?o } }',
    ]) {
      cases.push({ name: `forbidden: ${q}`, run: () => get(q) });
    }
    // Broken HTTP itself: Node's parser answers these before the app sees them.
    for (const bytes of [
      'GARBAGE\r\n\r\n',
      'GET /sparql HTTP/9.9\r\n\r\n',
      'GET /sparql HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/sparql-query\r\n\r\nZZ\r\nASK {}\r\n0\r\n\r\n',
      'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nASK {}',
    ]) {
      cases.push({ name: `broken HTTP ${JSON.stringify(bytes.slice(0, 24))}`, run: () => raw(Buffer.from(bytes, 'latin1')) });
    }

    assert.ok(cases.length >= 250, `${cases.length} cases`);
    const statuses = new Map<number, number>();
    let passed = 0;
    for (const c of cases) {
      let a: Answer;
      try {
        a = await c.run();
      } catch (e) {
        assert.fail(`${c.name}: the connection failed (${(e as Error).message})`);
      }
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (c.mayPass && a.status === 200) {
        passed++;
        continue;
      }
      assert.ok(a.status >= 400 && a.status < 500, `${c.name}: expected a 4xx, got ${a.status} ${a.body.slice(0, 200)}`);
      assert.ok(a.body.trim().length > 10, `${c.name}: a message saying what is wrong (got "${a.body}")`);
    }
    console.log(
      `      ${cases.length} malformed requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${passed} random edits were still valid queries`,
    );

    // Still up, and still right.
    const res = await send(
      'POST',
      '/sparql',
      { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
      VALID[0],
    );
    assert.equal(res.status, 200);
    const expected = live.current.dataset
      .match(null, DataFactory.namedNode('https://schema.org/name'), null, null)
      .map((q) => q.object.value);
    const got = (JSON.parse(res.body) as { results: { bindings: Array<{ name: { value: string } }> } }).results.bindings.map(
      (b) => b.name.value,
    );
    assert.deepEqual(got, [...new Set(expected)].sort().slice(0, 10));
    const page = await send('GET', '/doc/organization/acme', { Accept: 'text/turtle' });
    assert.equal(page.status, 200);
    assert.match(page.body, /ACME/);
    const sd = await send('GET', '/sparql', { Accept: 'text/turtle' });
    assert.match(sd.body, /sd:Service/);
  });
});
