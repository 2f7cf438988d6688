// The SPARQL editor in headless Chromium: YASGUI from this server runs a query and shows the results, the examples
// open in tabs, nothing is fetched from elsewhere; without JavaScript the plain form runs the query too.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { testApp, TestApp, FIXTURES, BASE } from '../helpers';
import { CHROMIUM, CHROMIUM_ARGS, skipWithoutChromium, watchPage } from './chromium';

describe('browser: the SPARQL editor', function () {
  this.timeout(180_000);
  let t: TestApp;
  let server: Server;
  let origin: string;
  const profiles: string[] = [];

  before(async function () {
    skipWithoutChromium(this);
    t = await testApp({ queries: path.join(FIXTURES, 'editor-queries') });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    if (t) await t.live.close();
    for (const p of profiles) fs.rmSync(p, { recursive: true, force: true });
  });

  async function browse(
    javaScriptEnabled: boolean,
    use: (page: Page, problems: string[], requests: string[]) => Promise<void>,
  ): Promise<void> {
    const { chromium } = await import('playwright-core');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-chromium-'));
    profiles.push(profile);
    const context: BrowserContext = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      javaScriptEnabled,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const { problems, requests } = watchPage(page, { httpErrors: true });
      await use(page, problems, requests);
    } finally {
      await context.close();
    }
  }

  it('runs a query in YASGUI and shows the results, fetching nothing from elsewhere', async () => {
    await browse(true, async (page, problems, requests) => {
      const res = await page.goto(`${origin}/sparql`, { waitUntil: 'load' });
      assert.equal(res?.status(), 200);
      // Under the site's policy: no inline script or style runs, so a console error would show any the editor needed.
      assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'self';/);
      await page.waitForSelector('#yasgui .yasqe .CodeMirror', { timeout: 60_000 });
      assert.equal(await page.isVisible('#sparql-form'), false, 'the plain form gives way to the editor');
      const initial = (await page.evaluate('window.forumYasgui.getTab().getQuery()')) as string;
      assert.ok(initial.includes(`PREFIX rf: <${BASE}def/forum#>`), "the starting query declares the dataset's prefixes");
      const query =
        'PREFIX schema: <https://schema.org/>\nSELECT ?org ?name WHERE { ?org a schema:Organization ; schema:name ?name } ORDER BY ?name';
      await page.evaluate(`void window.forumYasgui.getTab().setQuery(${JSON.stringify(query)})`);
      await page.click('.yasqe_queryButton:visible');
      // Locators, not a string predicate: the page's CSP forbids the eval that waitForFunction(string) needs.
      await page.locator('.yasr table tbody tr').nth(1).waitFor({ timeout: 60_000 });
      const cells = await page.$$eval('.yasr table tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
      assert.ok(
        cells.some((c) => c.includes('ACME')),
        `ACME among ${JSON.stringify(cells)}`,
      );
      assert.ok(cells.some((c) => c.includes('Beta')));
      const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
      assert.deepEqual(foreign, [], 'no request leaves this server');
      assert.ok(requests.some((u) => u.startsWith(`${origin}/assets/yasgui/yasgui.min.js`)));
      assert.deepEqual(problems, []);
    });
  });

  it('opens an example query in a new tab', async () => {
    await browse(true, async (page, problems) => {
      await page.goto(`${origin}/sparql`, { waitUntil: 'load' });
      await page.waitForSelector('#yasgui .yasqe .CodeMirror', { timeout: 60_000 });
      await page.click('a[data-example]:has-text("The events in the record")');
      const tab = (await page.evaluate(
        '({ name: window.forumYasgui.getTab().getName(), query: window.forumYasgui.getTab().getQuery() })',
      )) as { name: string; query: string };
      assert.equal(tab.name, 'The events in the record, with their names');
      assert.ok(tab.query.includes(`PREFIX rf: <${BASE}def/forum#>`), 'relative IRIs of the file resolved against the base');
      await page.click('.yasqe_queryButton:visible');
      await page.locator('.yasr table tbody tr').first().waitFor({ timeout: 60_000 });
      assert.ok((await page.textContent('.yasr table tbody'))?.includes('Mini Forum'));
      assert.deepEqual(problems, []);
    });
  });

  it('without JavaScript, the plain form runs the query and shows an HTML table', async () => {
    await browse(false, async (page) => {
      await page.goto(`${origin}/sparql`, { waitUntil: 'load' });
      assert.equal(await page.isVisible('#sparql-form'), true);
      await page.fill('#sparql-query', 'SELECT ?name WHERE { ?s <https://schema.org/name> ?name } ORDER BY ?name');
      await Promise.all([page.waitForNavigation(), page.click('#sparql-form button[type=submit]')]);
      assert.match(page.url(), /\/sparql\?query=/);
      const rows = await page.$$eval('table.results tbody tr', (trs) => trs.map((tr) => tr.textContent?.trim() ?? ''));
      assert.ok(rows.includes('ACME'), JSON.stringify(rows));
      // English literals keep their language as markup (lang="en") rather than as visible text
      assert.equal((await page.$$eval('table.results tbody [lang="en"]', (els) => els.length)) > 0, true);
      assert.equal(await page.inputValue('#sparql-query'), 'SELECT ?name WHERE { ?s <https://schema.org/name> ?name } ORDER BY ?name');
    });
  });
});
