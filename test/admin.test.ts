// The operators' routes (SPEC §7): JSON in and out behind ADMIN_TOKEN, 404 everywhere when the
// secret is unset, and an audit row with its reason for every change.
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import {
  adminFetch,
  auditRows,
  type AuditRow,
  authorizeUrl,
  Browser,
  callTool,
  connectWithOAuth,
  listTools,
  ORIGIN,
  pkcePair,
  provision,
  uniqueEmail,
} from './helpers';

const UNAUTHORIZED = {
  error: { code: 'unauthorized', message: 'A valid admin token is required.' },
};
const REASON_REQUIRED = {
  error: {
    code: 'invalid_input',
    message: 'reason is required: say why, for the audit log',
    field: 'reason',
  },
};

/** Every admin route, with a body that would be accepted, for the blanket checks. */
const ROUTES: [method: string, path: string][] = [
  ['GET', '/admin/accounts?email=someone@example.com'],
  ['GET', '/admin/accounts/acct_unknown'],
  ['POST', '/admin/api-keys/key_unknown/revoke'],
  ['POST', '/admin/accounts/acct_unknown/connections/grant_unknown/revoke'],
  ['POST', '/admin/accounts/acct_unknown/connections/revoke'],
  ['POST', '/admin/accounts/acct_unknown/suspend'],
  ['POST', '/admin/accounts/acct_unknown/unsuspend'],
  ['POST', '/admin/accounts/acct_unknown/credit'],
  ['PATCH', '/admin/accounts/acct_unknown'],
  ['DELETE', '/admin/clients/client_unknown'],
  ['GET', '/admin'],
  ['GET', '/admin/nothing-here'],
];

function routeRequest(method: string, path: string, token?: string): Request {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const body = method === 'GET' ? undefined : JSON.stringify({ reason: 'admin test', tokens: 1 });
  return new Request(`${ORIGIN}${path}`, { method, headers, body });
}

function mutate(path: string, body: unknown = { reason: 'admin test' }, method = 'POST') {
  return adminFetch(path, { method, body: JSON.stringify(body) });
}

async function expectNotFound(response: Response): Promise<void> {
  expect(response.status).toBe(404);
  const body = await response.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe('not_found');
  expect(body.error.message).toBeTypeOf('string');
}

describe('the admin token', () => {
  it.each(ROUTES)('refuses %s %s without a token with 401', async (method, path) => {
    const response = await SELF.fetch(routeRequest(method, path));
    expect(response.status).toBe(401);
    expect(response.headers.get('Content-Type')).toContain('application/json');
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
    expect(await response.json()).toEqual(UNAUTHORIZED);
  });

  it.each([
    ['a wrong token', 'Bearer wrong-token-0123456789abcdef0123456789'],
    ['the token with one character changed', `Bearer ${env.ADMIN_TOKEN.slice(0, -1)}X`],
    ['the token as a prefix', `Bearer ${env.ADMIN_TOKEN.slice(0, 10)}`],
    ['the token under another scheme', `Basic ${env.ADMIN_TOKEN}`],
    ['the bare token', env.ADMIN_TOKEN],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 and the JSON error body', async (_label, authorization) => {
    const response = await SELF.fetch(`${ORIGIN}/admin/accounts/acct_unknown`, {
      headers: { Authorization: authorization },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(UNAUTHORIZED);
  });

  it('refuses a wrong token before reading or changing anything', async () => {
    const owner = await provision();
    const response = await SELF.fetch(`${ORIGIN}/admin/accounts/${owner.account_id}/suspend`, {
      method: 'POST',
      headers: { Authorization: 'Bearer wrong', 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'should not happen' }),
    });
    expect(response.status).toBe(401);
    expect((await callTool(owner.api_key, 'polis_account')).data.status).toBe('active');
    expect(await auditRows(owner.account_id)).toHaveLength(1); // account.create only
  });
});

describe('with ADMIN_TOKEN unset', () => {
  async function fetchWithoutAdminToken(request: Request): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await worker.fetch(request, { ...env, ADMIN_TOKEN: undefined } as never, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  it.each(ROUTES)('answers %s %s with 404 and no token', async (method, path) => {
    await expectNotFound(await fetchWithoutAdminToken(routeRequest(method, path)));
  });

  it.each(ROUTES)('answers %s %s with 404 even with the usual token', async (method, path) => {
    const request = routeRequest(method, path, env.ADMIN_TOKEN);
    await expectNotFound(await fetchWithoutAdminToken(request));
  });

  it('answers 404 when ADMIN_TOKEN is the empty string', async () => {
    const ctx = createExecutionContext();
    const request = routeRequest('GET', '/admin/accounts/acct_unknown', '');
    const response = await worker.fetch(request, { ...env, ADMIN_TOKEN: '' } as never, ctx);
    await waitOnExecutionContext(ctx);
    await expectNotFound(response);
  });
});

describe('finding an account', () => {
  it('finds an account by email, whatever its case', async () => {
    const owner = await provision();
    const response = await adminFetch(
      `/accounts?email=${encodeURIComponent(owner.email.toUpperCase())}`,
    );
    expect(response.status).toBe(200);
    const body = await response.json<{ accounts: any[] }>();
    expect(body.accounts).toHaveLength(1);
    expect(body.accounts[0]).toEqual({
      id: owner.account_id,
      email: owner.email,
      plan: 'trial',
      status: 'active',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('answers 404 for an email without an account', async () => {
    const response = await adminFetch(`/accounts?email=${encodeURIComponent(uniqueEmail())}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No account has this email.', field: 'email' },
    });
  });

  it.each([
    ['an invalid email', '/accounts?email=not-an-email'],
    ['an empty email', '/accounts?email='],
    ['no email', '/accounts'],
  ])('answers %s with 400 naming the field email', async (_label, path) => {
    const response = await adminFetch(path);
    expect(response.status).toBe(400);
    const body = await response.json<{ error: Record<string, string> }>();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.field).toBe('email');
    expect(body.error.message).toBeTypeOf('string');
  });
});

describe('an account in detail', () => {
  it('lists its keys by id and prefix, without any hash, and its connections', async () => {
    const owner = await provision();
    const { client } = await connectWithOAuth(owner.api_key);
    const response = await adminFetch(`/accounts/${owner.account_id}`);
    expect(response.status).toBe(200);
    const body = await response.json<any>();

    expect(body.account).toMatchObject({ id: owner.account_id, email: owner.email });
    expect(body.api_keys).toHaveLength(1);
    const [key] = body.api_keys;
    expect(Object.keys(key).sort()).toEqual([
      'created_at',
      'id',
      'last_used_at',
      'prefix',
      'revoked_at',
    ]);
    expect(key.id).toBe(owner.api_key_id);
    expect(key.prefix).toBe(owner.api_key.slice(0, 12));
    expect(key.revoked_at).toBeNull();

    const stored = await env.DB.prepare('SELECT key_hash FROM api_keys WHERE id = ?')
      .bind(owner.api_key_id)
      .first<{ key_hash: string }>();
    const text = JSON.stringify(body);
    expect(text).not.toContain(stored!.key_hash);
    expect(text).not.toContain(owner.api_key);

    expect(body.connections).toHaveLength(1);
    expect(body.connections[0]).toMatchObject({
      client_id: client.client_id,
      client_name: 'Test Connector',
      grant_id: expect.any(String),
    });
  });

  it('answers 404 for an unknown account id', async () => {
    const response = await adminFetch('/accounts/acct_doesnotexist0000000');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No account has this id.' },
    });
  });
});

describe('mutations', () => {
  it.each([
    ['POST', '/api-keys/key_x/revoke'],
    ['POST', '/accounts/acct_x/connections/grant_x/revoke'],
    ['POST', '/accounts/acct_x/connections/revoke'],
    ['POST', '/accounts/acct_x/suspend'],
    ['POST', '/accounts/acct_x/unsuspend'],
    ['DELETE', '/clients/client_x'],
  ])('refuses %s %s without a reason with 400 naming the field reason', async (method, path) => {
    for (const body of [undefined, '{}', JSON.stringify({ reason: 42 })]) {
      const response = await adminFetch(path, { method, body });
      expect(response.status).toBe(400);
      const error = (await response.json<{ error: Record<string, string> }>()).error;
      expect(error.code).toBe('invalid_input');
      expect(error.field).toBe('reason');
    }
    const response = await adminFetch(path, { method, body: '{}' });
    expect(await response.json()).toEqual(REASON_REQUIRED);
  });

  it('refuses an empty reason', async () => {
    const response = await mutate('/accounts/acct_x/suspend', { reason: '   ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_input', message: 'reason must not be empty', field: 'reason' },
    });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await adminFetch('/accounts/acct_x/suspend', {
      method: 'POST',
      body: 'reason=because',
    });
    expect(response.status).toBe(400);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe('invalid_input');
  });

  it('changes nothing when the reason is missing', async () => {
    const owner = await provision();
    const response = await adminFetch(`/accounts/${owner.account_id}/suspend`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect((await listTools(owner.api_key)).status).toBe(200);
  });

  it('writes an audit row for each change, with actor, action, target and reason', async () => {
    const owner = await provision();
    const { client } = await connectWithOAuth(owner.api_key);
    const details = await (await adminFetch(`/accounts/${owner.account_id}`)).json<any>();
    const grantId = details.connections[0].grant_id;

    expect((await mutate(`/accounts/${owner.account_id}/suspend`, { reason: 'r1' })).status).toBe(
      200,
    );
    expect((await mutate(`/accounts/${owner.account_id}/unsuspend`, { reason: 'r2' })).status).toBe(
      200,
    );
    expect(
      (
        await mutate(`/accounts/${owner.account_id}/connections/${grantId}/revoke`, {
          reason: 'r3',
        })
      ).status,
    ).toBe(200);
    expect(
      (await mutate(`/accounts/${owner.account_id}/connections/revoke`, { reason: 'r4' })).status,
    ).toBe(200);
    expect((await mutate(`/api-keys/${owner.api_key_id}/revoke`, { reason: 'r5' })).status).toBe(
      200,
    );
    expect((await mutate(`/clients/${client.client_id}`, { reason: 'r6' }, 'DELETE')).status).toBe(
      200,
    );

    const pick = ({ actor, action, target, reason }: AuditRow) => ({
      actor,
      action,
      target,
      reason,
    });
    const onAccount = (await auditRows(owner.account_id)).filter((row) => row.actor === 'admin');
    expect(onAccount.map(pick)).toEqual([
      { actor: 'admin', action: 'account.suspend', target: owner.account_id, reason: 'r1' },
      { actor: 'admin', action: 'account.unsuspend', target: owner.account_id, reason: 'r2' },
      {
        actor: 'admin',
        action: 'connection.revoke_all',
        target: owner.account_id,
        reason: 'r4',
      },
    ]);
    expect((await auditRows(grantId)).map(pick)).toEqual([
      { actor: 'admin', action: 'connection.revoke', target: grantId, reason: 'r3' },
    ]);
    expect((await auditRows(owner.api_key_id)).map(pick)).toEqual([
      { actor: 'admin', action: 'api_key.revoke', target: owner.api_key_id, reason: 'r5' },
    ]);
    expect((await auditRows(client.client_id)).map(pick)).toEqual([
      { actor: 'admin', action: 'client.delete', target: client.client_id, reason: 'r6' },
    ]);
    for (const row of await auditRows(owner.api_key_id)) {
      expect(row.at).toBeGreaterThan(0);
      expect(row.detail ?? '').not.toContain(owner.api_key);
    }
  });

  it('writes no audit row for a refused change', async () => {
    const owner = await provision();
    const before = await auditRows(owner.account_id);
    await adminFetch(`/accounts/${owner.account_id}/suspend`, { method: 'POST', body: '{}' });
    expect(await auditRows(owner.account_id)).toEqual(before);
  });
});

describe('404 for unknown ids', () => {
  it.each([
    ['POST', '/api-keys/key_unknown0000000000000/revoke', 'No API key has this id.'],
    [
      'POST',
      '/accounts/acct_unknown000000000000/connections/grant_x/revoke',
      'No account has this id.',
    ],
    ['POST', '/accounts/acct_unknown000000000000/connections/revoke', 'No account has this id.'],
    ['POST', '/accounts/acct_unknown000000000000/suspend', 'No account has this id.'],
    ['POST', '/accounts/acct_unknown000000000000/unsuspend', 'No account has this id.'],
    ['DELETE', '/clients/client_unknown', 'No registered client has this id.'],
  ])('answers %s %s with 404', async (method, path, message) => {
    const response = await mutate(path, { reason: 'admin test' }, method);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message } });
  });

  it('answers 404 for a grant the account does not have, even one of another account', async () => {
    const [owner, other] = await Promise.all([provision(), provision()]);
    await connectWithOAuth(other.api_key);
    const { connections } = await (await adminFetch(`/accounts/${other.account_id}`)).json<any>();
    const foreignGrant = connections[0].grant_id;

    const response = await mutate(
      `/accounts/${owner.account_id}/connections/${foreignGrant}/revoke`,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'This account has no connection with this grant id.',
      },
    });
    const still = await (await adminFetch(`/accounts/${other.account_id}`)).json<any>();
    expect(still.connections).toHaveLength(1);
  });
});

describe('revoking connections', () => {
  it("revokes every connection of the account, and not another account's", async () => {
    const [owner, other] = await Promise.all([provision(), provision()]);
    const first = await connectWithOAuth(owner.api_key);
    const second = await connectWithOAuth(owner.api_key);
    const bystander = await connectWithOAuth(other.api_key);
    expect((await listTools(first.tokens.access_token)).status).toBe(200);
    expect((await listTools(second.tokens.access_token)).status).toBe(200);

    const response = await mutate(`/accounts/${owner.account_id}/connections/revoke`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ account_id: owner.account_id, revoked: 2 });

    expect((await listTools(first.tokens.access_token)).status).toBe(401);
    expect((await listTools(second.tokens.access_token)).status).toBe(401);
    expect((await listTools(bystander.tokens.access_token)).status).toBe(200);
    // The API key is not a connection.
    expect((await listTools(owner.api_key)).status).toBe(200);

    const details = await (await adminFetch(`/accounts/${owner.account_id}`)).json<any>();
    expect(details.connections).toEqual([]);
  });

  it('revokes one connection and leaves the others', async () => {
    const owner = await provision();
    const first = await connectWithOAuth(owner.api_key);
    const second = await connectWithOAuth(owner.api_key);
    const { connections } = await (await adminFetch(`/accounts/${owner.account_id}`)).json<any>();
    const target = connections.find((c: any) => c.client_id === first.client.client_id);

    const response = await mutate(
      `/accounts/${owner.account_id}/connections/${target.grant_id}/revoke`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      account_id: owner.account_id,
      grant_id: target.grant_id,
      revoked: true,
    });
    expect((await listTools(first.tokens.access_token)).status).toBe(401);
    expect((await listTools(second.tokens.access_token)).status).toBe(200);
  });
});

describe('deleting a registered client', () => {
  it('stops its tokens and refuses a new authorization with it', async () => {
    const owner = await provision();
    const { tokens, client, browser } = await connectWithOAuth(owner.api_key);
    expect((await listTools(tokens.access_token)).status).toBe(200);

    const response = await mutate(
      `/clients/${client.client_id}`,
      { reason: 'malicious' },
      'DELETE',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ client_id: client.client_id, deleted: true });

    expect((await listTools(tokens.access_token)).status).toBe(401);
    const { challenge } = await pkcePair();
    const authorize = await browser.fetch(authorizeUrl(client, { challenge }));
    expect(authorize.status).toBe(400);
    expect(authorize.headers.get('Location')).toBeNull(); // never redirected to the client
    expect(await authorize.text()).not.toContain('name="handle"');

    const again = await mutate(`/clients/${client.client_id}`, { reason: 'again' }, 'DELETE');
    expect(again.status).toBe(404);
  });

  it('leaves other clients working', async () => {
    const owner = await provision();
    const doomed = await connectWithOAuth(owner.api_key);
    const kept = await connectWithOAuth(owner.api_key, { browser: new Browser() });
    await mutate(`/clients/${doomed.client.client_id}`, { reason: 'cleanup' }, 'DELETE');
    expect((await listTools(kept.tokens.access_token)).status).toBe(200);
  });
});

describe('billing changes', () => {
  // The credit and plan routes belong to the billing work; these pin only what every admin
  // mutation promises: a reason, an audit row, and 404 for an unknown account.
  it.each([
    ['POST', 'credit', { tokens: 100 }],
    ['PATCH', '', { cap_usd: 10 }],
  ])(
    'refuses %s …/%s without a reason with 400 naming the field reason',
    async (method, path, body) => {
      const owner = await provision();
      const suffix = path ? `/${path}` : '';
      const response = await mutate(`/accounts/${owner.account_id}${suffix}`, body, method);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(REASON_REQUIRED);
      expect((await auditRows(owner.account_id)).filter((row) => row.actor === 'admin')).toEqual(
        [],
      );
    },
  );

  it('credits tokens with a reason and audits it', async () => {
    const owner = await provision();
    const response = await mutate(`/accounts/${owner.account_id}/credit`, {
      tokens: 500,
      reason: 'goodwill',
    });
    expect(response.status).toBe(200);
    const rows = (await auditRows(owner.account_id)).filter((row) => row.actor === 'admin');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: 'admin',
      action: 'account.credit',
      target: owner.account_id,
      reason: 'goodwill',
    });
  });

  it('sets the spend cap with a reason and audits it', async () => {
    const owner = await provision();
    const response = await mutate(
      `/accounts/${owner.account_id}`,
      { cap_usd: 50, reason: 'asked for more headroom' },
      'PATCH',
    );
    expect(response.status).toBe(200);
    const rows = (await auditRows(owner.account_id)).filter((row) => row.actor === 'admin');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: 'admin',
      target: owner.account_id,
      reason: 'asked for more headroom',
    });
  });

  it.each([
    ['POST', '/accounts/acct_unknown000000000000/credit', { tokens: 1, reason: 'x' }],
    ['PATCH', '/accounts/acct_unknown000000000000', { cap_usd: 1, reason: 'x' }],
  ])('answers %s %s for an unknown account with 404', async (method, path, body) => {
    const response = await mutate(path, body, method);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No account has this id.' },
    });
  });
});
