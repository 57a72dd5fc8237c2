// The consent page and what reaches it: the facts it shows, Deny, CSRF and handle replay,
// unknown scopes, Client ID Metadata Document clients, and which OAuth endpoints answer
// browsers on other origins (SPEC §2.2, §2.3; SECURITY C21, C23, pitfalls 4–10, 26, 27).
import { SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  authorizeUrl,
  Browser,
  callTool,
  exchangeCode,
  MCP_URL,
  openConsent,
  ORIGIN,
  pkcePair,
  provision,
  registerClient,
} from './helpers';

/** The scopes the consent page ticks for the person. */
function checkedScopes(page: string): string[] {
  return [...page.matchAll(/name="scope" value="([^"]+)" checked=""/g)].map((match) => match[1]!);
}

/** A local refusal page: 400, HTML, and no way back to the client. */
async function expectLocalRefusal(response: Response, message: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('Location')).toBeNull();
  expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  expect(await response.text()).toContain(message);
}

describe('the consent page', () => {
  it('shows the escaped client name, "not verified", redirect host, loopback warning', async () => {
    const owner = await provision();
    const client = await registerClient({
      client_name: '<script>alert(1)</script>',
      redirect_uris: ['http://127.0.0.1:33418/cb'],
    });
    const { challenge } = await pkcePair();
    const { page } = await openConsent(
      new Browser(),
      authorizeUrl(client, { challenge }),
      owner.api_key,
    );

    expect(page).not.toContain('<script>');
    expect(page).toContain(
      'Allow &lt;script&gt;alert(1)&lt;/script&gt; to use your Polis account?',
    );
    expect(page).toContain('This app registered itself; its name is not verified.');
    expect(page).toContain('Access will be sent to <strong>127.0.0.1</strong>.');
    expect(page).toContain('This sends access to an app on your own computer (127.0.0.1).');
    expect(page).toContain('See your account, balance, runs and reports (free tools)');
    expect(page).toContain('Spend your tokens: run persona tests, ask follow-ups, buy token packs');
    expect(page).toContain(`Signed in as ${owner.email}.`);
  });

  it('has no loopback warning for an https redirect', async () => {
    const owner = await provision();
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const { page } = await openConsent(
      new Browser(),
      authorizeUrl(client, { challenge }),
      owner.api_key,
    );
    expect(page).toContain('Access will be sent to <strong>client.example.com</strong>.');
    expect(page).not.toContain('an app on your own computer');
  });

  it('forbids framing, referrers and caching; binds the handle to a __Host- cookie', async () => {
    const owner = await provision();
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const { response } = await openConsent(
      new Browser(),
      authorizeUrl(client, { challenge }),
      owner.api_key,
    );
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const cookie = response.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^__Host-oauth-consent-[0-9a-f]+=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('ignores unknown scopes (openid email profile) and grants only Polis scopes', async () => {
    const owner = await provision();
    const client = await registerClient();
    const { verifier, challenge } = await pkcePair();
    const url = authorizeUrl(client, { challenge, scope: 'openid email profile' });
    const browser = new Browser();
    const { page, handle } = await openConsent(browser, url, owner.api_key);
    expect(page).not.toContain('openid');
    const scopes = checkedScopes(page);
    expect(scopes).toEqual(['polis:read', 'polis:run']);

    const approved = await browser.postForm(url, { handle, decision: 'approve', scope: scopes });
    expect(approved.status).toBe(302);
    const code = new URL(approved.headers.get('Location')!).searchParams.get('code')!;
    const response = await exchangeCode(client, code, verifier);
    expect(response.status).toBe(200);
    const tokens = await response.json<{ scope: string }>();
    expect(tokens.scope.split(' ').sort()).toEqual(['polis:read', 'polis:run']);
  });
});

describe('Deny', () => {
  it('sends the client back with error=access_denied, its state and iss, and no code', async () => {
    const owner = await provision();
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const url = authorizeUrl(client, { challenge, state: 'xyz-state-42' });
    const browser = new Browser();
    const { handle } = await openConsent(browser, url, owner.api_key);

    const denied = await browser.postForm(url, { handle, decision: 'deny' });
    expect(denied.status).toBe(302);
    const back = new URL(denied.headers.get('Location')!);
    expect(back.origin + back.pathname).toBe(client.redirect_uris[0]);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('xyz-state-42');
    expect(back.searchParams.get('iss')).toBe(ORIGIN);
    expect(back.searchParams.get('code')).toBeNull();
  });
});

describe('consent CSRF and replay', () => {
  async function consentFor(apiKey: string) {
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const url = authorizeUrl(client, { challenge });
    const browser = new Browser();
    const { response, handle } = await openConsent(browser, url, apiKey);
    const [name, value] = response.headers.get('Set-Cookie')!.split(';')[0]!.split('=');
    return { url, browser, handle, bindingCookie: { name: name!, value: value! } };
  }

  it('never approves a consent POST sent from a foreign Origin', async () => {
    const owner = await provision();
    const { url, browser, handle } = await consentFor(owner.api_key);
    const forged = await browser.postForm(
      url,
      { handle, decision: 'approve', scope: ['polis:read', 'polis:run'] },
      { Origin: 'https://evil.example.com' },
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.headers.get('Location')).toBeNull();

    // Nothing was consumed either: the person's own answer still goes through.
    const genuine = await browser.postForm(url, {
      handle,
      decision: 'approve',
      scope: 'polis:read',
    });
    expect(genuine.status).toBe(302);
    expect(new URL(genuine.headers.get('Location')!).searchParams.get('code')).toBeTruthy();
  });

  it('answers a consent POST from a foreign Origin with 403', async () => {
    const owner = await provision();
    const { url, browser, handle } = await consentFor(owner.api_key);
    const forged = await browser.postForm(
      url,
      { handle, decision: 'approve', scope: 'polis:read' },
      { Origin: 'https://evil.example.com' },
    );
    expect(forged.status).toBe(403);
  });

  it('refuses a consent handle used twice, with a local page and no second code', async () => {
    const owner = await provision();
    const { url, browser, handle } = await consentFor(owner.api_key);
    const first = await browser.postForm(url, { handle, decision: 'approve', scope: 'polis:read' });
    expect(first.status).toBe(302);
    expect(first.headers.get('Set-Cookie')).toMatch(/^__Host-oauth-consent-[0-9a-f]+=;.*Max-Age=0/);

    const again = await browser.postForm(url, { handle, decision: 'approve', scope: 'polis:read' });
    await expectLocalRefusal(again, 'This authorization was not started in this browser');
  });

  it('refuses a replayed handle even when the browser kept its binding cookie', async () => {
    const owner = await provision();
    const { url, browser, handle, bindingCookie } = await consentFor(owner.api_key);
    const first = await browser.postForm(url, { handle, decision: 'approve', scope: 'polis:read' });
    expect(first.status).toBe(302);
    expect(new URL(first.headers.get('Location')!).searchParams.get('code')).toBeTruthy();

    browser.setCookie(bindingCookie.name, bindingCookie.value);
    const replay = await browser.postForm(url, {
      handle,
      decision: 'approve',
      scope: ['polis:read', 'polis:run'],
    });
    await expectLocalRefusal(replay, 'This authorization expired or was already used');
  });

  it('refuses a handle posted by another signed-in browser with no consent cookie', async () => {
    const attacker = await provision();
    const victim = await provision();
    const { url, handle } = await consentFor(attacker.api_key);

    const victimBrowser = new Browser();
    expect((await victimBrowser.signIn(victim.api_key)).status).toBe(303);
    const forged = await victimBrowser.postForm(url, {
      handle,
      decision: 'approve',
      scope: ['polis:read', 'polis:run'],
    });
    await expectLocalRefusal(forged, 'This authorization was not started in this browser');
  });
});

describe('a Client ID Metadata Document client', () => {
  const CLIENT_ID = 'https://cimd.example.com/client.json';
  const REDIRECT = 'https://cimd.example.com/callback';

  afterEach(() => {
    vi.restoreAllMocks();
  });

  // SELF runs in the test's isolate, so WOP's global fetch of the document can be stubbed here;
  // everything else goes to the real fetch.
  function serveMetadataDocument(overrides: Record<string, unknown> = {}) {
    const realFetch = globalThis.fetch;
    return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== CLIENT_ID) return realFetch(input, init);
      const document = {
        client_id: CLIENT_ID,
        client_name: 'CIMD Example',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        ...overrides,
      };
      return new Response(JSON.stringify(document), {
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
      });
    });
  }

  it('shows its domain on the consent page and completes the flow to working tokens', async () => {
    const fetchSpy = serveMetadataDocument();
    const owner = await provision();
    const client = { client_id: CLIENT_ID, redirect_uris: [REDIRECT] };
    const { verifier, challenge } = await pkcePair();
    const url = authorizeUrl(client, { challenge });
    const browser = new Browser();
    const { page, handle } = await openConsent(browser, url, owner.api_key);
    expect(fetchSpy.mock.calls.some(([input]) => String(input) === CLIENT_ID)).toBe(true);
    expect(page).toContain('Allow CIMD Example to use your Polis account?');
    expect(page).toContain('Published by <strong>cimd.example.com</strong>.');
    expect(page).not.toContain('not verified');

    const approved = await browser.postForm(url, {
      handle,
      decision: 'approve',
      scope: ['polis:read', 'polis:run'],
    });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('Location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    const response = await exchangeCode(client, back.searchParams.get('code')!, verifier);
    expect(response.status).toBe(200);
    const tokens = await response.json<{ access_token: string; resource: string }>();
    expect(tokens.resource).toBe(MCP_URL);
    const account = await callTool(tokens.access_token, 'polis_account');
    expect(account.data.account_id).toBe(owner.account_id);
  });

  it('warns on a loopback redirect even when the document names a well-known domain', async () => {
    serveMetadataDocument({ redirect_uris: ['http://127.0.0.1:43110/callback'] });
    const owner = await provision();
    const client = { client_id: CLIENT_ID, redirect_uris: ['http://127.0.0.1:43110/callback'] };
    const { challenge } = await pkcePair();
    const url = authorizeUrl(client, { challenge });
    const { page } = await openConsent(new Browser(), url, owner.api_key);
    expect(page).toContain('Published by <strong>cimd.example.com</strong>.');
    expect(page).toContain('This sends access to an app on your own computer (127.0.0.1).');
  });

  it('is refused with a local page when the document names another client_id', async () => {
    serveMetadataDocument({ client_id: 'https://other.example.com/client.json' });
    const client = { client_id: CLIENT_ID, redirect_uris: [REDIRECT] };
    const { challenge } = await pkcePair();
    const response = await new Browser().fetch(authorizeUrl(client, { challenge }));
    await expectLocalRefusal(response, 'Polis could not read the app&#39;s published description');
  });
});

describe('CORS on the OAuth endpoints', () => {
  const APP = 'https://app.example.com';
  const CORS_PATHS = [
    '/.well-known/oauth-authorization-server',
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/api/mcp',
    '/api/oauth/register',
    '/api/oauth/token',
  ];

  it.each(CORS_PATHS)(
    'answers a preflight to %s with Access-Control-Allow-Origin',
    async (path) => {
      const response = await SELF.fetch(`${ORIGIN}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: APP,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe(APP);
      expect(response.headers.get('Vary')).toContain('Origin');
    },
  );

  it.each(CORS_PATHS.slice(0, 3))(
    'answers GET %s with Access-Control-Allow-Origin',
    async (path) => {
      const response = await SELF.fetch(`${ORIGIN}${path}`, { headers: { Origin: APP } });
      expect(response.status).toBe(200);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe(APP);
    },
  );

  it('answers browser registration and token POSTs with Access-Control-Allow-Origin', async () => {
    const registered = await SELF.fetch(`${ORIGIN}/api/oauth/register`, {
      method: 'POST',
      headers: { Origin: APP, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Browser Client',
        redirect_uris: [`${APP}/callback`],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('Access-Control-Allow-Origin')).toBe(APP);
    const { client_id } = await registered.json<{ client_id: string }>();

    const token = await SELF.fetch(`${ORIGIN}/api/oauth/token`, {
      method: 'POST',
      headers: { Origin: APP, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'a:b:c', client_id }),
    });
    expect(token.status).toBe(400);
    expect(token.headers.get('Access-Control-Allow-Origin')).toBe(APP);
    expect((await token.json<{ error: string }>()).error).toBe('invalid_grant');
  });

  it('never sends Access-Control-Allow-Origin from the authorization page', async () => {
    const client = await registerClient();
    const { challenge } = await pkcePair();
    const url = authorizeUrl(client, { challenge });
    const page = await SELF.fetch(url, { headers: { Origin: APP } });
    expect(page.status).toBe(200);
    expect(page.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const preflight = await SELF.fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: APP, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('serves the same protected resource metadata at the root and path-inserted URLs', async () => {
    const root = await SELF.fetch(`${ORIGIN}/.well-known/oauth-protected-resource`);
    const inserted = await SELF.fetch(`${ORIGIN}/.well-known/oauth-protected-resource/api/mcp`);
    expect(root.status).toBe(200);
    expect(inserted.status).toBe(200);
    const document = await inserted.json<{ resource: string }>();
    expect(await root.json()).toEqual(document);
    expect(document.resource).toBe(MCP_URL);
  });
});
