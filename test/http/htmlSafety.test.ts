// Every HTML page carries the security headers and needs no inline script or style; IRIs with unsafe schemes are never links.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { pagePaths } from '../../src/publish/sitemapPaths';
import { CONTENT_SECURITY_POLICY, EDITOR_STYLE_HASHES, REFERRER_POLICY } from '../../src/http/securityHeaders';
import { ForumApp, forumApp } from '../forumFixture';
import { FIXTURES, testApp, TestApp } from '../helpers';

/** What a page may hold under the policy: scripts from files, data islands, stylesheets from files; no inline code or style. */
function inlineProblems(html: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1];
    const src = /\ssrc="([^"]+)"/.exec(attrs)?.[1];
    const type = /\stype="([^"]+)"/.exec(attrs)?.[1];
    if (src ? !src.startsWith('/') : !(type === 'application/ld+json' || type === 'application/json')) problems.push(`script ${m[0]}`);
  }
  if (/<style\b/i.test(html)) problems.push('a <style> element');
  for (const m of html.matchAll(/<[a-z][^>]*\s(style|on[a-z]+)\s*=/gi)) problems.push(`attribute ${m[1]} in ${m[0].slice(0, 80)}`);
  for (const m of html.matchAll(/\s(?:href|src|action)="\s*([a-z][a-z0-9+.-]*):/gi)) {
    if (!['http', 'https', 'mailto', 'about'].includes(m[1].toLowerCase())) problems.push(`a ${m[1]}: URL`);
  }
  return problems;
}

function checkHeaders(where: string, headers: Record<string, string>): void {
  const csp = headers['content-security-policy'];
  assert.ok(csp, `${where}: Content-Security-Policy`);
  assert.match(csp, /(^|;)script-src 'self'(;|$)/, `${where}: scripts from this server only`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, where);
  assert.match(csp, /object-src 'none'/);
  assert.equal(headers['x-content-type-options'], 'nosniff', where);
  assert.equal(headers['referrer-policy'], REFERRER_POLICY, where);
}

describe('http: HTML safety (CSP, nosniff, Referrer-Policy, links)', () => {
  let t: ForumApp;
  before(async () => {
    t = await forumApp();
  });
  after(() => t.close());

  it('sends the headers on every HTML page, and no page needs inline script or style', async () => {
    const ds = t.live.current.dataset;
    const query = encodeURIComponent('SELECT ?s ?name WHERE { ?s <https://schema.org/name> ?name } LIMIT 5');
    const paths = [
      ...pagePaths(ds),
      '/sparql',
      `/sparql?query=${query}`,
      '/api',
      '/doc/nothing-here',
      '/doc/%ff',
      '/sparql?query=SELECT',
      '/id/dataset',
    ];
    let pages = 0;
    for (const p of paths) {
      const res = await request(t.app).get(p).set('Accept', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
      checkHeaders(`${p} (${res.status})`, res.headers as Record<string, string>); // every response, HTML or not, redirects and errors too
      if (!/^text\/html/.test(res.headers['content-type'] ?? '')) continue;
      pages++;
      assert.deepEqual(inlineProblems(res.text), [], p);
    }
    assert.ok(pages > 15, `${pages} HTML pages`);
  });

  it('sends them on RDF, assets and probes too', async () => {
    for (const p of ['/doc/event/rf-2019.ttl', '/healthz', '/assets/style.css', '/sparql?query=ASK%7B%7D', '/context.jsonld']) {
      checkHeaders(p, (await request(t.app).get(p)).headers as Record<string, string>);
    }
  });

  it('allows exactly the two <style> blocks the installed YASGUI inserts, by hash', () => {
    const bundle = fs.readFileSync(require.resolve('@zazuko/yasgui/build/yasgui.min.js'), 'utf8');
    const resizer = /createStyle\(\w+,`([^`]*\.grip-resizable\{table-layout[^`]*)`\)/.exec(bundle)?.[1];
    assert.ok(resizer, 'the column resizer still inserts its rules as one literal');
    assert.match(bundle, /dragCursor:`col-resize`/);
    assert.match(bundle, /`\*\{cursor:`\+\w+\.opt\.dragCursor\+`!important\}`/);
    const hash = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
    assert.deepEqual(EDITOR_STYLE_HASHES, [hash(resizer!), hash('*{cursor:col-resize!important}')]);
    assert.deepEqual(CONTENT_SECURITY_POLICY['style-src'], ["'self'", ...EDITOR_STYLE_HASHES]);
  });
});

describe('http: IRIs with unsafe schemes are shown as text', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-schemes-'));
    fs.writeFileSync(
      path.join(dir, 'links.ttl'),
      `<id/organization/acme> <https://schema.org/url> <javascript:alert(1)>, <JaVaScRiPt:alert(2)>, <data:text/html,hi>,
  <vbscript:msgbox>, <https://example.com/ok>, <mailto:info@example.org> .\n`,
    );
    t = await testApp({ data: [path.join(FIXTURES, 'mini'), dir], validate: 'false' });
  });
  after(async () => {
    await t.live.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders a javascript: IRI in query results as text, not a link (issue #11)', async () => {
    const res = await request(t.app)
      .get('/sparql')
      .set('Accept', 'text/html')
      .query({ query: 'SELECT ?x WHERE { BIND(IRI("javascript:alert(1)") AS ?x) }' })
      .expect(200);
    assert.match(res.text, /<td><span>javascript:alert\(1\)<\/span><\/td>/);
    assert.doesNotMatch(res.text, /href="\s*javascript/i);
    assert.deepEqual(inlineProblems(res.text), []);
  });

  it('links only the http, https and mailto IRIs of a resource page', async () => {
    const res = await request(t.app).get('/doc/organization/acme').set('Accept', 'text/html').expect(200);
    const hrefs = [...res.text.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.includes('https://example.com/ok'));
    assert.ok(hrefs.includes('mailto:info@example.org'));
    assert.deepEqual(
      hrefs.filter((h) => /^(javascript|data|vbscript):/i.test(h)),
      [],
    );
    for (const shown of ['javascript:alert(1)', 'JaVaScRiPt:alert(2)', 'data:text/html,hi', 'vbscript:msgbox'])
      assert.ok(res.text.includes(`>${shown}</span>`), shown);
  });
});
