// The pages in a real browser (headless Chromium): key pages render without console errors, links never break,
// findings lead to their line in the source, and everything reads without JavaScript.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Server } from 'node:http';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import { LiveDataset } from '../../src/publish/live';
import { ROOT, FORUM } from '../forumFixture';
import { CHROMIUM, CHROMIUM_ARGS, skipWithoutChromium } from './chromium';
import { freePort } from '../support/loopback';

/** The published record when it is there (what `npm start` serves), else the test fixture. */
const DATA =
  fs.existsSync(path.join(ROOT, 'data')) && fs.existsSync(path.join(ROOT, 'ontology'))
    ? [path.join(ROOT, 'ontology'), path.join(ROOT, 'data')]
    : [FORUM];

describe('browser: pages in headless Chromium', function () {
  this.timeout(180_000);
  let server: Server;
  let live: LiveDataset;
  let base: string;
  let profile: string;
  let context: BrowserContext;
  let noScript: BrowserContext;

  before(async function () {
    skipWithoutChromium(this);
    const port = await freePort();
    base = `http://127.0.0.1:${port}/`;
    const config = buildConfig({ data: DATA, base, port: String(port), host: '127.0.0.1', 'log-level': 'silent' }, {});
    live = openDataset(config, { workers: 0 });
    const r = await live.reload();
    assert.ok(r.ok, JSON.stringify(r.problems));
    await live.settled(); // the crawl follows the dump links
    server = createApp(config, live).listen(port, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    noScript = await (await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })).newContext({
      javaScriptEnabled: false,
    });
  });

  after(async () => {
    await context?.close();
    await noScript?.browser()?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await live?.close();
  });

  /** Opens a page and gathers every console error, page error and failed or erroneous request on the way. */
  async function open(p: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const res = await page.goto(base + p.replace(/^\//, ''), { waitUntil: 'load' });
    assert.equal(res?.status(), 200, p);
    return { page, problems };
  }

  const firstOf = (type: string) => {
    const ds = live.current.dataset;
    const s = ds
      .match(
        null,
        { termType: 'NamedNode', value: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' } as never,
        { termType: 'NamedNode', value: type } as never,
        null,
      )
      .map((q) => q.subject.value)
      .filter((v) => v.startsWith(`${base}id/`))
      .sort();
    assert.ok(s.length, `an instance of ${type}`);
    return `/doc/${s[0].slice(base.length + 3)}`;
  };

  const pages = () => [
    ['home', '/'],
    ['edition', '/doc/event/rf-2019'],
    ['organisation', firstOf('https://schema.org/Organization')],
    ['finding', firstOf(`${base}def/forum#Finding`)],
    ['ontology', '/def/forum'],
  ];

  it('renders the home page, an edition, an organisation, a finding and the ontology without console errors', async () => {
    for (const [name, p] of pages()) {
      const { page, problems } = await open(p);
      const h1 = (await page.locator('h1').first().textContent())?.trim() ?? '';
      assert.ok(h1.length > 0 && !/^https?:/.test(h1), `${name} (${p}) has a human heading, not "${h1}"`);
      assert.deepEqual(problems, [], `${name} (${p})`);
      await page.close();
    }
  });

  it('shows the edition at a glance: sessions, the role phrases with their organisations, the findings', async () => {
    const { page } = await open('/doc/event/rf-2019');
    assert.ok(await page.locator('#sessions').isVisible());
    const phrases = await page.locator('table.roles th').allTextContents();
    for (const phrase of ['with the support of', 'in partnership with', 'with financial support of']) {
      assert.ok(
        phrases.some((t) => t.includes(`“${phrase}”`)),
        phrase,
      );
    }
    assert.ok((await page.locator('table.roles td a').count()) >= 3);
    assert.ok((await page.locator('ol.findings blockquote').count()) >= 1);
    await page.close();
  });

  it('takes a reader from a finding to its line in the source', async () => {
    const { page, problems } = await open('/doc/event/rf-2019');
    const quote = (await page.locator('ol.findings blockquote').first().textContent())!.trim();
    await page.locator('ol.findings a', { hasText: 'its place in the source' }).first().click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/source\/[^#]+#L\d+/);
    const target = (await page.locator(':target').first().textContent()) ?? '';
    assert.ok(target.includes(quote.split(/\s+/).slice(0, 6).join(' ')), `the targeted line holds the finding: "${target.slice(0, 80)}"`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('reads without JavaScript', async () => {
    const page = await noScript.newPage();
    await page.goto(`${base}doc/event/rf-2019`);
    assert.ok((await page.locator('ol.findings blockquote').count()) >= 1);
    assert.ok(await page.locator('table.roles').isVisible());
    await page.goto(base);
    assert.ok((await page.locator('.card a').count()) > 5);
    await page.close();
  });

  it('fits a 360 px wide phone: no page the sitemap lists scrolls sideways', async () => {
    const sitemap = await (await context.request.get(`${base}sitemap.xml`)).text();
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.ok(locs.length > 100, `${locs.length} pages in the sitemap`);
    const phone = await (await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })).newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1,
      isMobile: true,
    });
    const wide: string[] = [];
    // Two tabs at a time: Chromium renders in processes of its own.
    const queue = [...locs];
    const measure = async () => {
      const page = await phone.newPage();
      for (let loc = queue.shift(); loc; loc = queue.shift()) {
        const res = await page.goto(loc, { waitUntil: 'load' });
        assert.equal(res?.status(), 200, loc);
        // A string, evaluated in the page: the tests compile without the DOM's types.
        const { width, culprit } = (await page.evaluate(`(() => {
          const over = [...document.querySelectorAll('body *')].find((el) => el.getBoundingClientRect().right > 361);
          return { width: document.documentElement.scrollWidth, culprit: over ? over.tagName + ': ' + (over.textContent || '').trim().slice(0, 60) : '' };
        })()`)) as { width: number; culprit: string };
        if (width > 360) wide.push(`${loc.slice(base.length - 1)} is ${width} px wide (${culprit})`);
      }
    };
    try {
      await Promise.all([measure(), measure()]);
    } finally {
      await phone.browser()?.close();
    }
    assert.deepEqual(wide, []);
  });

  it('finds no broken link in a crawl from the home page', async () => {
    const seen = new Map<string, number>();
    const queue = ['/'];
    const broken: string[] = [];
    while (queue.length) {
      const p = queue.shift()!;
      if (seen.has(p)) continue;
      const res = await context.request.get(base + p.replace(/^\//, ''), {
        headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' },
        maxRedirects: 5,
      });
      seen.set(p, res.status());
      if (res.status() >= 400) {
        broken.push(`${p}: ${res.status()}`);
        continue;
      }
      if (!(res.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      const html = await res.text();
      for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        let href = m[1].replace(/&amp;/g, '&');
        if (href.startsWith(base)) href = `/${href.slice(base.length)}`;
        if (!href.startsWith('/') || href.startsWith('//')) continue;
        href = href.split('#')[0];
        if (href && !seen.has(href) && !queue.includes(href)) queue.push(href);
      }
    }
    assert.ok(seen.size > 20, `crawled ${seen.size} pages`);
    assert.deepEqual(broken, []);
  });
});
