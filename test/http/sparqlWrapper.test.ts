// SPARQLWrapper's default requests, byte for byte as RDFLib/sparqlwrapper builds them, each answered correctly.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { Readable } from 'node:stream';
import { Parser as N3Parser } from 'n3';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import { testApp, TestApp, BASE } from '../helpers';
import { type Listening, listenOnLoopback } from '../support/loopback';

const AGENT = 'sparqlwrapper 2.0.1a0 (rdflib.github.io/sparqlwrapper)';
/** Wrapper._getAcceptHeader for SELECT and ASK, by return format. */
const RESULTS_ACCEPT: Record<string, string> = {
  json: 'application/x-sparqlstar-results+json,application/sparql-results+json,application/json,text/javascript,application/javascript',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
};
/** Wrapper._getAcceptHeader for CONSTRUCT and DESCRIBE. */
const GRAPH_ACCEPT: Record<string, string> = {
  xml: 'application/rdf+xml',
  turtle: 'application/turtle,text/turtle',
  'json-ld': 'application/ld+json,application/x-json+ld',
  n3: 'application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3',
};

/** urllib.parse.quote_plus(value, safe="/") over UTF-8. */
function quotePlus(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.\-~/]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The format parameters: each of format, output, results; tsv, json-ld and rdf+xml add the Accept value again. */
function encodedParameters(query: [string, string] | undefined, returnFormat: string, accept: string): string {
  const pairs: Array<[string, string]> = query ? [query] : [];
  for (const f of ['format', 'output', 'results']) {
    pairs.push([f, returnFormat]);
    if (['tsv', 'json-ld', 'rdf+xml'].includes(returnFormat)) pairs.push([f, accept.includes('*/*') ? '' : accept]);
  }
  return pairs.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
}

type Method = 'GET' | 'POST urlencoded' | 'POST directly';

interface Sent {
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function sparqlWrapperRequest(method: Method, query: string, returnFormat: string, accept: string): Sent {
  // urllib's own headers: Accept-Encoding identity (http.client) and Connection close (AbstractHTTPHandler).
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity', Connection: 'close', 'User-Agent': AGENT, Accept: accept };
  if (method === 'GET') return { path: `/sparql?${encodedParameters(['query', query], returnFormat, accept)}`, headers };
  if (method === 'POST directly') {
    return {
      path: `/sparql?${encodedParameters(undefined, returnFormat, accept)}`,
      headers: { ...headers, 'Content-Type': 'application/sparql-query' },
      body: Buffer.from(query, 'utf8'),
    };
  }
  const body = Buffer.from(encodedParameters(['query', query], returnFormat, accept), 'ascii');
  return { path: '/sparql', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body };
}

describe('http: SPARQLWrapper with its defaults', function () {
  this.timeout(30_000);
  let t: TestApp;
  let server: Listening;
  let port: number;

  before(async () => {
    t = await testApp();
    server = await listenOnLoopback(t.app);
    port = server.port;
  });
  after(async () => {
    await server.close();
    await t.live.close();
  });

  function send(req: Sent): Promise<{ status: number; type: string; text: string }> {
    return new Promise((resolve, reject) => {
      const headers = req.body ? { ...req.headers, 'Content-Length': String(req.body.length) } : req.headers;
      const r = http.request({ host: '127.0.0.1', port, method: req.body ? 'POST' : 'GET', path: req.path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      r.on('error', reject);
      r.end(req.body);
    });
  }

  const NAME = 'https://schema.org/name';
  const SELECT = `PREFIX schema: <https://schema.org/>\nSELECT ?s ?name WHERE { ?s schema:name ?name } ORDER BY ?name`;
  const ACME = `${BASE}id/organization/acme`;

  async function rowsOf(format: string, text: string): Promise<Array<[string, string]>> {
    // The parsers key bindings by variable name, with or without '?' depending on their options.
    const pair = (b: Record<string, { value: string }>): [string, string] => [(b['?s'] ?? b.s).value, (b['?name'] ?? b.name).value];
    if (format === 'json') return new SparqlJsonParser().parseJsonResults(JSON.parse(text)).map(pair);
    if (format === 'xml') {
      const rows: Array<[string, string]> = [];
      for await (const b of new SparqlXmlParser().parseXmlResultsStream(Readable.from([text])) as AsyncIterable<
        Record<string, { value: string }>
      >)
        rows.push(pair(b));
      return rows;
    }
    const sep = format === 'csv' ? ',' : '\t';
    const [head, ...lines] = text.split(/\r?\n/).filter(Boolean);
    assert.deepEqual(head.split(sep), format === 'csv' ? ['s', 'name'] : ['?s', '?name']);
    // Only the IRIs and one quoted literal are compared here: the cells are the SPARQL CSV / TSV forms.
    return lines.map((l) => l.split(sep) as [string, string]).map(([s, n]) => [s.replace(/^<|>$/g, ''), n.replace(/^"|"@en$/g, '')]);
  }

  for (const method of ['GET', 'POST urlencoded', 'POST directly'] as const) {
    for (const format of ['json', 'xml', 'csv', 'tsv']) {
      it(`SELECT, ${method}, returnFormat ${format}`, async () => {
        const res = await send(sparqlWrapperRequest(method, SELECT, format, RESULTS_ACCEPT[format]));
        assert.equal(res.status, 200, res.text);
        const expectedType = {
          json: 'application/sparql-results+json',
          xml: 'application/sparql-results+xml',
          csv: 'text/csv',
          tsv: 'text/tab-separated-values',
        }[format]!;
        assert.equal(res.type.split(';')[0], expectedType);
        const rows = await rowsOf(format, res.text);
        const names = t.live.current.dataset.match(null, { termType: 'NamedNode', value: NAME } as never, null, null);
        assert.equal(rows.length, names.length);
        assert.ok(
          rows.some(([s, n]) => s === ACME && n === 'ACME'),
          JSON.stringify(rows),
        );
      });

      it(`ASK, ${method}, returnFormat ${format}`, async () => {
        const res = await send(sparqlWrapperRequest(method, `ASK { <${ACME}> <${NAME}> "ACME"@en }`, format, RESULTS_ACCEPT[format]));
        assert.equal(res.status, 200, res.text);
        const value =
          format === 'json'
            ? JSON.parse(res.text).boolean
            : format === 'xml'
              ? /<boolean>true<\/boolean>/.test(res.text)
              : res.text.split(/\r?\n/)[1] === 'true';
        assert.equal(value, true, res.text);
      });
    }

    for (const format of ['xml', 'turtle', 'json-ld', 'n3']) {
      it(`CONSTRUCT, ${method}, returnFormat ${format}`, async () => {
        const res = await send(
          sparqlWrapperRequest(method, `CONSTRUCT { ?s <${NAME}> ?n } WHERE { ?s <${NAME}> ?n }`, format, GRAPH_ACCEPT[format]),
        );
        assert.equal(res.status, 200, res.text);
        const type = res.type.split(';')[0];
        assert.equal(
          type,
          { xml: 'application/rdf+xml', turtle: 'text/turtle', 'json-ld': 'application/ld+json', n3: 'text/turtle' }[format],
        );
        if (type === 'text/turtle')
          assert.ok(new N3Parser().parse(res.text).some((q) => q.subject.value === ACME && q.object.value === 'ACME'));
        else assert.ok(res.text.includes(ACME) && res.text.includes('ACME'));
      });
    }
  }

  it('the default request of `SPARQLWrapper(endpoint).query()` (GET, XML) is answered in SPARQL XML', async () => {
    const res = await send(sparqlWrapperRequest('GET', SELECT, 'xml', RESULTS_ACCEPT.xml));
    assert.equal(res.status, 200);
    assert.match(res.text, /<sparql xmlns="http:\/\/www\.w3\.org\/2005\/sparql-results#"/);
  });
});
