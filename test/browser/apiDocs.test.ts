// The API documentation page renders in headless Chromium: Swagger UI from local files, no console errors, every operation listed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestApp } from '../helpers';
import { recordApp } from '../http/recordApp';
import { CHROMIUM, CHROMIUM_ARGS, skipWithoutChromium, watchPage } from './chromium';

describe('browser: the API documentation page', function () {
  this.timeout(120_000);
  let t: TestApp;
  let server: Server;
  let origin: string;
  let profile: string;

  before(async function () {
    skipWithoutChromium(this);
    t = await recordApp();
    server = t.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-chromium-'));
  });

  after(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (t) await t.live.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('renders Swagger UI over /api/openapi.json with every named query as an operation, and no console errors', async () => {
    const { chromium } = await import('playwright-core');
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const { problems, requests } = watchPage(page);
      const res = await page.goto(`${origin}/api`, { waitUntil: 'load' });
      assert.equal(res?.status(), 200);
      // Under the site's policy: a console error would show any inline script or style Swagger UI needed.
      assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'self';/);
      const queries = t.live.current.dataset.info.namedQueries!;
      // A locator, not a string predicate: the page's CSP forbids the eval that waitForFunction(string) needs.
      await page
        .locator('.opblock-summary-path')
        .nth(queries.length - 1)
        .waitFor({ timeout: 60_000 });
      const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path') ?? e.textContent ?? ''));
      // Swagger UI lists an operation under each of its tags.
      assert.deepEqual([...new Set(paths.map((p) => p.replace(/\u200b/g, '').trim()))].sort(), queries.map((q) => `/${q.name}`).sort());
      assert.equal(
        paths.length,
        queries.reduce((n, q) => n + q.tags.length, 0),
      );
      const text = (await page.textContent('#swagger-ui')) ?? '';
      for (const q of queries) assert.ok(text.includes(q.summary), `shows the summary of ${q.name}`);
      assert.match(text, /forum-ld named queries/);
      // Open one operation: its parameters come from the decorators.
      await page.click('#operations-findings-findingsMentioning .opblock-summary');
      await page.waitForSelector('#operations-findings-findingsMentioning .parameters', { timeout: 30_000 });
      const params = await page.$$eval('#operations-findings-findingsMentioning .parameters .parameter__name', (els) =>
        els.map((e) => e.textContent ?? ''),
      );
      assert.ok(
        params.some((p) => p.startsWith('entity')),
        params.join(', '),
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(
        requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')),
        [],
        'everything is served locally',
      );
    } finally {
      await context.close();
    }
  });
});
