// /app (SPEC §7): the account, usage, connected apps and API keys with Revoke (one's own only),
// key creation shown once, and the forms' CSRF protection.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  callTool,
  connectWithOAuth,
  eventually,
  listTools,
  ORIGIN,
  provision,
  registerClient,
} from '../helpers';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { expectPageHeaders, Person, watchLog } from './people';

let logged: ReturnType<typeof watchLog>;
beforeEach(() => {
  logged = watchLog();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A provisioned account and a browser signed in to it. */
async function signedIn() {
  const owner = await provision();
  const person = new Person();
  expect((await person.signIn(owner.api_key)).status).toBe(303);
  return { owner, person };
}

async function appPage(person: Person, path = '/app'): Promise<string> {
  const response = await person.fetch(`${ORIGIN}${path}`);
  expect(response.status).toBe(200);
  expectPageHeaders(response);
  return response.text();
}

describe('the account page', () => {
  it('shows the email, plan, usage and recent ledger rows', async () => {
    const { owner, person } = await signedIn();
    const page = await appPage(person);
    expect(page).toContain(owner.email);
    expect(page).toContain('Free trial plan');
    expect(page).toContain('Included tokens left');
    expect(page).toContain('1,000');
    expect(page).toContain('Trial tokens');
    expect(page).toContain('+1,000');
    expect(page).toContain('<button type="submit" class="link">Sign out</button>');
  });

  it('shows no billing links while payments are not configured', async () => {
    const { person } = await signedIn();
    const page = await appPage(person);
    expect(page).not.toContain('/app/billing/subscribe');
    expect(page).not.toContain('/pay/');
  });

  it('shows plan and token-pack links once payments are configured', async () => {
    const owner = await provision();
    const signedIn = await new Person().signIn(owner.api_key);
    const cookie = signedIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const ctx = createExecutionContext();
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    const response = await worker.fetch(
      new Request(`${ORIGIN}/app`, { headers: { Cookie: cookie } }),
      { ...env, ...stripe } as unknown as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const page = await response.text();
    expect(page).toContain('<h2 id="billing">Billing</h2>');
    expect(page).toContain('href="http://localhost:8787/app/billing/subscribe?plan=pro"');
    expect(page).toMatch(/href="http:\/\/localhost:8787\/pay\/small\?account=/);
  });

  it('lists connected apps with when they were authorized and last used', async () => {
    const { owner, person } = await signedIn();
    expect(await appPage(person)).toContain('No apps are connected');
    const { tokens } = await connectWithOAuth(owner.api_key, { scopes: ['polis:read'] });
    let page = await appPage(person);
    expect(page).toContain('<strong>Test Connector</strong>');
    expect(page).toContain('read only');
    expect(page).toMatch(/Authorized \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC · Last used\s+never/);

    await callTool(tokens.access_token, 'polis_account');
    const grantId = tokens.access_token.split(':')[1]!;
    await eventually(() =>
      env.DB.prepare('SELECT last_used_at FROM connection_usage WHERE grant_id = ?')
        .bind(grantId)
        .first(),
    );
    page = await appPage(person);
    const row = /Test Connector<\/strong>[\s\S]*?Last used\s+([^<]+)</.exec(page)!;
    expect(row[1]).toMatch(/^\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC$/);
  });

  it('renders markup in a connected app name inert', async () => {
    const { owner, person } = await signedIn();
    const client = await registerClient({ client_name: '<script>alert("x")</script>' });
    await connectWithOAuth(owner.api_key, { client });
    const page = await appPage(person);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('pages that do not exist', () => {
  it('answer a person with a page, and the API with JSON', async () => {
    const page = await new Person().fetch(`${ORIGIN}/app/nowhere`);
    expect(page.status).toBe(404);
    expectPageHeaders(page);
    expect(await page.text()).toContain('There is no page at this address.');
    const api = await new Person().fetch(`${ORIGIN}/api/nowhere`);
    expect(api.status).toBe(404);
    expect(api.headers.get('Content-Type')).toContain('application/json');
  });
});

describe('revoking a connection', () => {
  it('stops its tokens at once', async () => {
    const { owner, person } = await signedIn();
    const { tokens } = await connectWithOAuth(owner.api_key);
    const grantId = tokens.access_token.split(':')[1]!;
    expect(await appPage(person)).toContain(`/app/connections/${grantId}/revoke`);

    const revoked = await person.postForm(`${ORIGIN}/app/connections/${grantId}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('Location')).toBe('/app?done=connection_revoked');
    expect((await listTools(tokens.access_token)).status).toBe(401);
    const page = await appPage(person, revoked.headers.get('Location')!);
    expect(page).toContain('The app was disconnected');
    expect(page).not.toContain(grantId);
  });

  it("refuses to revoke another account's connection", async () => {
    const { person } = await signedIn();
    const other = await provision();
    const { tokens } = await connectWithOAuth(other.api_key);
    const grantId = tokens.access_token.split(':')[1]!;
    const refused = await person.postForm(`${ORIGIN}/app/connections/${grantId}/revoke`, {});
    expect(refused.status).toBe(404);
    expectPageHeaders(refused);
    expect(await refused.text()).toContain('That app is not connected to your account');
    expect((await listTools(tokens.access_token)).status).toBe(200);
  });

  it('refuses a revocation posted from another site', async () => {
    const { owner, person } = await signedIn();
    const { tokens } = await connectWithOAuth(owner.api_key);
    const grantId = tokens.access_token.split(':')[1]!;
    const forged = await person.postForm(
      `${ORIGIN}/app/connections/${grantId}/revoke`,
      {},
      { Origin: 'https://evil.example.com' },
    );
    expect(forged.status).toBe(403);
    expect((await listTools(tokens.access_token)).status).toBe(200);
  });

  it('refuses when signed out', async () => {
    const owner = await provision();
    const { tokens } = await connectWithOAuth(owner.api_key);
    const grantId = tokens.access_token.split(':')[1]!;
    const response = await new Person().postForm(`${ORIGIN}/app/connections/${grantId}/revoke`, {});
    expect(response.status).toBe(401);
    expect((await listTools(tokens.access_token)).status).toBe(200);
  });
});

describe('API keys', () => {
  it('creates a key shown once, which works, and lists only its prefix afterwards', async () => {
    const { person } = await signedIn();
    const created = await person.postForm(`${ORIGIN}/app/api-keys`, {});
    expect(created.status).toBe(201);
    expectPageHeaders(created);
    const page = await created.text();
    const key = /value="(sk_live_[0-9A-Za-z]+)"/.exec(page)![1]!;
    expect(page).toContain('this is the only time Polis shows it');
    expect((await callTool(key, 'polis_account')).isError).toBe(false);

    const app = await appPage(person);
    expect(app).not.toContain(key);
    expect(app).toContain(`<code>${key.slice(0, 12)}…</code>`);
    expect(JSON.stringify(logged.mock.calls)).not.toContain(key);
  });

  it('revokes its own key, which stops working at once', async () => {
    const { owner, person } = await signedIn();
    expect(await appPage(person)).toContain(`/app/api-keys/${owner.api_key_id}/revoke`);
    const revoked = await person.postForm(`${ORIGIN}/app/api-keys/${owner.api_key_id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect((await listTools(owner.api_key)).status).toBe(401);
    const page = await appPage(person, revoked.headers.get('Location')!);
    expect(page).toContain('The API key was revoked');
    expect(page).toContain('1 revoked key');
    const audit = await env.DB.prepare('SELECT actor FROM audit_log WHERE target = ?')
      .bind(owner.api_key_id)
      .first<{ actor: string }>();
    expect(audit?.actor).toBe(`account:${owner.account_id}`);
  });

  it("refuses to revoke another account's key", async () => {
    const { person } = await signedIn();
    const other = await provision();
    const refused = await person.postForm(`${ORIGIN}/app/api-keys/${other.api_key_id}/revoke`, {});
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('Your account has no such API key');
    expect((await listTools(other.api_key)).status).toBe(200);
  });

  it('refuses a key creation posted from another site', async () => {
    const { owner, person } = await signedIn();
    const forged = await person.postForm(
      `${ORIGIN}/app/api-keys`,
      {},
      { Origin: 'https://evil.example.com' },
    );
    expect(forged.status).toBe(403);
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE account_id = ?')
      .bind(owner.account_id)
      .first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it('caps the live keys of an account', async () => {
    const { person } = await signedIn();
    for (let i = 1; i < 20; i += 1) {
      expect((await person.postForm(`${ORIGIN}/app/api-keys`, {})).status).toBe(201);
    }
    const refused = await person.postForm(`${ORIGIN}/app/api-keys`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Revoke a key you no longer use');
  });
});
