// Fuzzing the OAuth endpoints: random and near-valid parameters at /oauth/authorize (GET and
// POST), /api/oauth/token and /api/oauth/register. Never a 5xx; the OAuth endpoints answer
// RFC 6749 error JSON with no-store; the authorize endpoint answers a page, or redirects only
// to a redirect URI the client registered (never to one it merely asked for).
import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Browser,
  connectWithOAuth,
  MCP_URL,
  ORIGIN,
  pkcePair,
  provision,
  registerClient,
  type Provisioned,
  type RegisteredClient,
} from '../helpers';
import { anyJson, nastyString, nearly, nearlyObject, RUNS, wrongKind } from './support';

const REDIRECT = 'https://client.example.com/callback';

let owner: Provisioned;
let client: RegisteredClient;
let signedIn: Browser;
let challenge: string;
let refreshTokens: string[];

beforeAll(async () => {
  owner = await provision();
  client = await registerClient({ redirect_uris: [REDIRECT] });
  signedIn = new Browser();
  expect((await signedIn.signIn(owner.api_key)).status).toBe(303);
  challenge = (await pkcePair()).challenge;
  const { tokens } = await connectWithOAuth(owner.api_key, { client });
  refreshTokens = [tokens.refresh_token];
}, 30_000);

beforeEach(() => {
  // Client ID Metadata Documents are fetched from the client_id URL: nothing leaves the test.
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = new Request(input as RequestInfo, init).url;
    if (url.startsWith(ORIGIN)) return realFetch(input as RequestInfo, init);
    return Promise.resolve(new Response('not here', { status: 404 }));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Redirect URI tricks: case, whitespace, userinfo, fragments, extra path, other hosts. */
const redirectUri = fc.oneof(
  { weight: 3, arbitrary: fc.constant(REDIRECT) },
  fc.constantFrom(
    'HTTPS://client.example.com/callback',
    'https://CLIENT.example.com/callback',
    ' https://client.example.com/callback',
    'https://client.example.com/callback ',
    'https://client.example.com/callback#frag',
    'https://client.example.com/callback/extra',
    'https://client.example.com/callback?x=1',
    'https://client.example.com@evil.example/callback',
    'https://evil.example/callback',
    'https://client.example.com.evil.example/callback',
    'javascript:alert(1)',
    'http://localhost/callback',
    '//evil.example/callback',
  ),
  nastyString,
);

const clientId = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  fc.constantFrom(
    'unknown-client',
    'https://cimd.example/client.json',
    'http://127.0.0.1/c',
    'c'.repeat(600),
  ),
  nastyString,
);

/** Query parameters of an authorization request; `''` as client_id means the real one. */
const authorizeParams = nearlyObject({
  response_type: nearly(fc.constantFrom('code', 'token', 'code id_token', '')),
  client_id: clientId,
  redirect_uri: redirectUri,
  code_challenge: nearly(fc.oneof(fc.constant('CHALLENGE'), fc.string({ maxLength: 50 }))),
  code_challenge_method: nearly(fc.constantFrom('S256', 'plain', 's256', '')),
  scope: nearly(fc.constantFrom('polis:read polis:run', 'polis:read', 'openid email', '')),
  resource: nearly(fc.constantFrom(MCP_URL, `${ORIGIN}/`, 'https://other.example/mcp', '')),
  state: nearly(fc.string({ maxLength: 30 })),
});

function authorizeUrl(params: Record<string, unknown>): string {
  const url = new URL(`${ORIGIN}/oauth/authorize`);
  for (const [name, value] of Object.entries(params)) {
    let text = typeof value === 'string' ? value : JSON.stringify(value);
    if (name === 'client_id' && text === '') text = client.client_id;
    if (name === 'code_challenge' && text === 'CHALLENGE') text = challenge;
    url.searchParams.set(name, text ?? '');
  }
  return url.toString();
}

/** A page, or a redirect to the registered URI (or to our own sign-in); nothing else. */
async function expectAuthorizeAnswer(response: Response): Promise<void> {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('Location') ?? '';
    const ours = location.startsWith('/') && !location.startsWith('//');
    expect(ours || location.startsWith(`${REDIRECT}?`)).toBe(true);
    return;
  }
  expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  await response.arrayBuffer();
}

describe('fuzzing /oauth/authorize', () => {
  it('answers any GET with a page or a redirect to the registered URI, signed out', async () => {
    await fc.assert(
      fc.asyncProperty(authorizeParams, async (params) => {
        const response = await SELF.fetch(authorizeUrl(params), { redirect: 'manual' });
        await expectAuthorizeAnswer(response);
      }),
      RUNS,
    );
  }, 60_000);

  it('answers any GET with a page or a redirect to the registered URI, signed in', async () => {
    await fc.assert(
      fc.asyncProperty(authorizeParams, async (params) => {
        await expectAuthorizeAnswer(await signedIn.fetch(authorizeUrl(params)));
      }),
      RUNS,
    );
  }, 60_000);

  it('answers any consent form with a page or a redirect to the registered URI', async () => {
    const handle = async () => {
      const url = authorizeUrl({
        response_type: 'code',
        client_id: '',
        redirect_uri: REDIRECT,
        code_challenge: 'CHALLENGE',
        code_challenge_method: 'S256',
        scope: 'polis:read',
        resource: MCP_URL,
      });
      const page = await (await signedIn.fetch(url)).text();
      return /name="handle" value="([^"]+)"/.exec(page)?.[1] ?? 'none';
    };
    const form = nearlyObject({
      handle: nearly(fc.constantFrom('REAL', 'expired-handle', '')),
      decision: nearly(fc.constantFrom('approve', 'deny', 'APPROVE')),
      scope: fc.array(fc.oneof(fc.constantFrom('polis:read', 'polis:run'), nastyString), {
        maxLength: 3,
      }),
      remember: nearly(fc.constantFrom('yes', 'no')),
    });
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const body = new URLSearchParams();
        for (const [name, value] of Object.entries(fields)) {
          const values = Array.isArray(value) ? value : [value];
          for (const item of values) {
            const text = typeof item === 'string' ? item : JSON.stringify(item);
            body.append(name, name === 'handle' && text === 'REAL' ? await handle() : text);
          }
        }
        const response = await signedIn.fetch(`${ORIGIN}/oauth/authorize`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        });
        await expectAuthorizeAnswer(response);
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});

// ---- token ---------------------------------------------------------------------------------

async function expectOAuthJson(response: Response): Promise<Record<string, unknown>> {
  expect(response.status).toBeLessThan(500);
  const text = await response.text();
  // RFC 7009 §2.2: a revocation (a `token` without a grant_type) answers 200 with no body.
  if (response.status === 200 && text === '') return {};
  expect(response.headers.get('Cache-Control')).toContain('no-store');
  expect(response.headers.get('Content-Type')).toContain('application/json');
  const body = JSON.parse(text) as Record<string, unknown>;
  if (response.status >= 400) {
    expect(body.error).toMatch(/^[a-z_]+$/);
    if ('error_description' in body) expect(body.error_description).toBeTypeOf('string');
  }
  return body;
}

describe('fuzzing /api/oauth/token', () => {
  const form = nearlyObject({
    grant_type: nearly(
      fc.constantFrom(
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'password',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ),
    ),
    code: nearly(fc.oneof(fc.constant('a:b:c'), fc.string({ maxLength: 60 }))),
    refresh_token: nearly(
      fc.constantFrom('REAL', 'a:b:c', 'acct_x:grant:secret', `${'u'.repeat(600)}:g:s`),
    ),
    code_verifier: nearly(fc.string({ minLength: 43, maxLength: 128 })),
    client_id: nearly(
      fc.constantFrom('REAL', 'unknown', 'https://cimd.example/c.json', 'c'.repeat(600)),
    ),
    client_secret: nearly(fc.string({ maxLength: 20 })),
    redirect_uri: redirectUri,
    resource: nearly(fc.constantFrom(MCP_URL, 'https://other.example/')),
    token: nearly(fc.string({ maxLength: 20 })),
  });

  it('answers any form with OAuth JSON, no-store, and never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        form,
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
        async (fields, contentType) => {
          const body = new URLSearchParams();
          for (const [name, value] of Object.entries(fields)) {
            let text = typeof value === 'string' ? value : JSON.stringify(value);
            if (name === 'client_id' && text === 'REAL') text = client.client_id;
            if (name === 'refresh_token' && text === 'REAL') text = refreshTokens.at(-1)!;
            body.append(name, text ?? '');
          }
          const response = await SELF.fetch(`${ORIGIN}/api/oauth/token`, {
            method: 'POST',
            headers: { 'Content-Type': contentType },
            body,
          });
          const answer = await expectOAuthJson(response);
          if (response.status === 200 && typeof answer.refresh_token === 'string') {
            // A real refresh went through: it rotated, so keep the newest token in play.
            expect(answer.access_token).toBeTypeOf('string');
            refreshTokens.push(answer.refresh_token);
          }
        },
      ),
      RUNS,
    );
  }, 60_000);
});

// ---- registration ----------------------------------------------------------------------------

describe('fuzzing /api/oauth/register', () => {
  const metadata = nearlyObject({
    client_name: nearly(fc.string({ maxLength: 250 })),
    redirect_uris: nearly(fc.array(redirectUri, { maxLength: 12 })),
    token_endpoint_auth_method: nearly(
      fc.constantFrom('none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'),
    ),
    grant_types: nearly(fc.array(fc.constantFrom('authorization_code', 'refresh_token', 'x'))),
    response_types: nearly(fc.array(fc.constantFrom('code', 'token'))),
    scope: nearly(fc.constantFrom('polis:read', 'polis:read polis:run', 'admin')),
    logo_uri: nearly(fc.constantFrom('https://client.example.com/logo.png', 'javascript:x')),
    client_uri: nearly(fc.webUrl()),
    jwks_uri: nearly(fc.webUrl()),
  });

  /** A registered redirect URI must be https, loopback http, or a private-use scheme. */
  function expectSafeRedirect(uri: string): void {
    const url = new URL(uri);
    expect(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']).not.toContain(url.protocol);
    if (url.protocol === 'http:') {
      expect(['localhost', '127.0.0.1', '[::1]']).toContain(url.hostname);
    }
    expect(url.username).toBe('');
    expect(url.hash).toBe('');
  }

  it('answers any body with 201 and safe redirect URIs, or an OAuth error', async () => {
    const body = fc.oneof(
      { weight: 3, arbitrary: metadata.map((value) => JSON.stringify(value)) },
      anyJson.map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 80 }),
      wrongKind.map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await SELF.fetch(`${ORIGIN}/api/oauth/register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: text,
        });
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('Content-Type')).toContain('application/json');
        const answer = await response.json<Record<string, any>>();
        if (response.status === 201) {
          expect(answer.client_id).toBeTypeOf('string');
          (answer.redirect_uris as string[]).forEach(expectSafeRedirect);
        } else {
          expect(answer.error).toMatch(/^[a-z_]+$/);
        }
      }),
      { ...RUNS, numRuns: 120 },
    );
  }, 60_000);
});

// Found by the properties above: KV refuses keys over 512 bytes, and the OAuth library builds
// keys from these parameters. Pinned here so they stay ordinary refusals, not 500s.
describe('over-long identifiers', () => {
  const long = 'x'.repeat(600);

  it('answers an authorization request with an over-long client_id with a page', async () => {
    const response = await SELF.fetch(authorizeUrl({ response_type: 'code', client_id: long }));
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  });

  it('answers a token request with an over-long client_id with invalid_client', async () => {
    const response = await SELF.fetch(`${ORIGIN}/api/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'a:b:c',
        client_id: long,
      }),
    });
    expect(response.status).toBe(401);
    expect((await expectOAuthJson(response)).error).toBe('invalid_client');
  });

  it('answers an MCP call with an over-long bearer with 401 invalid_token', async () => {
    const response = await SELF.fetch(MCP_URL, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${long}:${long}:secret`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
  });
});
