// Abuse over the real dev server, with plain HTTP and the rate limits on (this file stays within
// them until the floods at the end): redirect URI tricks, forged and replayed consent, code
// injection and replay, refresh-token reuse, tokens for another resource, a suspended account's
// credentials, another account's run and thread ids, and a flood past each rate limit
// (SECURITY.md pitfalls 1–5, 16, 17; C19, C29; SPEC §3).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heading, HttpBrowser, hiddenField } from './http-browser';
import {
  approve,
  authorizeUrl,
  pkce,
  redeem,
  register,
  registration,
  signedIn,
  tokenRequest,
  type RegisteredClient,
} from './oauth-client';
import { admin, mcp, provision, settle, tool, type Provisioned } from './rpc';
import { startDevServer, stopDevServers, type DevServer } from './server';

const ADMIN_TOKEN = randomBytes(20).toString('hex'); // 40 characters
let server: DevServer;
let origin: string;
let victim: Provisioned;
let attacker: Provisioned;
let victimBrowser: HttpBrowser;

beforeAll(async () => {
  server = await startDevServer({ ADMIN_TOKEN });
  origin = server.origin;
  const stamp = Date.now();
  victim = await provision(origin, `victim.${stamp}@example.com`);
  attacker = await provision(origin, `attacker.${stamp}@example.com`);
  victimBrowser = await signedIn(origin, victim.api_key);
});

afterAll(async () => {
  await stopDevServers();
});

function expectLocalRefusal(page: { status: number; location: string | null }, status = 400) {
  expect(page.status).toBe(status);
  expect(page.location).toBeNull();
}

describe('redirect URIs', () => {
  const registered = 'https://client.example/callback';
  let client: RegisteredClient;

  beforeAll(async () => {
    client = await register(origin, registered);
  });

  it.each([
    ['userinfo naming the real host', 'https://client.example@evil.example/callback'],
    ['a javascript: scheme in capitals', 'JAVASCRIPT:alert(document.domain)'],
    ['a javascript: scheme behind a tab', '\tjavascript:alert(document.domain)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a fragment', 'https://client.example/callback#@evil.example'],
    ['plain http to a public host', 'http://evil.example/callback'],
  ])('refuses to register %s', async (_, uri) => {
    const response = await registration(origin, [uri]);
    expect(response.status).toBe(400);
    expect(response.headers.get('Cache-Control')).toContain('no-store');
    expect(await response.json()).toMatchObject({ error: 'invalid_client_metadata' });
  });

  it.each([
    ['the scheme in capitals', 'HTTPS://client.example/callback'],
    ['the host in capitals', 'https://CLIENT.EXAMPLE/callback'],
    ['a leading space', ' https://client.example/callback'],
    ['a leading tab', '\thttps://client.example/callback'],
    ['a trailing space', 'https://client.example/callback '],
    ['userinfo with the attacker as host', 'https://client.example@evil.example/callback'],
    ['userinfo with the real host', 'https://evil.example@client.example/callback'],
    ['a fragment', 'https://client.example/callback#@evil.example'],
    ['an extra path segment', 'https://client.example/callback/extra'],
    ['a dot-dot path', 'https://client.example/callback/../evil'],
    ['an added query', 'https://client.example/callback?next=https://evil.example'],
    ['the real host as a subdomain', 'https://client.example.evil.example/callback'],
    ['another host', 'https://evil.example/callback'],
  ])('refuses %s at authorize, with a page and no redirect', async (_, uri) => {
    const { challenge } = pkce();
    const page = await victimBrowser.get(
      authorizeUrl(origin, client, challenge, { redirect_uri: uri }),
    );
    expectLocalRefusal(page);
    expect(heading(page.html)).toBe("This sign-in link can't be used");
    expect(page.html).not.toContain('name="handle"');
  });

  it('never sends an error to an unregistered redirect URI, even a PKCE error', async () => {
    for (const params of [
      { code_challenge: undefined },
      { code_challenge_method: 'plain' },
      { response_type: 'token' },
    ]) {
      const { challenge } = pkce();
      const url = authorizeUrl(origin, client, challenge, {
        redirect_uri: 'https://evil.example/callback',
        ...params,
      });
      expectLocalRefusal(await victimBrowser.get(url));
    }
  });

  it('answers the registered URI with the consent page (the control case)', async () => {
    const page = await victimBrowser.get(authorizeUrl(origin, client, pkce().challenge));
    expect(page.status).toBe(200);
    expect(heading(page.html)).toBe('Allow Abuse e2e to use your Polis account?');
  });
});

describe('consent', () => {
  let client: RegisteredClient;

  beforeAll(async () => {
    client = await register(origin, 'http://127.0.0.1:9/consent-callback');
  });

  it('refuses an answer posted from another site (403), then a replayed one', async () => {
    const consent = await victimBrowser.get(authorizeUrl(origin, client, pkce().challenge));
    const handle = hiddenField(consent.html, 'handle');
    const fields = { handle, scope: ['polis:read', 'polis:run'], decision: 'approve' };

    // Auto-submitted from the attacker's page, a sandboxed frame (Origin: null), or a client
    // that sends no Origin but says the request is cross-site.
    for (const forgery of [
      { from: 'https://evil.example' },
      { from: 'null' },
      { from: null, headers: { 'Sec-Fetch-Site': 'cross-site' } },
    ]) {
      const forged = await victimBrowser.post(consent.url, fields, forgery);
      expectLocalRefusal(forged, 403);
      expect(heading(forged.html)).toBe('This form came from another site');
    }

    // A captured copy of the request, cookies and all, replayed after the person approved.
    const captured = victimBrowser.fork();
    const approved = await victimBrowser.post(consent.url, fields);
    expect(approved.status).toBe(302);
    expect(new URL(approved.location!).searchParams.get('code')).toBeTruthy();

    // The handle works once.
    const replayed = await captured.post(consent.url, fields);
    expectLocalRefusal(replayed);
    expect(heading(replayed.html)).toBe('This authorization has expired');
    // From the same browser, whose page cookie the approval cleared, it reads as another
    // browser's page; either way nothing is approved.
    const again = await victimBrowser.post(consent.url, fields);
    expectLocalRefusal(again);
    expect(heading(again.html)).toBe('Started in another browser');
  });

  it('refuses the attacker’s consent page answered from the victim’s browser', async () => {
    const attackerBrowser = await signedIn(origin, attacker.api_key);
    const theirs = await attackerBrowser.get(authorizeUrl(origin, client, pkce().challenge));
    const handle = hiddenField(theirs.html, 'handle');
    const fields = { handle, scope: ['polis:read', 'polis:run'], decision: 'approve' };

    const answered = await victimBrowser.post(theirs.url, fields);
    expectLocalRefusal(answered);
    expect(heading(answered.html)).toBe('Signed in as a different account');
  });
});

describe('codes and tokens', () => {
  let alice: RegisteredClient;
  let mallory: RegisteredClient;

  beforeAll(async () => {
    alice = await register(origin, 'http://127.0.0.1:9/alice');
    mallory = await register(origin, 'http://127.0.0.1:9/mallory');
  });

  it('refuses client B redeeming client A’s code (invalid_grant); A still can', async () => {
    const verifier = pkce();
    const code = await approve(victimBrowser, alice, verifier);
    const injected = await tokenRequest(origin, {
      grant_type: 'authorization_code',
      code,
      client_id: mallory.clientId,
      redirect_uri: mallory.redirect,
      code_verifier: verifier.verifier,
      resource: `${origin}/api/mcp`,
    });
    expect(injected.status).toBe(400);
    expect(injected.body.error).toBe('invalid_grant');
    expect(injected.body.access_token).toBeUndefined();

    const own = await redeem(origin, alice, code, verifier);
    expect(own.status).toBe(200);
  });

  it('revokes what a code issued when the code is replayed (RFC 6749 §10.5)', async () => {
    const verifier = pkce();
    const code = await approve(victimBrowser, alice, verifier);
    const first = await redeem(origin, alice, code, verifier);
    expect(first.status).toBe(200);
    expect((await mcp(origin, first.body.access_token!, 'tools/list')).status).toBe(200);

    const replay = await redeem(origin, alice, code, verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await mcp(origin, first.body.access_token!, 'tools/list')).status).toBe(401);
  });

  it('rejects the old refresh token once its successor has been used', async () => {
    const verifier = pkce();
    const granted = await redeem(
      origin,
      alice,
      await approve(victimBrowser, alice, verifier),
      verifier,
    );
    const refresh = (token: string, extra: Record<string, string> = {}) =>
      tokenRequest(origin, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: alice.clientId,
        ...extra,
      });
    const r1 = granted.body.refresh_token!;
    const second = await refresh(r1);
    expect(second.status).toBe(200);
    const r2 = second.body.refresh_token!;
    expect(r2).not.toBe(r1);
    const third = await refresh(r2); // the successor is used: r1 is now dead
    expect(third.status).toBe(200);

    const reused = await refresh(r1);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    expect(reused.body.access_token).toBeUndefined();

    // A token for another resource (RFC 8707): invalid_target, and nothing issued.
    const elsewhere = await refresh(third.body.refresh_token!, {
      resource: 'http://localhost:1/api/mcp',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toBe('invalid_target');
    expect(elsewhere.body.access_token).toBeUndefined();
  });

  it('refuses a code exchange for another resource (invalid_target)', async () => {
    const verifier = pkce();
    const code = await approve(victimBrowser, alice, verifier);
    const answer = await tokenRequest(origin, {
      grant_type: 'authorization_code',
      code,
      client_id: alice.clientId,
      redirect_uri: alice.redirect,
      code_verifier: verifier.verifier,
      resource: 'https://other.example/api/mcp',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_target');
    expect(answer.body.access_token).toBeUndefined();
  });
});

describe('accounts', () => {
  it('refuses a suspended account’s key and OAuth token (401) until unsuspended', async () => {
    const held = await provision(origin, `suspended.${Date.now()}@example.com`);
    const client = await register(origin, 'http://127.0.0.1:9/suspended');
    const verifier = pkce();
    const browser = await signedIn(origin, held.api_key);
    const tokens = await redeem(origin, client, await approve(browser, client, verifier), verifier);
    const access = tokens.body.access_token!;
    expect((await mcp(origin, held.api_key, 'tools/list')).status).toBe(200);
    expect((await mcp(origin, access, 'tools/list')).status).toBe(200);

    const reason = { reason: 'e2e abuse test' };
    const suspended = await admin(
      origin,
      ADMIN_TOKEN,
      'POST',
      `/accounts/${held.account_id}/suspend`,
      reason,
    );
    expect(suspended).toEqual({
      status: 200,
      body: { account_id: held.account_id, status: 'suspended' },
    });

    for (const credential of [held.api_key, access]) {
      const refused = await mcp(origin, credential, 'tools/list');
      expect(refused.status).toBe(401);
      expect(refused.headers.get('WWW-Authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      expect(refused.result).toBeUndefined();
    }

    await admin(origin, ADMIN_TOKEN, 'POST', `/accounts/${held.account_id}/unsuspend`, reason);
    expect((await mcp(origin, held.api_key, 'tools/list')).status).toBe(200);
  });

  it('answers another account’s run and thread ids as unknown ones: not_found', async () => {
    const started = await tool(origin, victim.api_key, 'polis_test', {
      content_type: 'tweet',
      content: 'Our private launch draft: do not leak.',
      persona_count: 10,
      detail: 'snapshot',
    });
    const runId = started.payload.run_id as string;
    await settle(origin, victim.api_key, runId);
    const report = await tool(origin, victim.api_key, 'polis_report', { run_id: runId });
    const personaId = (report.payload.sampleReactions as { persona_id: string }[])[0]!.persona_id;
    const asked = await tool(origin, victim.api_key, 'polis_ask', {
      run_id: runId,
      target: 'persona',
      persona_id: personaId,
      question: 'Would you share it?',
    });
    const threadId = asked.payload.thread_id as string;

    const unknownRun = `run_${'Z'.repeat(20)}`;
    const unknownThread = `thr_${'Z'.repeat(20)}`;
    const before = (await tool(origin, attacker.api_key, 'polis_account')).payload._usage;
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['polis_status', { run_id: runId }, runId, unknownRun],
      ['polis_report', { run_id: runId }, runId, unknownRun],
      ['polis_thread', { thread_id: threadId }, threadId, unknownThread],
      [
        'polis_ask',
        { run_id: runId, target: 'persona', persona_id: personaId, question: 'Leak it?' },
        runId,
        unknownRun,
      ],
    ];
    for (const [name, args, id, unknown] of cases) {
      const theirs = await tool(origin, attacker.api_key, name, args);
      const swapped = JSON.parse(JSON.stringify(args).replaceAll(id, unknown)) as typeof args;
      const nothing = await tool(origin, attacker.api_key, name, swapped);
      expect(theirs.isError).toBe(true);
      expect(nothing.isError).toBe(true);
      expect((theirs.payload.error as { code: string }).code).toBe('not_found');
      const normalized = JSON.stringify(theirs.payload).replaceAll(id, unknown);
      expect(JSON.parse(normalized)).toEqual(nothing.payload);
    }
    // Nothing was charged for the ask on a run that is not theirs.
    expect((await tool(origin, attacker.api_key, 'polis_account')).payload._usage).toEqual(before);
  });
});

// Last: each flood uses up this minute's allowance of one door for the server's single client
// address (or, on /api/mcp, for the attacker's account).
describe('floods past each rate limit', () => {
  /**
   * Sends until a 429 comes back, `batch` requests at once, at most `max`; returns it. `max` is
   * over twice the limit, so a window that restarts mid-flood cannot make it miss.
   */
  async function flood(send: (i: number) => Promise<Response>, max: number, batch = 1) {
    for (let sent = 0; sent < max; sent += batch) {
      const answers = await Promise.all(Array.from({ length: batch }, (_, i) => send(sent + i)));
      const refused = answers.find((answer) => answer.status === 429);
      await Promise.all(answers.filter((a) => a !== refused).map((a) => a.body?.cancel()));
      if (refused) {
        expect(refused.headers.get('Retry-After')).toBe('60');
        return refused;
      }
    }
    throw new Error(`no 429 within ${max} requests`);
  }

  const FORM = 'application/x-www-form-urlencoded';

  it('provisioning: 429, Retry-After and a rate_limited JSON error', async () => {
    const refused = await flood(
      (i) =>
        fetch(`${origin}/api/provision`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: `flood.${i}.${Date.now()}@example.com` }),
        }),
      25,
    );
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('registration and token: 429, Retry-After and an OAuth error to retry later', async () => {
    const register = (i: number) => registration(origin, [`http://127.0.0.1:9/flood/${i}`]);
    const token = () =>
      fetch(`${origin}/api/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': FORM },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x:y:z' }),
      });
    for (const refused of [await flood(register, 70), await flood(token, 130)]) {
      expect(await refused.json()).toMatchObject({ error: 'temporarily_unavailable' });
    }
  });

  it('authorization and sign-in: 429, Retry-After and a page a person can read', async () => {
    const authorize = () => fetch(`${origin}/oauth/authorize`);
    const signIn = () =>
      fetch(`${origin}/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': FORM, Origin: origin },
        body: new URLSearchParams({ api_key: 'sk_live_wrong', return_to: '/app' }),
      });
    for (const refused of [await flood(authorize, 130), await flood(signIn, 130)]) {
      expect(refused.headers.get('Content-Type')).toMatch(/^text\/html/);
      expect(heading(await refused.text())).toBe('Too many requests');
    }
  });

  it('/api/mcp per account: 429 for a request, a rate_limited tool error for a call', async () => {
    const list = () =>
      fetch(`${origin}/api/mcp`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${attacker.api_key}`,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const refused = await flood(list, 1250, 25);
    expect(await refused.json()).toMatchObject({ error: { code: -32000 } });

    const call = await mcp(origin, attacker.api_key, 'tools/call', {
      name: 'polis_account',
      arguments: {},
    });
    expect(call.status).toBe(200);
    expect(call.headers.get('Retry-After')).toBe('60');
    expect(call.result).toMatchObject({
      isError: true,
      structuredContent: { error: { code: 'rate_limited' }, _usage: { plan: 'trial' } },
    });
    // Another account is not affected.
    expect((await mcp(origin, victim.api_key, 'tools/list')).status).toBe(200);
  });
});
