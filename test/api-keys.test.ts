// API keys at /api/mcp (SPEC §2.1): the journey from provisioning to revocation, how keys are
// stored, the coarse "last used" stamp, and what suspending an account does to its credentials.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  adminFetch,
  callTool,
  connectWithOAuth,
  eventually,
  listTools,
  ORIGIN,
  provision,
  rpc,
  sleep,
} from './helpers';

const RESOURCE_METADATA = `${ORIGIN}/.well-known/oauth-protected-resource/api/mcp`;
const HOUR_MS = 60 * 60 * 1000;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function lastUsedAt(apiKeyId: string): Promise<number | null> {
  const row = await env.DB.prepare('SELECT last_used_at FROM api_keys WHERE id = ?')
    .bind(apiKeyId)
    .first<{ last_used_at: number | null }>();
  return row!.last_used_at;
}

function adminPost(path: string, reason = 'api-keys test'): Promise<Response> {
  return adminFetch(path, { method: 'POST', body: JSON.stringify({ reason }) });
}

async function expectInvalidToken(response: Response): Promise<unknown> {
  expect(response.status).toBe(401);
  const challenge = response.headers.get('WWW-Authenticate')!;
  expect(challenge).toMatch(/^Bearer /);
  expect(challenge).toContain('error="invalid_token"');
  expect(challenge).toContain(`resource_metadata="${RESOURCE_METADATA}"`);
  const body = await response.json<{ error: string }>();
  expect(body.error).toBe('invalid_token');
  return body;
}

describe('the API-key journey', () => {
  it('works from provisioning until an admin revokes the key, then fails at once', async () => {
    const owner = await provision();

    const init = await rpc(owner.api_key, 'initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'api-key-test', version: '1.0.0' },
    });
    expect(init.result.serverInfo.name).toBe('polis');
    const list = await rpc(owner.api_key, 'tools/list');
    expect(list.result.tools).toHaveLength(8);
    const account = await callTool(owner.api_key, 'polis_account');
    expect(account.isError).toBe(false);
    expect(account.data.account_id).toBe(owner.account_id);
    expect(account.data.email).toBe(owner.email);

    const revoke = await adminPost(`/api-keys/${owner.api_key_id}/revoke`, 'leaked in a log');
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toEqual({
      api_key_id: owner.api_key_id,
      revoked: true,
      already_revoked: false,
    });

    await expectInvalidToken(await listTools(owner.api_key));
  });

  it('reports a second revocation of the same key as already revoked', async () => {
    const owner = await provision();
    expect((await adminPost(`/api-keys/${owner.api_key_id}/revoke`)).status).toBe(200);
    const again = await adminPost(`/api-keys/${owner.api_key_id}/revoke`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({
      api_key_id: owner.api_key_id,
      revoked: true,
      already_revoked: true,
    });
  });

  it('gives an unknown, a malformed and a revoked key the same 401 body', async () => {
    const revoked = await provision();
    await adminPost(`/api-keys/${revoked.api_key_id}/revoke`);
    const unknown = 'sk_live_' + 'A'.repeat(40);
    const malformed = 'sk_live_short!';

    const responses = await Promise.all([unknown, malformed, revoked.api_key].map(listTools));
    const bodies = await Promise.all(responses.map(expectInvalidToken));
    expect(bodies[0]).toEqual({
      error: 'invalid_token',
      error_description: 'Invalid access token',
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    const challenges = responses.map((response) => response.headers.get('WWW-Authenticate'));
    expect(challenges[1]).toBe(challenges[0]);
    expect(challenges[2]).toBe(challenges[0]);
  });
});

describe('how a key is made and stored', () => {
  it('is sk_live_ followed by at least 32 base62 characters', async () => {
    const { api_key } = await provision();
    expect(api_key).toMatch(/^sk_live_[0-9A-Za-z]{32,}$/);
  });

  it('stores only a SHA-256 hash and a display prefix of sk_live_ plus 4 characters', async () => {
    const owner = await provision();
    const row = await env.DB.prepare('SELECT * FROM api_keys WHERE id = ?')
      .bind(owner.api_key_id)
      .first<Record<string, unknown>>();
    expect(row).not.toBeNull();
    expect(row!.account_id).toBe(owner.account_id);
    expect(row!.key_hash).toBe(await sha256Hex(owner.api_key));
    expect(row!.prefix).toBe(owner.api_key.slice(0, 12));
    expect(row!.prefix).toMatch(/^sk_live_[0-9A-Za-z]{4}$/);

    // The key's secret part appears in no column of any key row.
    const secret = owner.api_key.slice(12);
    const { results } = await env.DB.prepare('SELECT * FROM api_keys').all();
    expect(JSON.stringify(results)).not.toContain(secret);
    const audit = await env.DB.prepare('SELECT * FROM audit_log').all();
    expect(JSON.stringify(audit.results)).not.toContain(secret);
  });

  it('mints a different key for every account', async () => {
    const [a, b] = await Promise.all([provision(), provision()]);
    expect(a.api_key).not.toBe(b.api_key);
    expect(a.api_key_id).not.toBe(b.api_key_id);
  });
});

describe('last used', () => {
  it('is empty until the key is first used, then set by a deferred write', async () => {
    const owner = await provision();
    expect(await lastUsedAt(owner.api_key_id)).toBeNull();

    const before = Date.now();
    expect((await listTools(owner.api_key)).status).toBe(200);
    const stamped = await eventually(() => lastUsedAt(owner.api_key_id));
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });

  it('is not rewritten by a second call within the hour', async () => {
    const owner = await provision();
    expect((await listTools(owner.api_key)).status).toBe(200);
    const first = await eventually(() => lastUsedAt(owner.api_key_id));

    await sleep(5);
    expect((await listTools(owner.api_key)).status).toBe(200);
    await sleep(200); // room for a deferred write, were one made
    expect(await lastUsedAt(owner.api_key_id)).toBe(first);
  });

  it('is refreshed once the stored stamp is more than an hour old', async () => {
    const owner = await provision();
    const recent = Date.now() - HOUR_MS / 2;
    await env.DB.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?')
      .bind(recent, owner.api_key_id)
      .run();
    expect((await listTools(owner.api_key)).status).toBe(200);
    await sleep(200);
    expect(await lastUsedAt(owner.api_key_id)).toBe(recent);

    const stale = Date.now() - HOUR_MS - 1000;
    await env.DB.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?')
      .bind(stale, owner.api_key_id)
      .run();
    const before = Date.now();
    expect((await listTools(owner.api_key)).status).toBe(200);
    const refreshed = await eventually(async () => {
      const value = await lastUsedAt(owner.api_key_id);
      return value !== stale ? value : null;
    });
    expect(refreshed).toBeGreaterThanOrEqual(before);
  });
});

describe('a suspended account', () => {
  it('loses its API key and OAuth tokens until it is unsuspended', async () => {
    const owner = await provision();
    const { tokens } = await connectWithOAuth(owner.api_key);
    expect((await listTools(owner.api_key)).status).toBe(200);
    expect((await listTools(tokens.access_token)).status).toBe(200);

    const suspend = await adminPost(`/accounts/${owner.account_id}/suspend`, 'abuse report');
    expect(suspend.status).toBe(200);
    expect(await suspend.json()).toEqual({ account_id: owner.account_id, status: 'suspended' });

    await expectInvalidToken(await listTools(owner.api_key));
    await expectInvalidToken(await listTools(tokens.access_token));

    const unsuspend = await adminPost(`/accounts/${owner.account_id}/unsuspend`, 'resolved');
    expect(unsuspend.status).toBe(200);
    expect(await unsuspend.json()).toEqual({ account_id: owner.account_id, status: 'active' });

    const viaKey = await callTool(owner.api_key, 'polis_account');
    expect(viaKey.isError).toBe(false);
    expect(viaKey.data.status).toBe('active');
    const viaOAuth = await callTool(tokens.access_token, 'polis_account');
    expect(viaOAuth.isError).toBe(false);
    expect(viaOAuth.data.account_id).toBe(owner.account_id);
  });

  it('does not affect another account', async () => {
    const [suspended, bystander] = await Promise.all([provision(), provision()]);
    expect((await adminPost(`/accounts/${suspended.account_id}/suspend`)).status).toBe(200);
    expect((await listTools(suspended.api_key)).status).toBe(401);
    expect((await listTools(bystander.api_key)).status).toBe(200);
  });
});
