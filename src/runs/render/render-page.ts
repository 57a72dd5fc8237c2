// Rendering a page for a `url` run in visual mode, through the Browser Rendering binding: the
// page is loaded in a real browser at a desktop and a phone viewport and measured there
// (measure.page.js). Every request the page makes passes the same public-URL check as copy mode,
// so neither the page nor its redirects can point the browser at a private address. Bounded in
// time; the browser is always closed.
import puppeteer, { type Browser, type Page as BrowserPage } from '@cloudflare/puppeteer';
import { log } from '../../lib/log';
import { checkPublicUrl } from '../../lib/public-url';
import { MAX_CONTENT_CHARS } from '../../mcp/schemas';
import { PageError } from '../fetch-page';
import { layoutSchema, type Snapshot, type StoredLayout } from './layout';
import MEASURE from './measure.page.js';

export const RENDER_LIMITS = {
  redirects: 5,
  navigationMs: 15_000,
  /** After `load`, how long to wait for the network to go quiet (late content, fonts). */
  settleMs: 3_000,
  measureMs: 5_000,
  totalMs: 60_000,
} as const;

/** Runs in every frame before the page's own scripts. */
const NO_WEBSOCKETS = `Object.defineProperty(window, 'WebSocket', {
  value: function WebSocket() {
    throw new DOMException('WebSockets are off while Polis measures this page', 'SecurityError');
  },
  writable: false,
  configurable: false,
});`;

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844, isMobile: true, hasTouch: true },
} as const;

/** Browser Rendering itself failed (no browser free, limit reached): worth another try. */
export class BrowserUnavailable extends Error {}

export interface RenderedPage {
  url: string;
  title?: string;
  text: string;
  layout: StoredLayout;
}

export async function renderPage(binding: Fetcher, address: string): Promise<RenderedPage> {
  const verdict = checkPublicUrl(address);
  if (!verdict.ok) throw new PageError(`Polis may not render this page: ${verdict.reason}`);

  let browser: Browser;
  try {
    browser = await puppeteer.launch(binding);
  } catch (error) {
    // The caller hears that the browser did not start; the log keeps the binding's own words.
    const detail = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : '';
    log('warn', 'render.launch_failed', { detail });
    throw new BrowserUnavailable('Browser Rendering could not start a browser; try again later.');
  }
  try {
    return await within(
      renderIn(browser, verdict.url.toString()),
      RENDER_LIMITS.totalMs,
      'The page took too long to render.',
    );
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** The promise's result, or a PageError with `message` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PageError(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function renderIn(browser: Browser, url: string): Promise<RenderedPage> {
  const page = await browser.newPage();
  const blocked = await guardRequests(page);
  await page.setViewport(VIEWPORTS.desktop);

  let response;
  try {
    response = await page.goto(url, { waitUntil: 'load', timeout: RENDER_LIMITS.navigationMs });
  } catch (error) {
    if (blocked.navigation) {
      throw new PageError(
        `The page redirected somewhere Polis may not fetch: ${blocked.navigation}`,
      );
    }
    // The page's fault is final (a network error names it, or it timed out); anything else is
    // the browser session failing, which a retry of the step may fix.
    const message = error instanceof Error ? error.message : '';
    const network = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
    if (network) throw new PageError(`The page could not be reached (${network}).`);
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new PageError('The page took too long to load.');
    }
    throw error;
  }
  if (!response) throw new PageError('The page could not be reached.');
  if (response.request().redirectChain().length > RENDER_LIMITS.redirects) {
    throw new PageError(`The page redirected more than ${RENDER_LIMITS.redirects} times.`);
  }
  if (!response.ok()) throw new PageError(`The page answered HTTP ${response.status()}.`);
  const type = response.headers()['content-type'] ?? '';
  if (!/text\/html|application\/xhtml|text\/plain/.test(type)) {
    throw new PageError(
      `The page is not HTML or text (Content-Type: ${type.slice(0, 60) || 'none'}).`,
    );
  }

  const desktop = await measure(page);
  // A change to a phone viewport (isMobile) makes puppeteer reload the page in mobile mode.
  await page.setViewport(VIEWPORTS.mobile);
  const mobile = await measure(page);

  const parsed = layoutSchema.safeParse({ desktop, mobile });
  if (!parsed.success) throw new PageError('The rendered page could not be measured.');
  const { text, ...desktopLayout } = parsed.data.desktop;
  const { text: _mobileText, ...mobileLayout } = parsed.data.mobile;
  const readable = tidy(text).slice(0, MAX_CONTENT_CHARS).trim();
  if (readable.length === 0) throw new PageError('The rendered page shows no readable text.');
  return {
    url: page.url(),
    title: desktopLayout.title || undefined,
    text: readable,
    layout: { desktop: desktopLayout, mobile: mobileLayout },
  };
}

/**
 * Aborts any request to a non-public address; remembers why a navigation was stopped. Request
 * interception sees neither WebSocket handshakes nor fetches a service worker answers, so the
 * page (and each of its frames) gets no WebSocket, which measuring it never needs, and service
 * workers are bypassed. Left open: a WebSocket opened from inside a Web Worker. In production
 * the browser runs in Browser Rendering's sandbox, not next to our services; locally it is the
 * developer's machine.
 */
async function guardRequests(page: BrowserPage): Promise<{ navigation?: string }> {
  const blocked: { navigation?: string } = {};
  await page.evaluateOnNewDocument(NO_WEBSOCKETS);
  await page.setBypassServiceWorker(true);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return void request.continue();
    const verdict = checkPublicUrl(url);
    if (verdict.ok) return void request.continue();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      blocked.navigation = verdict.reason;
    }
    void request.abort('blockedbyclient');
  });
  return blocked;
}

async function measure(page: BrowserPage): Promise<Snapshot> {
  await page
    .waitForNetworkIdle({ idleTime: 500, timeout: RENDER_LIMITS.settleMs })
    .catch(() => undefined);
  return (await within(
    page.evaluate(MEASURE),
    RENDER_LIMITS.measureMs,
    'The page did not let Polis measure it in time.',
  )) as Snapshot;
}

/** innerText keeps the page's line breaks; collapse runs of blank lines and spaces. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line, i, lines) => line.length > 0 || (i > 0 && lines[i - 1]!.length > 0))
    .join('\n');
}
