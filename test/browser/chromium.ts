// Headless Debian Chromium for the browser tests: where it is, how it is started here, and skipping when it is absent.
import * as fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium tries to reach Google's hosts, which this machine refuses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Skips the suite, saying why, when Chromium is not installed (CI installs it in .ci/run). */
export function skipWithoutChromium(ctx: Mocha.Context): void {
  if (fs.existsSync(CHROMIUM)) return;
  console.warn(`    skipped: no Chromium at ${CHROMIUM} (install the Debian package "chromium", or set CHROMIUM_PATH)`);
  ctx.skip();
}

/** Collects what goes wrong on a page (console errors, page errors, failed requests, optionally HTTP errors) and every URL it requests. */
export function watchPage(
  page: import('playwright-core').Page,
  opts: { httpErrors?: boolean } = {},
): { problems: string[]; requests: string[] } {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  if (opts.httpErrors)
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
    });
  return { problems, requests };
}
