// Visual mode against a real browser: the BROWSER binding is wrangler's local Browser Rendering
// (the same protocol @cloudflare/puppeteer speaks in production) driving the system Chromium,
// which loads fixture pages served on loopback (test/e2e/fixture-pages.ts).
import { createExecutionContext, env, introspectWorkflow } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import worker from '../../src/index';
import { PageError } from '../../src/runs/fetch-page';
import { BrowserUnavailable, renderPage, VIEWPORTS } from '../../src/runs/render/render-page';
import { callTool, MCP_URL, provision } from '../helpers';

const PAGE = 'http://landing.polis-fixture.example';
const RENDER_TIMEOUT = 60_000;

describe('rendering a page in the browser', () => {
  it(
    'measures a page at a desktop and a phone viewport',
    async () => {
      const page = await renderPage(env.BROWSER, `${PAGE}/good`);
      expect(page.url).toBe(`${PAGE}/good`);
      expect(page.title).toBe('Lumen: onboarding in an afternoon');
      expect(page.text).toContain('We cut onboarding time from 14 days to 3');
      const { desktop, mobile } = page.layout;
      expect(desktop.viewport).toEqual({ width: 1280, height: 800 });
      expect(mobile.viewport).toEqual({ width: VIEWPORTS.mobile.width, height: 844 });
      expect(desktop.headline).toMatchObject({ text: 'Onboarding in an afternoon', fontSize: 48 });
      expect(desktop.actions[0]!.text).toBe('Book a 15-minute demo');
      expect(desktop.actions[0]!.top).toBeLessThan(800);
      expect(desktop.actions[0]!.contrast).toBeGreaterThan(3);
      expect(mobile.contentWidth).toBeLessThanOrEqual(390);
      expect(desktop.overlays).toEqual([]);
    },
    RENDER_TIMEOUT,
  );

  it(
    'sees what a visitor sees: a buried button, a cookie layer, a wall of text, sideways scroll',
    async () => {
      const { layout } = await renderPage(env.BROWSER, `${PAGE}/bad`);
      const { desktop, mobile } = layout;
      expect(desktop.actions[0]!.text).toBe('Sign up');
      expect(desktop.actions[0]!.top).toBeGreaterThan(1400);
      expect(desktop.actions[0]!.contrast).toBeLessThan(2);
      expect(mobile.overlays[0]!.text).toContain('We use cookies');
      expect(mobile.overlays[0]!.coverage).toBeGreaterThan(0.4);
      expect(desktop.longestBlock!.words).toBe(260);
      expect(mobile.smallTextShare).toBe(1);
    },
    RENDER_TIMEOUT,
  );

  it(
    'sees a phone shrink a page that is wider than its screen',
    async () => {
      const { mobile } = (await renderPage(env.BROWSER, `${PAGE}/wide`)).layout;
      expect(mobile.screenWidth).toBe(390);
      expect(mobile.viewport.width).toBeGreaterThanOrEqual(900);
    },
    RENDER_TIMEOUT,
  );

  it(
    'reads text that only exists once the scripts of the page have run',
    async () => {
      const page = await renderPage(env.BROWSER, `${PAGE}/scripted`);
      expect(page.text).toContain('Only a browser running scripts sees this text.');
      expect(page.layout.desktop.headline!.text).toBe('Rendered in the browser');
    },
    RENDER_TIMEOUT,
  );

  it(
    'stops the page from reaching a loopback address',
    async () => {
      const page = await renderPage(env.BROWSER, `${PAGE}/probe`);
      expect(page.text).toContain('probe blocked');
      expect(page.text).toContain('socket blocked');
      expect(page.text).not.toContain('leaked');
    },
    RENDER_TIMEOUT,
  );

  it.each([
    ['/missing', 'The page answered HTTP 404.'],
    ['/report.pdf', 'The page is not HTML or text (Content-Type: application/pdf).'],
    [
      '/to-loopback',
      'The page redirected somewhere Polis may not fetch: ' +
        'url must not point to a private or reserved address',
    ],
  ])(
    'fails %s with a message for the caller',
    async (path, message) => {
      const failure = await renderPage(env.BROWSER, `${PAGE}${path}`).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PageError);
      expect((failure as Error).message).toBe(message);
    },
    RENDER_TIMEOUT,
  );

  it(
    'names the network error of a host that does not resolve',
    async () => {
      const url = 'http://nowhere.polis-unmapped.example/';
      const failure = await renderPage(env.BROWSER, url).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PageError);
      expect((failure as Error).message).toBe(
        'The page could not be reached (ERR_NAME_NOT_RESOLVED).',
      );
    },
    RENDER_TIMEOUT,
  );

  it('refuses a private address before starting a browser', async () => {
    const unused = { fetch: () => Promise.reject(new Error('no browser should start')) };
    const failure = await renderPage(unused as unknown as Fetcher, 'http://10.0.0.1/').catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(PageError);
    expect((failure as Error).message).toBe(
      'Polis may not render this page: url must not point to a private or reserved address',
    );
  });

  it('reports Browser Rendering refusing a browser as worth another try', async () => {
    const busy = {
      fetch: async () => new Response('Too many browsers', { status: 429 }),
    } as unknown as Fetcher;
    const failure = await renderPage(busy, `${PAGE}/good`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BrowserUnavailable);
    expect((failure as Error).message).toBe(
      'Browser Rendering could not start a browser; try again later.',
    );
  });
});

async function waitForRun(key: string, runId: string, timeoutMs = 90_000) {
  const started = Date.now();
  for (;;) {
    const { data } = await callTool(key, 'polis_status', { run_id: runId });
    if (data.status === 'complete' || data.status === 'failed') return data;
    if (Date.now() - started > timeoutMs) throw new Error(`run still ${data.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('polis_test in visual mode', () => {
  it(
    'charges three times copy mode and reports layout notes measured in the browser',
    async () => {
      await using workflows = await introspectWorkflow(env.RUNS);
      const owner = await provision();
      const input = { content_type: 'url', url: `${PAGE}/bad`, persona_count: 20 };
      const estimate = await callTool(owner.api_key, 'polis_estimate', input);
      const started = await callTool(owner.api_key, 'polis_test', { ...input, url_mode: 'visual' });
      expect(started.isError).toBe(false);
      expect(started.data.charge.tokens).toBe(estimate.data.tokens * 3);

      const [instance] = workflows.get();
      await instance!.waitForStatus('complete');
      expect(await waitForRun(owner.api_key, started.data.run_id)).toMatchObject({
        status: 'complete',
      });
      const report = await callTool(owner.api_key, 'polis_report', {
        run_id: started.data.run_id,
      });
      const notes = report.data.structuralNotes as string[];
      expect(notes[0]).toMatch(
        /^The first call to action \("Sign up"\) sits at 1,\d{3} px, below the first screen/,
      );
      expect(notes.join('\n')).toContain(
        'A fixed layer ("We use cookies to improve your…") covers 45% of the first screen on a ' +
          'phone and 45% on desktop.',
      );
      expect(notes.join('\n')).toMatch(/A 260-word block \("our platform helps teams/);
      expect(report.data.input.url_mode).toBe('visual');
    },
    RENDER_TIMEOUT * 2,
  );

  it(
    'fails a page that is not there at once, without retrying, and refunds it exactly once',
    async () => {
      await using workflows = await introspectWorkflow(env.RUNS);
      const owner = await provision();
      const started = await callTool(owner.api_key, 'polis_test', {
        content_type: 'url',
        // Answers 404 once, then 200: a retried permanent failure would complete instead.
        url: `${PAGE}/gone-once/${crypto.randomUUID()}`,
        url_mode: 'visual',
        persona_count: 10,
      });
      expect(started.data._usage.included_remaining).toBe(1000 - started.data.charge.tokens);
      const [instance] = workflows.get();
      await instance!.waitForStatus('complete');
      const status = await waitForRun(owner.api_key, started.data.run_id);
      expect(status).toMatchObject({
        status: 'failed',
        failure: 'The page answered HTTP 404.',
        refunded: true,
      });
      const account = await callTool(owner.api_key, 'polis_account');
      expect(account.data._usage.included_remaining).toBe(1000);
    },
    RENDER_TIMEOUT * 2,
  );

  it('refuses visual mode before charging where Browser Rendering is not configured', async () => {
    const owner = await provision();
    const request = new Request(MCP_URL, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'MCP-Protocol-Version': '2025-11-25',
        Authorization: `Bearer ${owner.api_key}`,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'polis_test',
          arguments: { content_type: 'url', url: `${PAGE}/good`, url_mode: 'visual' },
        },
      }),
    });
    const response = await worker.fetch(
      request,
      { ...env, BROWSER: undefined } as unknown as Env,
      createExecutionContext(),
    );
    const { result } = (await response.json()) as { result: any };
    expect(result.isError).toBe(true);
    expect(result.structuredContent.error).toEqual({
      code: 'invalid_input',
      message:
        'url_mode "visual" needs Browser Rendering, which is not configured on this server; ' +
        'use "copy" to test the page text.',
      field: 'url_mode',
    });
    expect(result.structuredContent._usage.included_remaining).toBe(1000);
  });
});
