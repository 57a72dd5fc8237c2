// Shared drivers for the workerd tests: provisioning, MCP calls, and the OAuth connector flow
// driven over HTTP exactly as a client and a browser would.
import { env, SELF } from 'cloudflare:test';
import { expect, vi } from 'vitest';

export const ORIGIN = 'http://localhost:8787';
export const MCP_URL = `${ORIGIN}/api/mcp`;
export const ADMIN_TOKEN = env.ADMIN_TOKEN;

let emailCounter = 0;
export function uniqueEmail(label = 'user'): string {
  emailCounter += 1;
  const stamp = `${label}.${Date.now()}.${emailCounter}`;
  return `${stamp}.${Math.random().toString(36).slice(2, 8)}@example.com`;
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

  /** Puts a cookie back in the jar, as a client that ignores a deletion would keep it. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
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

// ---- D1 and timing -------------------------------------------------------------------------

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value that is neither null nor undefined (deferred writes). */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined>,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await sleep(20);
  }
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  detail: string | null;
}

/** The audit rows written about one target, oldest first. */
export async function auditRows(target: string): Promise<AuditRow[]> {
  const { results } = await env.DB.prepare('SELECT * FROM audit_log WHERE target = ? ORDER BY id')
    .bind(target)
    .all<AuditRow>();
  return results;
}

/** Calls tools/list with a token and returns the raw response (for 401 checks). */
export function listTools(token: string): Promise<Response> {
  return mcpPost({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }, { token });
}

// ---- OAuth refusals ----------------------------------------------------------------------

/** Asserts an RFC 6749 §5.2 error body (and its no-store header); returns the body. */
export async function expectOAuthError(
  response: Response,
  status: number,
  error: string,
  description?: string,
): Promise<{ error: string; error_description?: string }> {
  expect(response.status).toBe(status);
  expect(response.headers.get('Cache-Control')).toContain('no-store');
  const body = await response.json<{ error: string; error_description?: string }>();
  expect(body.error).toBe(error);
  if (description !== undefined) expect(body.error_description).toBe(description);
  return body;
}

/**
 * Opens the authorization URL in a browser, signing in with the API key when asked, and returns
 * the consent page's response with its text and handle.
 */
export async function openConsent(
  browser: Browser,
  url: string,
  apiKey: string,
): Promise<{ response: Response; page: string; handle: string }> {
  let response = await browser.fetch(url);
  if (response.status === 200 && (await response.clone().text()).includes('name="api_key"')) {
    const target = new URL(url);
    const signedIn = await browser.signIn(apiKey, target.pathname + target.search);
    expect(signedIn.status).toBe(303);
    response = await browser.fetch(new URL(signedIn.headers.get('Location')!, ORIGIN).toString());
  }
  expect(response.status).toBe(200);
  const page = await response.clone().text();
  return { response, page, handle: consentHandle(page) };
}

/** Runs authorize → sign in → approve for a fresh PKCE pair; returns the code and verifier. */
export async function authorizationCode(
  apiKey: string,
  client: RegisteredClient,
  options: { scopes?: string[]; browser?: Browser; redirectUri?: string } = {},
): Promise<{ code: string; verifier: string; back: URL }> {
  const { verifier, challenge } = await pkcePair();
  const url = authorizeUrl(client, { challenge, redirectUri: options.redirectUri });
  const back = await authorizeInBrowser(options.browser ?? new Browser(), url, apiKey, {
    approve: true,
    scopes: options.scopes,
  });
  const code = back.searchParams.get('code');
  expect(code).toBeTruthy();
  return { code: code!, verifier, back };
}

/** The authorization_code grant for a public client, with overridable fields. */
export function exchangeCode(
  client: RegisteredClient,
  code: string,
  verifier: string,
  overrides: Record<string, string> = {},
): Promise<Response> {
  return tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirect_uris[0]!,
    client_id: client.client_id,
    code_verifier: verifier,
    resource: MCP_URL,
    ...overrides,
  });
}

/** POSTs raw client metadata to the registration endpoint (no defaults, no assertions). */
export function registerRaw(metadata: Record<string, unknown>): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/api/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(metadata),
  });
}

// ---- LLM stand-ins: the Workers AI binding and an OpenAI-compatible endpoint ---------------

/** A reaction as a model writes it, every field filled; `modelReactions` picks a level's. */
const MODEL_REACTION: Record<string, unknown> = {
  firstGlance: 'fast builds, nice',
  decision: 'click',
  noticedFirst: '14 minutes to 90 seconds',
  pausePoint: 'the recipe link',
  quote: 'I want to try this on our CI.',
  intent: 7,
  thinkAloud: 'Our builds are slow too. Caching fixtures sounds simple enough.',
  resonated: ['concrete numbers'],
  confused: [],
  objections: ['may not apply to our stack'],
  openQuestions: ['which CI?'],
  trust: 6,
  sentiment: 'positive',
  stickyPhrase: '14 minutes to 90 seconds',
  topChange: 'say which CI it was',
  emotionalArc: 'curious, then hopeful',
  wouldPay: false,
  wouldPayWhy: 'it is a free recipe',
  shareWith: 'my platform team',
  competitor: 'remote build caches',
  personalContext: 'our pipeline takes 20 minutes',
};

/** A valid reply to a react call: `count` reactions with exactly the fields given. */
export function modelReactions(fields: readonly string[], count: number) {
  const one = Object.fromEntries(fields.map((field) => [field, MODEL_REACTION[field]]));
  return { reactions: Array.from({ length: count }, () => ({ ...one })) };
}

export interface AiCall {
  messages: { role: string; content: string }[];
  response_format: { type: string; json_schema: { type: string } };
  max_tokens: number;
}

/** A stand-in `AI` binding: checks each JSON-mode call, then answers what `reply` returns. */
export function fakeAiBinding(model: string, reply: (call: AiCall, n: number) => unknown) {
  const calls: AiCall[] = [];
  const ai = {
    run(name: string, inputs: AiCall, options?: { signal?: AbortSignal }) {
      expect(name).toBe(model);
      expect(inputs.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(inputs.response_format.type).toBe('json_schema');
      expect(inputs.response_format.json_schema.type).toBe('object');
      expect(inputs.max_tokens).toBeGreaterThan(0);
      expect(options?.signal).toBeInstanceOf(AbortSignal);
      calls.push(inputs);
      return Promise.resolve(reply(inputs, calls.length));
    },
  };
  return { ai: ai as unknown as Ai, calls };
}

export interface ChatEndpoint {
  baseUrl: string;
  apiKey: string;
  model: string;
}

/**
 * Stubs fetch for `endpoint.baseUrl` only (other hosts pass through): checks each chat
 * completions call and answers with `reply`, which gets the parsed body and the call's signal.
 */
export function stubChatCompletions(
  endpoint: ChatEndpoint,
  reply: (body: any, n: number, signal: AbortSignal) => Response | Promise<Response>,
) {
  const bodies: any[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    if (!request.url.startsWith(endpoint.baseUrl)) return realFetch(input as RequestInfo, init);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${endpoint.baseUrl}/chat/completions`);
    expect(request.headers.get('Authorization')).toBe(`Bearer ${endpoint.apiKey}`);
    expect(request.headers.get('Content-Type')).toBe('application/json');
    const body = await request.json<any>();
    expect(body.model).toBe(endpoint.model);
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema).toMatchObject({
      strict: true,
      schema: { type: 'object' },
    });
    expect(body.response_format.json_schema.name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(body.max_tokens).toBeGreaterThan(0);
    bodies.push(body);
    return reply(body, bodies.length, init?.signal ?? request.signal);
  });
  return bodies;
}

export const CHAT_USAGE = { prompt_tokens: 300, completion_tokens: 200, total_tokens: 500 };

/** A chat completions response whose message content is `content` (serialized if need be). */
export function chatCompletion(content: unknown): Response {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return Response.json({
    id: 'chatcmpl-standin',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: CHAT_USAGE,
  });
}
