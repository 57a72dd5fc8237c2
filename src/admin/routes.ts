// /admin/... (SPEC §7): operators' JSON routes behind the ADMIN_TOKEN bearer secret. With the
// secret unset every path answers 404, as if the routes did not exist. Every change writes an
// audit row with its reason and takes effect on the next request (D1 is read on every call).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { emailSchema } from '../accounts/service';
import { readConfig } from '../config';
import type { Env } from '../env';
import { constantTimeEqual } from '../lib/crypto';
import { issueField, jsonError, readJsonBody } from '../lib/json-errors';
import { log } from '../lib/log';
import { listConnections, revokeAllConnections, revokeConnection } from '../oauth/connections';
import {
  findAccount,
  findAccountByEmail,
  findApiKey,
  listApiKeys,
  revokeApiKey,
  setAccountStatus,
} from '../storage/accounts';
import { insertAudit } from '../storage/audit';
import { registerBillingRoutes } from './billing';

type AdminEnv = { Bindings: Env };
type Ctx = Context<AdminEnv>;

const reasonBody = z.object({
  reason: z
    .string({ error: 'reason is required: say why, for the audit log' })
    .trim()
    .min(1, 'reason must not be empty')
    .max(500, 'reason must be at most 500 characters'),
});

export const admin = new Hono<AdminEnv>();

admin.use('*', async (c, next) => {
  const { adminToken } = readConfig(c.env);
  if (!adminToken) return c.notFound();
  const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
  if (!(await constantTimeEqual(presented, adminToken))) {
    return jsonError(401, 'unauthorized', 'A valid admin token is required.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="polis-admin"' },
    });
  }
  await next();
});

admin.get('/accounts', async (c) => {
  const email = emailSchema.safeParse(c.req.query('email') ?? '');
  if (!email.success)
    return jsonError(400, 'invalid_input', email.error.issues[0]!.message, { field: 'email' });
  const account = await findAccountByEmail(c.env.DB, email.data);
  if (!account)
    return jsonError(404, 'not_found', 'No account has this email.', { field: 'email' });
  return c.json({ accounts: [accountJson(account)] });
});

admin.get('/accounts/:id', async (c) => {
  const account = await findAccount(c.env.DB, c.req.param('id'));
  if (!account) return accountNotFound();
  const [keys, connections] = await Promise.all([
    listApiKeys(c.env.DB, account.id),
    listConnections(c.env.OAUTH_PROVIDER, account.id),
  ]);
  return c.json({
    account: accountJson(account),
    api_keys: keys.map((key) => ({
      id: key.id,
      prefix: key.prefix,
      created_at: iso(key.created_at),
      last_used_at: iso(key.last_used_at),
      revoked_at: iso(key.revoked_at),
    })),
    connections,
  });
});

admin.post('/api-keys/:id/revoke', async (c) => {
  const reason = await readReason(c);
  if (reason instanceof Response) return reason;
  const key = await findApiKey(c.env.DB, c.req.param('id'));
  if (!key) return jsonError(404, 'not_found', 'No API key has this id.');
  const revoked = await revokeApiKey(c.env.DB, key.id, Date.now());
  await audit(c, 'api_key.revoke', key.id, reason, {
    account_id: key.account_id,
    already: !revoked,
  });
  return c.json({ api_key_id: key.id, revoked: true, already_revoked: !revoked });
});

admin.post('/accounts/:id/connections/:grantId/revoke', async (c) => {
  const reason = await readReason(c);
  if (reason instanceof Response) return reason;
  const account = await findAccount(c.env.DB, c.req.param('id'));
  if (!account) return accountNotFound();
  const grantId = c.req.param('grantId');
  if (!(await revokeConnection(c.env.OAUTH_PROVIDER, account.id, grantId))) {
    return jsonError(404, 'not_found', 'This account has no connection with this grant id.');
  }
  await audit(c, 'connection.revoke', grantId, reason, { account_id: account.id });
  return c.json({ account_id: account.id, grant_id: grantId, revoked: true });
});

admin.post('/accounts/:id/connections/revoke', async (c) => {
  const reason = await readReason(c);
  if (reason instanceof Response) return reason;
  const account = await findAccount(c.env.DB, c.req.param('id'));
  if (!account) return accountNotFound();
  const count = await revokeAllConnections(c.env.OAUTH_PROVIDER, account.id);
  await audit(c, 'connection.revoke_all', account.id, reason, { count });
  return c.json({ account_id: account.id, revoked: count });
});

for (const [action, status] of [
  ['suspend', 'suspended'],
  ['unsuspend', 'active'],
] as const) {
  admin.post(`/accounts/:id/${action}`, async (c) => {
    const reason = await readReason(c);
    if (reason instanceof Response) return reason;
    const id = c.req.param('id');
    if (!(await setAccountStatus(c.env.DB, id, status))) return accountNotFound();
    await audit(c, `account.${action}`, id, reason);
    return c.json({ account_id: id, status });
  });
}

admin.delete('/clients/:clientId', async (c) => {
  const reason = await readReason(c);
  if (reason instanceof Response) return reason;
  const clientId = c.req.param('clientId');
  const client = await c.env.OAUTH_PROVIDER.lookupClient(clientId).catch(() => null);
  if (!client) return jsonError(404, 'not_found', 'No registered client has this id.');
  await c.env.OAUTH_PROVIDER.deleteClient(clientId); // revokes its grants and tokens too
  await audit(c, 'client.delete', clientId, reason, { client_name: client.clientName ?? null });
  return c.json({ client_id: clientId, deleted: true });
});

async function readReason(c: Ctx): Promise<string | Response> {
  const body = await readJsonBody(c.req.raw, 8 * 1024);
  if (!body.ok) return body.response;
  const parsed = reasonBody.safeParse(body.value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return jsonError(400, 'invalid_input', issue.message, { field: issueField(issue) ?? 'reason' });
  }
  return parsed.data.reason;
}

async function audit(
  c: Ctx,
  action: string,
  target: string,
  reason: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await insertAudit(c.env.DB, { actor: 'admin', action, target, reason, detail }).run();
  log('info', 'admin.action', { action, target });
}

function accountNotFound(): Response {
  return jsonError(404, 'not_found', 'No account has this id.');
}

function accountJson(account: {
  id: string;
  email: string;
  plan: string;
  status: string;
  created_at: number;
}) {
  return {
    id: account.id,
    email: account.email,
    plan: account.plan,
    status: account.status,
    created_at: iso(account.created_at),
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

registerBillingRoutes(admin);
