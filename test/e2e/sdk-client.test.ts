// The official MCP SDK client (Client + StreamableHTTPClientTransport) against the real dev
// server, three ways: with an API key header; through the full OAuth flow driven by the SDK's
// own auth (discovery from the 401, dynamic registration, PKCE, a person signing in with an
// emailed code and approving, the token, and a refresh); and as a Client ID Metadata Document
// client. Each connected client runs the product flow (test/e2e/product-flow.ts). A read-only
// connection's step-up to spending is a known gap with this SDK version (marked it.fails).
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heading, hiddenField, HttpBrowser, signInWithCode } from './http-browser';
import { connector, MemoryAuthProvider, type Seen } from './mcp-client';
import { callTool, ok, runProductFlow } from './product-flow';
import { freePort, startDevServer, stopDevServers, type DevServer } from './server';

let server: DevServer;
/** The client's loopback redirect URI; the emulated browser stops there, so nothing listens. */
let redirect: string;
const opened: Client[] = [];

beforeAll(async () => {
  server = await startDevServer();
  redirect = `http://127.0.0.1:${await freePort()}/callback`;
});

afterAll(async () => {
  await Promise.allSettled(opened.map((client) => client.close()));
  await stopDevServers();
});

const mcpUrl = () => `${server.origin}/api/mcp`;

async function provision(email: string): Promise<{ api_key: string; account_id: string }> {
  const response = await fetch(`${server.origin}/api/provision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { api_key: string; account_id: string };
}

describe('the SDK client with an API key', () => {
  it('connects with a bearer header and runs the product flow', async () => {
    const email = `sdk.key.${Date.now()}@example.com`;
    const { api_key } = await provision(email);
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl()), {
      requestInit: { headers: { Authorization: `Bearer ${api_key}` } },
    });
    const client = new Client({ name: 'polis-e2e-key', version: '1.0.0' });
    opened.push(client);
    await client.connect(transport);

    expect(client.getServerVersion()?.name).toBe('polis');
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'polis_account',
      'polis_ask',
      'polis_estimate',
      'polis_report',
      'polis_status',
      'polis_test',
      'polis_thread',
      'polis_topup',
    ]);
    const account = await ok<{ email: string }>(client, 'polis_account');
    expect(account.email).toBe(email);

    await runProductFlow(client);
  });
});

describe('the SDK client through OAuth', () => {
  const email = `sdk.oauth.${Date.now()}@example.com`;
  const seen: Seen = [];
  let provider: MemoryAuthProvider;
  let client: Client;

  it('discovers, registers, has the person sign in and consent, gets a token', async () => {
    provider = new MemoryAuthProvider(redirect, 'Polis SDK e2e');
    const first = connector(mcpUrl(), provider, seen);
    await expect(first.client.connect(first.transport)).rejects.toThrow(UnauthorizedError);

    // What the SDK did on its own: the 401, both metadata documents, dynamic registration.
    expect(seen.slice(0, 4)).toEqual([
      { method: 'POST', path: '/api/mcp', status: 401 },
      { method: 'GET', path: '/.well-known/oauth-protected-resource/api/mcp', status: 200 },
      { method: 'GET', path: '/.well-known/oauth-authorization-server', status: 200 },
      { method: 'POST', path: '/api/oauth/register', status: 201 },
    ]);
    const authorization = provider.authorizationUrl!;
    expect(authorization.origin + authorization.pathname).toBe(`${server.origin}/oauth/authorize`);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('resource')).toBe(mcpUrl());
    expect(authorization.searchParams.get('client_id')).toBe(
      provider.clientInformation()!.client_id,
    );

    // The person: the sign-in page, an emailed code, then the consent page.
    const browser = new HttpBrowser(server.origin);
    const signInPage = await browser.get(authorization.href);
    expect(heading(signInPage.html)).toBe('Sign in to Polis');
    const consent = await signInWithCode(browser, email, server.codeFor, signInPage);
    expect(consent.status).toBe(200);
    expect(heading(consent.html)).toBe('Allow Polis SDK e2e to use your Polis account?');
    // The client asked for polis:read (the 401's scope); the person also ticks spending.
    const answered = await browser.post(consent.url, {
      handle: hiddenField(consent.html, 'handle'),
      scope: ['polis:read', 'polis:run'],
      decision: 'approve',
    });
    expect(answered.status).toBe(302);
    const back = new URL(answered.location!);
    expect(back.origin + back.pathname).toBe(redirect);
    expect(back.searchParams.get('state')).toBe(authorization.searchParams.get('state'));
    expect(back.searchParams.get('iss')).toBe(server.origin);

    await first.transport.finishAuth(back.searchParams.get('code')!);
    expect(seen.at(-1)).toEqual({ method: 'POST', path: '/api/oauth/token', status: 200 });
    const tokens = provider.tokens()!;
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope?.split(' ').sort()).toEqual(['polis:read', 'polis:run']);
  });

  it('runs the product flow on the connection', async () => {
    const connected = connector(mcpUrl(), provider, seen);
    client = connected.client;
    opened.push(client);
    await client.connect(connected.transport);
    const account = await ok<{ email: string }>(client, 'polis_account');
    expect(account.email).toBe(email);
    await runProductFlow(client);
  });

  it('refreshes when its access token is refused, rotating the refresh token', async () => {
    const before = provider.tokens()!;
    // As if the hour had passed: the server no longer accepts what the client holds.
    provider.saveTokens({ ...before, access_token: 'expired-access-token' });
    const from = seen.length;
    const account = await ok<{ email: string }>(client, 'polis_account');
    expect(account.email).toBe(email);
    expect(seen.slice(from)).toEqual([
      { method: 'POST', path: '/api/mcp', status: 401 },
      // This provider keeps no discovery state, so the SDK discovers again before refreshing.
      { method: 'GET', path: '/.well-known/oauth-protected-resource/api/mcp', status: 200 },
      { method: 'GET', path: '/.well-known/oauth-authorization-server', status: 200 },
      { method: 'POST', path: '/api/oauth/token', status: 200 },
      { method: 'POST', path: '/api/mcp', status: 200 },
    ]);
    const after = provider.tokens()!;
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).toBeTruthy();
    expect(after.refresh_token).not.toBe(before.refresh_token); // rotated on use

    // The refreshed access token works on a fresh connection too.
    const again = connector(mcpUrl(), provider, []);
    opened.push(again.client);
    await again.client.connect(again.transport);
    const result = await callTool(again.client, 'polis_account');
    expect(result.isError).toBeFalsy();
  });
});

// Polis's 401 asks for polis:read only (least privilege) and the consent page ticks what was
// asked, so a person who just clicks Approve connects read-only; polis:run comes by step-up.
describe('step-up from a read-only connection', () => {
  const seen: Seen = [];
  let provider: MemoryAuthProvider;
  let client: Client;
  const spend = { content_type: 'tweet', content: 'Hello', persona_count: 10, detail: 'snapshot' };

  beforeAll(async () => {
    const { api_key } = await provision(`sdk.stepup.${Date.now()}@example.com`);
    provider = new MemoryAuthProvider(redirect, 'Polis step-up e2e');
    const first = connector(mcpUrl(), provider, seen);
    await expect(first.client.connect(first.transport)).rejects.toThrow(UnauthorizedError);
    const browser = new HttpBrowser(server.origin);
    await browser.post('/sign-in', { api_key, return_to: '/app' });
    const consent = await browser.get(provider.authorizationUrl!.href);
    const handle = hiddenField(consent.html, 'handle');
    // What the page ticked: only what the client asked for.
    const answered = await browser.post(consent.url, {
      handle,
      scope: 'polis:read',
      decision: 'approve',
    });
    await first.transport.finishAuth(new URL(answered.location!).searchParams.get('code')!);
    const connected = connector(mcpUrl(), provider, seen);
    client = connected.client;
    opened.push(client);
    await client.connect(connected.transport);
    provider.authorizationUrl = null;
  });

  it('answers a spending call with 403 insufficient_scope naming all scopes it needs', async () => {
    const response = await fetch(mcpUrl(), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${provider.tokens()!.access_token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'polis_test', arguments: spend },
      }),
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('WWW-Authenticate')!;
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="polis:read polis:run"');
    expect(challenge).toContain(
      `resource_metadata="${server.origin}/.well-known/oauth-protected-resource/api/mcp"`,
    );
  });

  // KNOWN GAP (interop with @modelcontextprotocol/sdk 1.32.2): on that 403 the SDK calls auth()
  // with the wider scope, but auth() refreshes first when it holds a refresh token, a refresh
  // cannot add scope, and the retry's identical 403 makes it give up ("Server returned 403 after
  // trying upscoping") instead of sending the person to approve polis:run. So an SDK agent that
  // connected read-only can never spend. Fixable in the SDK (re-authorize when upscoping), or in
  // Polis by asking for both scopes in the 401 and letting the person untick spending.
  it.fails('sends the person back to approve spending when the SDK client steps up', async () => {
    await expect(callTool(client, 'polis_test', spend)).rejects.toThrow(UnauthorizedError);
    const again = provider.authorizationUrl!;
    expect(again.searchParams.get('scope')).toBe('polis:read polis:run');
  });
});

// A Client ID Metadata Document client: the SDK uses its https metadata URL as the client_id
// instead of registering. The dev server would have to FETCH that URL, and it must be https on
// a public host (global_fetch_strictly_public): that cannot work on this closed machine. So
// this checks what can be checked here: Polis advertises CIMD, the SDK takes the CIMD path, and
// a client_id pointing at a host that cannot be reached gets a clear page, not a 500.
describe('a Client ID Metadata Document client', () => {
  const metadataUrl = 'https://polis-e2e-client.invalid/oauth/client-metadata.json';

  class CimdProvider extends MemoryAuthProvider {
    readonly clientMetadataUrl = metadataUrl;
  }

  it('is advertised by the authorization server metadata', async () => {
    const response = await fetch(`${server.origin}/.well-known/oauth-authorization-server`);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.client_id_metadata_document_supported).toBe(true);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('makes the SDK use the metadata URL as client_id, without registering', async () => {
    const seen: Seen = [];
    const provider = new CimdProvider(redirect, 'Polis CIMD e2e');
    const { client, transport } = connector(mcpUrl(), provider, seen);
    await expect(client.connect(transport)).rejects.toThrow(UnauthorizedError);
    expect(seen.map((entry) => entry.path)).not.toContain('/api/oauth/register');
    const authorization = provider.authorizationUrl!;
    expect(authorization.searchParams.get('client_id')).toBe(metadataUrl);

    // The person's browser arrives; Polis cannot read the document, and says so.
    const page = await new HttpBrowser(server.origin).get(authorization.href);
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(heading(page.html)).toBe('This app could not be verified');
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
    // The log line reaches the captured output a moment after the response.
    await expect.poll(() => server.output()).toContain('"event":"oauth.cimd_failed"');
  });
});
