// A hand-driven OAuth client for the abuse tests: registration, PKCE, the authorize URL, a
// signed-in person's approval, and token requests, each step open to being done wrong on purpose.
import { createHash, randomBytes } from 'node:crypto';
import { hiddenField, HttpBrowser } from './http-browser';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface RegisteredClient {
  clientId: string;
  redirect: string;
}

export async function register(origin: string, redirect: string): Promise<RegisteredClient> {
  const response = await registration(origin, [redirect]);
  if (response.status !== 201) throw new Error(`registration: ${await response.text()}`);
  const { client_id } = (await response.json()) as { client_id: string };
  return { clientId: client_id, redirect };
}

/** POST /api/oauth/register for a public client (RFC 7591). */
export function registration(origin: string, redirectUris: string[]): Promise<Response> {
  return fetch(`${origin}/api/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Abuse e2e',
      redirect_uris: redirectUris,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
}

/** An authorization request; `params` overrides or (with undefined) removes any parameter. */
export function authorizeUrl(
  origin: string,
  client: RegisteredClient,
  challenge: string,
  params: Record<string, string | undefined> = {},
): string {
  const url = new URL(`${origin}/oauth/authorize`);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirect,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    resource: `${origin}/api/mcp`,
    scope: 'polis:read polis:run',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.href;
}

/** A browser signed in with an API key (the second way on the sign-in page). */
export async function signedIn(origin: string, apiKey: string): Promise<HttpBrowser> {
  const browser = new HttpBrowser(origin);
  const page = await browser.post('/sign-in', { api_key: apiKey, return_to: '/app' });
  if (page.status !== 200) throw new Error(`sign-in with a key answered ${page.status}`);
  return browser;
}

/** Opens the consent page in a signed-in browser, approves it, and returns the code. */
export async function approve(
  browser: HttpBrowser,
  client: RegisteredClient,
  verifier: Pkce,
): Promise<string> {
  const consent = await browser.get(authorizeUrl(browser.origin, client, verifier.challenge));
  const back = await browser.post(consent.url, {
    handle: hiddenField(consent.html, 'handle'),
    scope: ['polis:read', 'polis:run'],
    decision: 'approve',
  });
  const code = back.location && new URL(back.location).searchParams.get('code');
  if (!code) throw new Error(`approval answered ${back.status} without a code`);
  return code;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, string> & { access_token?: string; refresh_token?: string };
}

/** POST /api/oauth/token with a form body. */
export async function tokenRequest(
  origin: string,
  form: Record<string, string>,
): Promise<TokenAnswer> {
  const response = await fetch(`${origin}/api/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
}

export function redeem(
  origin: string,
  client: RegisteredClient,
  code: string,
  verifier: Pkce,
): Promise<TokenAnswer> {
  return tokenRequest(origin, {
    grant_type: 'authorization_code',
    code,
    client_id: client.clientId,
    redirect_uri: client.redirect,
    code_verifier: verifier.verifier,
    resource: `${origin}/api/mcp`,
  });
}
