// A real browser for dashboard tests: Debian's Chromium (/usr/bin/chromium, or MQ_CHROMIUM) driven
// headless by playwright-core, with a fresh profile per test; nothing is downloaded. Browser tests
// run on Node only (Bun and Deno would drive the same browser through the same pages, so they
// would only repeat the Node run); they skip when Chromium is missing, unless MQ_REQUIRE_BROWSER=1
// (set by CI), when its absence is a failure. Screenshots go to MQ_SCREENSHOT_DIR, else to
// <tmp>/mq-dashboard-screenshots, and stay there after the test.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { runtimeName } from '../../src/common/runtime.js';
import { removeDir, tmpDir } from './tmp.js';

export const CHROMIUM = process.env.MQ_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type TestContext = { after(fn: () => unknown): void; skip(msg?: string): void; diagnostic(msg: string): void };

/** Skips the test on Bun and Deno, and when Chromium is missing (a failure when CI requires it). */
export function requireBrowser(t: TestContext): boolean {
  if (runtimeName !== 'node') {
    t.skip(`browser tests run on Node only; the dashboard server itself is tested on ${runtimeName} by dashboard-http.test`);
    return false;
  }
  if (fs.existsSync(CHROMIUM)) return true;
  const why = `${CHROMIUM} is missing (apt-get install chromium)`;
  if (process.env.MQ_REQUIRE_BROWSER === '1') throw new Error(`a browser is required but unavailable: ${why}`);
  t.skip(why);
  return false;
}

/** Headless Chromium with a fresh profile, closed (and its profile removed) after the test. */
export async function launchBrowser(t: TestContext): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const profile = tmpDir('mq-chromium-');
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    timezoneId: 'UTC',
  });
  t.after(async () => {
    await ctx.close();
    removeDir(profile);
  });
  return ctx;
}

/** A page that fails the test on any script error or failed request of the page's own. */
export async function newPage(ctx: BrowserContext, errors: string[]): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (4\d\d|502|504)/.test(m.text())) errors.push(`console error: ${m.text()}`);
  });
  return page;
}

export function screenshotDir(): string {
  const dir = process.env.MQ_SCREENSHOT_DIR || path.join(os.tmpdir(), 'mq-dashboard-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
