// What the authorization and token endpoints refuse: PKCE downgrades, replayed, expired or
// mismatched codes, foreign resources, and tokens used beyond their scope (SPEC §2.2; SECURITY
// C12, C14, C15, C19, pitfalls 1, 2, 3, 12, 15, 16, 19, 28).
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  authorizationCode,
  authorizeUrl,
  Browser,
  callTool,
  connectWithOAuth,
  exchangeCode,
  expectOAuthError,
  MCP_URL,
  mcpPost,
  openConsent,
  ORIGIN,
  pkcePair,
  provision,
  registerClient,
  registerRaw,
  tokenRequest,
} from './helpers';

const LOOPBACK_CALLBACK = 'http://127.0.0.1:33418/cb';

function toolsList(token: string): Promise<Response> {
  return mcpPost({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }, { token });
}

/** The client's redirect URI, validated, receives the error: never a code. */
function expectErrorRedirect(response: Response, error: string, description: string): void {
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get('Location')!);
  expect(back.origin + back.pathname).toBe(LOOPBACK_CALLBACK);
  expect(back.searchParams.get('code')).toBeNull();
  expect(back.searchParams.get('error')).toBe(error);
  expect(back.searchParams.get('error_description')).toBe(description);
  expect(back.searchParams.get('state')).toBe('state-123');
  expect(back.searchParams.get('iss')).toBe(ORIGIN);
}

describe('PKCE at the authorization endpoint', () => {
  // WOP validates the client and its exact redirect URI first, so these errors may go back to the
  // client (RFC 6749 §4.1.2.1) with state and iss; no one needs to be signed in to be refused.
  it('refuses code_challenge_method=plain: redirects with invalid_request, no code', async () => {
    const client = await registerClient({ redirect_uris: [LOOPBACK_CALLBACK] });
    const { verifier } = await pkcePair();
    const response = await new Browser().fetch(
      authorizeUrl(client, { challenge: verifier, method: 'plain' }),
    );
    expectErrorRedirect(
      response,
      'invalid_request',
      'The plain PKCE method is not allowed. Use S256 instead.',
    );
  });

  it('refuses a public client with no code_challenge via an invalid_request redirect', async () => {
    const client = await registerClient({ redirect_uris: [LOOPBACK_CALLBACK] });
    const response = await new Browser().fetch(authorizeUrl(client));
    expectErrorRedirect(
      response,
      'invalid_request',
      'Public clients must use PKCE with the authorization code flow.',
    );
  });

  it('refuses an unknown code_challenge_method instead of treating it as plain', async () => {
    const client = await registerClient({ redirect_uris: [LOOPBACK_CALLBACK] });
    const { challenge } = await pkcePair();
    const response = await new Browser().fetch(authorizeUrl(client, { challenge, method: 'S512' }));
    expectErrorRedirect(
      response,
      'invalid_request',
      'Unsupported PKCE code_challenge_method: S512',
    );
  });
});

describe('the authorization code', () => {
  it('is single-use: a replay gets invalid_grant and revokes the tokens first issued', async () => {
    const owner = await provision();
    const client = await registerClient();
    const { code, verifier } = await authorizationCode(owner.api_key, client);

    const first = await exchangeCode(client, code, verifier);
    expect(first.status).toBe(200);
    const tokens = await first.json<{ access_token: string; refresh_token: string }>();
    expect((await toolsList(tokens.access_token)).status).toBe(200);

    const replay = await exchangeCode(client, code, verifier);
    await expectOAuthError(replay, 400, 'invalid_grant', 'Authorization code already used');

    // RFC 6749 §10.5: what the code issued is revoked, access and refresh alike.
    const after = await toolsList(tokens.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
    const refresh = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: client.client_id,
    });
    await expectOAuthError(refresh, 400, 'invalid_grant');
  });

  it('lives ten minutes and is refused with invalid_grant once expired', async () => {
    const owner = await provision();
    const client = await registerClient();
    const issuedAt = Math.floor(Date.now() / 1000);
    const { code, verifier } = await authorizationCode(owner.api_key, client);

    // The code lives in its grant's KV record, written with a 600-second TTL; WOP keeps no
    // timestamp of its own to compare, so expiry is KV's. Fake timers can't move that clock (the
    // KV simulator runs in its own Durable Object), so: check the TTL, then remove the record as
    // KV does when it runs out.
    const [, grantId] = code.split(':');
    const grantKey = `grant:${owner.account_id}:${grantId}`;
    const listed = await env.OAUTH_KV.list({ prefix: grantKey });
    expect(listed.keys).toHaveLength(1);
    const expiration = listed.keys[0]!.expiration!;
    expect(expiration - issuedAt).toBeGreaterThanOrEqual(599);
    expect(expiration - issuedAt).toBeLessThanOrEqual(601);

    await env.OAUTH_KV.delete(grantKey);
    const late = await exchangeCode(client, code, verifier);
    await expectOAuthError(
      late,
      400,
      'invalid_grant',
      'Grant not found or authorization code expired',
    );
  });

  it('is refused with invalid_grant for a wrong code_verifier', async () => {
    const owner = await provision();
    const client = await registerClient();
    const { code } = await authorizationCode(owner.api_key, client);
    const { verifier: other } = await pkcePair();
    const response = await exchangeCode(client, code, other);
    await expectOAuthError(response, 400, 'invalid_grant', 'Invalid PKCE code_verifier');
  });

  it('is refused with invalid_grant if redirect_uri differs from the one authorized', async () => {
    const owner = await provision();
    const client = await registerClient({
      redirect_uris: ['https://client.example.com/callback', 'https://client.example.com/other'],
    });
    const { code, verifier } = await authorizationCode(owner.api_key, client);

    // Registered, but not the one the code was issued for (RFC 6749 §4.1.3).
    const other = await exchangeCode(client, code, verifier, {
      redirect_uri: 'https://client.example.com/other',
    });
    await expectOAuthError(
      other,
      400,
      'invalid_grant',
      'redirect_uri does not match the authorization request',
    );
    const unregistered = await exchangeCode(client, code, verifier, {
      redirect_uri: 'https://evil.example.com/callback',
    });
    await expectOAuthError(unregistered, 400, 'invalid_grant', 'Invalid redirect URI');
  });
});

describe('a redirect URI that is not registered', () => {
  it('is refused at authorize with a local 400 page, never sending the browser there', async () => {
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const response = await new Browser().fetch(
      authorizeUrl(client, { challenge, redirectUri: 'https://evil.example.com/callback' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('Location')).toBeNull();
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
    const page = await response.text();
    expect(page).toContain('Invalid redirect URI');
    expect(page).not.toContain('evil.example.com');
  });
});

describe('the resource indicator (RFC 8707)', () => {
  it('refuses another resource at authorize by redirecting with invalid_target', async () => {
    const client = await registerClient({ redirect_uris: [LOOPBACK_CALLBACK] });
    const { challenge } = await pkcePair();
    const response = await new Browser().fetch(
      authorizeUrl(client, { challenge, resource: 'https://other.example.com/mcp' }),
    );
    expectErrorRedirect(
      response,
      'invalid_target',
      'The resource parameter must name exactly one configured protected resource',
    );
  });

  it('refuses another resource at token exchange (400 invalid_target), code unspent', async () => {
    const owner = await provision();
    const client = await registerClient();
    const { code, verifier } = await authorizationCode(owner.api_key, client);
    const foreign = await exchangeCode(client, code, verifier, {
      resource: 'https://other.example.com/mcp',
    });
    await expectOAuthError(
      foreign,
      400,
      'invalid_target',
      'The resource parameter must name exactly one configured protected resource',
    );

    const good = await exchangeCode(client, code, verifier);
    expect(good.status).toBe(200);
    expect((await good.json<{ resource: string }>()).resource).toBe(MCP_URL);
  });
});

describe('scopes at /api/mcp', () => {
  it('answers a read-only spending call: 403 insufficient_scope naming both scopes', async () => {
    const owner = await provision();
    const { tokens } = await connectWithOAuth(owner.api_key, { scopes: ['polis:read'] });
    expect(tokens.scope).toBe('polis:read');

    const response = await mcpPost(
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'polis_test', arguments: { content_type: 'tweet', content: 'hello' } },
      },
      { token: tokens.access_token },
    );
    expect(response.status).toBe(403);
    const challenge = response.headers.get('WWW-Authenticate')!;
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="polis:read polis:run"');
    expect(challenge).toContain(
      `resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/api/mcp"`,
    );
    expect(await response.json()).toEqual({ error: 'insufficient_scope' });

    const account = await callTool(tokens.access_token, 'polis_account');
    expect(account.isError).toBe(false);
    expect(account.data.account_id).toBe(owner.account_id);
  });
});

describe('re-authorization', () => {
  it('keeps the first connection of the same client and account working', async () => {
    const owner = await provision();
    const first = await connectWithOAuth(owner.api_key);
    const second = await connectWithOAuth(owner.api_key, { client: first.client });
    expect(second.tokens.access_token).not.toBe(first.tokens.access_token);

    // revokeExistingGrants: false (SECURITY pitfall 19): two processes of one client coexist.
    for (const tokens of [first.tokens, second.tokens]) {
      const account = await callTool(tokens.access_token, 'polis_account');
      expect(account.data.account_id).toBe(owner.account_id);
    }
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: first.tokens.refresh_token,
      client_id: first.client.client_id,
    });
    expect(refreshed.status).toBe(200);
  });
});

describe('redirect URIs at dynamic client registration', () => {
  const publicClient = (redirect_uris: string[]) => ({
    client_name: 'Redirect Test',
    redirect_uris,
    token_endpoint_auth_method: 'none',
  });

  // WOP answers every unacceptable redirect URI with invalid_client_metadata (RFC 7591 §3.2.2
  // also allows invalid_redirect_uri); the scheme check is case- and whitespace-insensitive.
  it.each([
    ['javascript:alert(1)', 'Invalid redirect URI'],
    ['data:text/html,x', 'Invalid redirect URI'],
    ['JavaScript:alert(1)', 'Invalid redirect URI'],
    [' javascript:alert(1)', 'Invalid redirect URI'],
    ['https://good.example.com@evil.example.com/cb', 'Invalid redirect URI'],
    ['https://x.example.com/cb#frag', 'Invalid redirect URI'],
    ['http://evil.example.com/cb', 'Redirect URI must use https, or http on a loopback host'],
  ])('refuses %j with 400 invalid_client_metadata', async (uri, description) => {
    const response = await registerRaw(publicClient([uri]));
    await expectOAuthError(response, 400, 'invalid_client_metadata', description);
  });

  it('refuses a dangerous URI even next to a good one', async () => {
    const response = await registerRaw(
      publicClient(['https://good.example.com/cb', 'javascript:alert(1)']),
    );
    await expectOAuthError(response, 400, 'invalid_client_metadata', 'Invalid redirect URI');
  });

  it.each([['http://127.0.0.1:33418/cb'], ['http://localhost:5173/cb']])(
    'accepts the loopback http URI %s',
    async (uri) => {
      const response = await registerRaw(publicClient([uri]));
      expect(response.status).toBe(201);
      expect((await response.json<{ redirect_uris: string[] }>()).redirect_uris).toEqual([uri]);
    },
  );

  // allowPrivateUseRedirectUris is on, so WOP accepts a private-use scheme on its own; without
  // it, one would be stored only beside a compliant https or loopback URI and never used.
  it.each([
    ['cursor://anysphere.cursor-mcp/oauth/callback', 'anysphere.cursor-mcp'],
    ['vscode://vscode.github-authentication/did-authenticate', 'vscode.github-authentication'],
  ])('accepts the private-use URI %s on its own, and authorizes to it', async (uri, host) => {
    const owner = await provision();
    const response = await registerRaw(publicClient([uri]));
    expect(response.status).toBe(201);
    const client = await response.json<{ client_id: string; redirect_uris: string[] }>();
    expect(client.redirect_uris).toEqual([uri]);

    const url = authorizeUrl(client, { challenge: (await pkcePair()).challenge });
    const browser = new Browser();
    const { page, handle } = await openConsent(browser, url, owner.api_key);
    expect(page).toContain(`Access will be sent to <strong>${host}</strong>.`);
    const approved = await browser.postForm(url, {
      handle,
      decision: 'approve',
      scope: 'polis:read',
    });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('Location')!);
    expect(`${back.protocol}//${back.host}${back.pathname}`).toBe(uri);
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  it('stores a remote http URI listed beside a good one but never sends it a code', async () => {
    const response = await registerRaw(
      publicClient(['https://good.example.com/cb', 'http://evil.example.com/cb']),
    );
    expect(response.status).toBe(201);
    const client = await response.json<{ client_id: string; redirect_uris: string[] }>();

    const { challenge } = await pkcePair();
    const refused = await new Browser().fetch(
      authorizeUrl(client, { challenge, redirectUri: 'http://evil.example.com/cb' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('Location')).toBeNull();
    expect(await refused.text()).toContain('Invalid redirect URI');
  });

  it('refuses more than ten redirect_uris with 400 invalid_redirect_uri', async () => {
    const uris = Array.from({ length: 11 }, (_, i) => `https://x.example.com/cb${i}`);
    const response = await registerRaw(publicClient(uris));
    await expectOAuthError(
      response,
      400,
      'invalid_redirect_uri',
      'At most 10 redirect_uris may be registered',
    );
    expect((await registerRaw(publicClient(uris.slice(0, 10)))).status).toBe(201);
  });
});

describe('redirect URIs with padding', () => {
  it.each([
    ' https://client.example.com/cb',
    'https://client.example.com/cb ',
    'https://client.example.com/c\tb',
    ' cursor://anysphere.cursor-mcp/oauth/callback',
  ])('refuses %j at registration (the library or our policy, whichever sees it)', async (uri) => {
    const response = await SELF.fetch(`${ORIGIN}/api/oauth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Padded',
        redirect_uris: ['https://client.example.com/callback', uri],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(response.status).toBe(400);
    const { error } = await response.json<{ error: string }>();
    expect(['invalid_redirect_uri', 'invalid_client_metadata']).toContain(error);
  });
});
