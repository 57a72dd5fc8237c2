// The docs in a real browser against the real dev server (issue 3): the index and two pages
// render with the people's stylesheet, the Copy button loads under the page CSP and copies,
// and a page fits a phone's width. Screenshots go to test/e2e/.artifacts/docs-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, type Chromium } from './browser';
import { startDevServer, stopDevServers, type DevServer } from './server';

let server: DevServer;
let chromium: Chromium;
let page: Page;
/** Console errors other than a missing favicon: a CSP refusal would show up here. */
const problems: string[] = [];

beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([startDevServer(), launchChromium()]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') chromium = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: server.origin,
  });
  page = await chromium.context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !/favicon|Failed to load resource/.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await chromium?.close();
  await stopDevServers();
});

function shoot(name: string) {
  return page.screenshot({ path: `${ARTIFACTS}docs-${name}.png`, fullPage: true });
}

async function fitsWidth(): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('the docs in Chromium', () => {
  it('shows the index with every page and a line about each', async () => {
    await page.goto(`${server.origin}/docs`);
    await expect(page.title()).resolves.toBe('Docs · Polis');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Polis documentation',
    );
    const entries = page.locator('ol.docs-index > li');
    expect(await entries.count()).toBe(9);
    await expect(page.getByRole('link', { name: 'Quickstart' }).isVisible()).resolves.toBe(true);
    // The people's stylesheet applies (it sets the page's font and the brand bar's border).
    const brand = page.locator('header.brand');
    const border = await brand.evaluate((el) => getComputedStyle(el).borderBottomStyle);
    expect(border).toBe('solid');
    await shoot('index');
  });

  it('opens the quickstart from the index: code on this origin, a Copy that copies', async () => {
    await page.getByRole('link', { name: 'Quickstart' }).click();
    await page.waitForURL(`${server.origin}/docs/quickstart`);
    const firstBlock = page.locator('.codeblock').first();
    await expect(firstBlock.textContent()).resolves.toContain(`${server.origin}/api/provision`);

    const copy = firstBlock.locator('button.copy');
    await expect(copy.textContent()).resolves.toBe('Copy');
    await copy.click();
    await expect.poll(() => copy.textContent(), { interval: 50 }).toBe('Copied');
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toBe(await firstBlock.locator('pre').textContent());
    await shoot('quickstart');
  });

  it('shows the tool reference, tables and all, and fits a phone', async () => {
    await page.goto(`${server.origin}/docs/mcp-tools`);
    await expect(page.locator('#polis_test').textContent()).resolves.toContain('polis_test');
    expect(await page.locator('.doc table').count()).toBeGreaterThan(8);
    await shoot('mcp-tools');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.origin}/docs/quickstart`);
    expect(await fitsWidth()).toBe(true);
    await shoot('quickstart-phone');
    await page.goto(`${server.origin}/docs/pricing`);
    expect(await fitsWidth()).toBe(true);
    await shoot('pricing-phone');
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('raised no script or policy errors on any page', () => {
    expect(problems).toEqual([]);
  });
});
