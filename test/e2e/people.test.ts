// The people's side in a real browser against the real dev server (issue 7): the official MCP
// SDK client registers and sends Chromium to Polis, a person signs in with an emailed code (read
// from the server log) and approves; Deny; revoking the connection in /app stops the client
// with 401; an API key is created, makes a run shown in /app, and is revoked. Screenshots go
// to test/e2e/.artifacts/.
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, type Chromium } from './browser';
import { connector, MemoryAuthProvider, type Seen } from './mcp-client';
import { freePort, startDevServer, stopDevServers, type DevServer } from './server';

let server: DevServer;
let chromium: Chromium;
let page: Page;
let redirect: string;
let callback: Server;
const email = `e2e.${Date.now()}@example.com`;

beforeAll(async () => {
  // Started together; each is stopped in afterAll even if the other failed to start.
  const [started, launched] = await Promise.allSettled([startDevServer(), launchChromium()]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') chromium = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  page = await chromium.context.newPage();
  // The client's loopback redirect URI, as a native client listens on one.
  callback = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>Back in the app.</p>');
  });
  const port = await freePort();
  await new Promise<void>((resolve) => callback.listen(port, '127.0.0.1', resolve));
  redirect = `http://127.0.0.1:${port}/callback`;
});

afterAll(async () => {
  await chromium?.close();
  callback?.close();
  await stopDevServers(); // also one still starting when beforeAll gave up
});

function shot(name: string) {
  return page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Clicks the button and returns the URL the browser was sent back to the client with. */
async function answerConsent(button: 'Approve' | 'Deny'): Promise<URL> {
  // Waits for the client's page to load, so the next navigation cannot race this one.
  const back = page.waitForURL((url) => url.href.startsWith(redirect));
  await page.getByRole('button', { name: button, exact: true }).click();
  await back;
  return new URL(page.url());
}

const mcpUrl = () => `${server.origin}/api/mcp`;
const seen: Seen = [];
const provider = () => new MemoryAuthProvider(redirect, 'E2E Connector');
let approvedProvider: MemoryAuthProvider;
let connected: ReturnType<typeof connector>;

describe('a connector, a person and Polis in Chromium', () => {
  it('signs in with an email code, approves, and the SDK client calls polis_account', async () => {
    approvedProvider = provider();
    const first = connector(mcpUrl(), approvedProvider, seen);
    await expect(first.client.connect(first.transport)).rejects.toThrow(UnauthorizedError);
    const authorization = approvedProvider.authorizationUrl!;
    expect(authorization.origin + authorization.pathname).toBe(`${server.origin}/oauth/authorize`);

    await page.goto(authorization.toString());
    await expect(page.getByRole('heading', { name: 'Sign in to Polis' }).count()).resolves.toBe(1);
    await shot('sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.getByLabel('Code').fill(await server.codeFor(email));
    await shot('code');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page
      .getByRole('heading', { name: 'Allow E2E Connector to use your Polis account?' })
      .waitFor();
    await expect(page.getByText('Unverified').count()).resolves.toBe(1);
    await expect(
      page.getByText('This sends access to an app on your own computer').count(),
    ).resolves.toBe(1);
    await shot('consent');
    const back = await answerConsent('Approve');
    const code = back.searchParams.get('code');
    expect(code).toBeTruthy();
    expect(back.searchParams.get('iss')).toBe(server.origin);

    await first.transport.finishAuth(code!);
    connected = connector(mcpUrl(), approvedProvider, seen);
    await connected.client.connect(connected.transport);
    const result = await connected.client.callTool({ name: 'polis_account', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { email: string }).email).toBe(email);
  });

  it('sends the client back with access_denied when the person denies', async () => {
    const denying = new MemoryAuthProvider(redirect, 'E2E Denied Connector');
    const { client, transport } = connector(mcpUrl(), denying, []);
    await expect(client.connect(transport)).rejects.toThrow(UnauthorizedError);
    await page.goto(denying.authorizationUrl!.toString());
    await page.getByRole('heading', { name: /Allow E2E Denied Connector/ }).waitFor();
    const back = await answerConsent('Deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    expect(back.searchParams.get('state')).toBe(
      denying.authorizationUrl!.searchParams.get('state'),
    );
  });

  it('revokes the connection in /app, and the client’s next call gets 401', async () => {
    await page.goto(`${server.origin}/app`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const row = page.locator('ul.rows li', { hasText: 'E2E Connector' });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.getByText(/Last used \d/).count()).resolves.toBe(1);
    await shot('app');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('app-phone');
    await page.setViewportSize({ width: 1100, height: 900 });

    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('The app was disconnected').waitFor();
    await expect(page.locator('ul.rows li', { hasText: 'E2E Connector' }).count()).resolves.toBe(0);

    const before = seen.length;
    await expect(
      connected.client.callTool({ name: 'polis_account', arguments: {} }),
    ).rejects.toThrow();
    const after = seen.slice(before);
    expect(after).toContainEqual({ method: 'POST', path: '/api/mcp', status: 401 });
  });

  it('creates an API key shown once, which works and makes a run, then revokes it', async () => {
    await page.goto(`${server.origin}/app`);
    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByRole('heading', { name: 'Your new API key' }).waitFor();
    const key = await page.getByLabel('New API key').inputValue();
    expect(key).toMatch(/^sk_live_[0-9A-Za-z]{40}$/);
    expect(await toolsList(key)).toBe(200);

    await page.getByRole('link', { name: 'Back to your account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.content()).not.toContain(key);

    // A run made with the key appears in /app and opens as a page: progress, or the report.
    const started = await rpc(key, 'tools/call', {
      name: 'polis_test',
      arguments: { content_type: 'tweet', content: LAUNCH_TWEET, persona_count: 20 },
    });
    const runId = (started.result as { structuredContent: { run_id: string } }).structuredContent
      .run_id;
    await waitForRun(key, runId);
    await page.reload();
    await page.locator(`a[href="/app/runs/${runId}"]`).click();
    await page.locator('h1').waitFor();
    const body = await page.content();
    expect(body.includes('Who they were') || body.includes('This run is still going')).toBe(true);
    await shot('run');
    await page.goto(`${server.origin}/app`);
    const row = page.locator('ul.rows li', { hasText: key.slice(0, 12) });
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('The API key was revoked').waitFor();
    expect(await toolsList(key)).toBe(401);
  });
});

const LAUNCH_TWEET =
  'We built Polis: test your launch tweet on 100 synthetic personas before you post it. ' +
  'Free trial, no card.';

function mcpPost(key: string, method: string, params: unknown): Promise<Response> {
  return fetch(mcpUrl(), {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
}

async function toolsList(key: string): Promise<number> {
  const response = await mcpPost(key, 'tools/list', {});
  await response.body?.cancel();
  return response.status;
}

async function rpc(key: string, method: string, params: unknown) {
  const response = await mcpPost(key, method, params);
  expect(response.status).toBe(200);
  return (await response.json()) as { result?: unknown };
}

/** Polls polis_status for up to 15 s; the run pipeline is not this test's subject. */
async function waitForRun(key: string, runId: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const { result } = await rpc(key, 'tools/call', {
      name: 'polis_status',
      arguments: { run_id: runId },
    });
    if ((result as { structuredContent?: { done?: boolean } }).structuredContent?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
