// Shared drivers for the workerd tests: provisioning, MCP calls, and the OAuth connector flow
// driven over HTTP exactly as a client and a browser would.
import { env, SELF } from 'cloudflare:test';
import { expect } from 'vitest';

export const ORIGIN = 'http://localhost:8787';
export const MCP_URL = `${ORIGIN}/api/mcp`;
export const ADMIN_TOKEN = env.ADMIN_TOKEN;

let emailCounter = 0;
export function uniqueEmail(label = 'user'): string {
  emailCounter += 1;
  return `${label}.${Date.now()}.${emailCounter}.${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export interface Provisioned {
  account_id: string;
  email: string;
  api_key: string;
  api_key_id: string;
  mcp_url: string;
  checkout_url: string | null;
  trial_tokens: number;
}

export async function provision(email = uniqueEmail()): Promise<Provisioned> {
  const response = await SELF.fetch(`${ORIGIN}/api/provision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(201);
  return response.json();
}

let rpcId = 0;

/** POSTs one JSON-RPC message to /api/mcp as a Streamable HTTP client does. */
export function mcpPost(
  body: unknown,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': '2025-11-25',
    ...options.headers,
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return SELF.fetch(MCP_URL, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function rpc(token: string, method: string, params: unknown = {}) {
  rpcId += 1;
  const response = await mcpPost({ jsonrpc: '2.0', id: rpcId, method, params }, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as { result?: any; error?: { code: number; message: string } };
}

/** tools/call, returning the result's structuredContent and isError. */
export async function callTool(token: string, name: string, args: unknown = {}) {
  const { result, error } = await rpc(token, 'tools/call', { name, arguments: args });
  if (error) throw new Error(`JSON-RPC error ${error.code}: ${error.message}`);
  return {
    isError: result.isError === true,
    data: result.structuredContent,
    text: result.content[0].text,
  };
}

export function adminFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  return SELF.fetch(`${ORIGIN}/admin${path}`, { ...init, headers });
}

// ---- OAuth -------------------------------------------------------------------------------

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const array = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return btoa(String.fromCharCode(...array))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(digest) };
}

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export async function registerClient(
  metadata: Record<string, unknown> = {},
): Promise<RegisteredClient> {
  const response = await SELF.fetch(`${ORIGIN}/api/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Test Connector',
      redirect_uris: ['https://client.example.com/callback'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      ...metadata,
    }),
  });
  expect(response.status).toBe(201);
  return response.json();
}

/** A browser: keeps cookies between requests, sends Origin on form posts like a real one. */
export class Browser {
  private cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        'Cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    if (init.method === 'POST' && !headers.has('Origin')) headers.set('Origin', ORIGIN);
    const response = await SELF.fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getAll('Set-Cookie')) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  postForm(
    url: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    return this.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
  }

  /** Signs in with an API key through the sign-in form. */
  async signIn(apiKey: string, returnTo = '/app'): Promise<Response> {
    return this.postForm(`${ORIGIN}/sign-in`, { api_key: apiKey, return_to: returnTo });
  }
}

export function authorizeUrl(
  client: RegisteredClient,
  options: {
    challenge?: string;
    method?: string;
    scope?: string;
    state?: string;
    redirectUri?: string;
    resource?: string;
  } = {},
): string {
  const url = new URL(`${ORIGIN}/oauth/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('redirect_uri', options.redirectUri ?? client.redirect_uris[0]!);
  if (options.challenge !== undefined) {
    url.searchParams.set('code_challenge', options.challenge);
    url.searchParams.set('code_challenge_method', options.method ?? 'S256');
  }
  url.searchParams.set('scope', options.scope ?? 'polis:read polis:run');
  url.searchParams.set('state', options.state ?? 'state-123');
  url.searchParams.set('resource', options.resource ?? MCP_URL);
  return url.toString();
}

/** Pulls the consent handle out of the consent page. */
export function consentHandle(page: string): string {
  const match = /name="handle" value="([^"]+)"/.exec(page);
  if (!match) throw new Error(`no consent handle in page: ${page.slice(0, 300)}`);
  return match[1]!;
}

/**
 * The whole browser part of the flow: authorize → sign in → consent → approve. Returns the
 * redirect back to the client (with `code` or `error`).
 */
export async function authorizeInBrowser(
  browser: Browser,
  url: string,
  apiKey: string,
  decision: { approve: boolean; scopes?: string[] } = { approve: true },
): Promise<URL> {
  let page = await browser.fetch(url);
  if (page.status === 200 && (await page.clone().text()).includes('name="api_key"')) {
    const target = new URL(url);
    const signedIn = await browser.signIn(apiKey, target.pathname + target.search);
    expect(signedIn.status).toBe(303);
    page = await browser.fetch(new URL(signedIn.headers.get('Location')!, ORIGIN).toString());
  }
  expect(page.status).toBe(200);
  const handle = consentHandle(await page.text());
  const answer = await browser.postForm(url, {
    handle,
    decision: decision.approve ? 'approve' : 'deny',
    scope: decision.scopes ?? ['polis:read', 'polis:run'],
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('Location')!);
}

export async function tokenRequest(fields: Record<string, string>): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/api/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/** Registers a public client and runs the flow to tokens for the given API key's account. */
export async function connectWithOAuth(
  apiKey: string,
  options: { scopes?: string[]; client?: RegisteredClient; browser?: Browser } = {},
): Promise<{ tokens: Tokens; client: RegisteredClient; browser: Browser }> {
  const client = options.client ?? (await registerClient());
  const browser = options.browser ?? new Browser();
  const { verifier, challenge } = await pkcePair();
  const back = await authorizeInBrowser(browser, authorizeUrl(client, { challenge }), apiKey, {
    approve: true,
    scopes: options.scopes,
  });
  const code = back.searchParams.get('code');
  expect(code).toBeTruthy();
  const response = await tokenRequest({
    grant_type: 'authorization_code',
    code: code!,
    redirect_uri: client.redirect_uris[0]!,
    client_id: client.client_id,
    code_verifier: verifier,
    resource: MCP_URL,
  });
  expect(response.status).toBe(200);
  return { tokens: await response.json(), client, browser };
}
