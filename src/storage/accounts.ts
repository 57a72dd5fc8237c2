// Queries on accounts and API keys: bound parameters only, one row mapper per table.
import { z } from 'zod';
import type { Balance } from '../billing/charge';
import { SUBSCRIPTION_STATUS_COLUMN } from './stripe';

export const accountRow = z.object({
  id: z.string(),
  email: z.string(),
  plan: z.string(),
  status: z.enum(['active', 'suspended']),
  created_at: z.number(),
});
export type Account = z.infer<typeof accountRow>;

export const apiKeyRow = z.object({
  id: z.string(),
  account_id: z.string(),
  prefix: z.string(),
  created_at: z.number(),
  last_used_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
});
export type ApiKey = z.infer<typeof apiKeyRow>;

const ACCOUNT_COLUMNS = 'id, email, plan, status, created_at';
const KEY_COLUMNS = 'id, account_id, prefix, created_at, last_used_at, revoked_at';

export const balanceRow = z.object({
  included_remaining: z.number().int(),
  purchased_remaining: z.number().int(),
  overage_tokens: z.number().int(),
  overage_cents: z.number().int(),
  cap_cents: z.number().int(),
});

/** The balance columns, prefixed for a join; a missing row (never expected) reads as zeros. */
export const BALANCE_JOIN_COLUMNS = `COALESCE(b.included_remaining, 0) AS included_remaining,
  COALESCE(b.purchased_remaining, 0) AS purchased_remaining,
  COALESCE(b.overage_tokens, 0) AS overage_tokens, COALESCE(b.overage_cents, 0) AS overage_cents,
  COALESCE(b.cap_cents, 0) AS cap_cents`;

export interface AccountState {
  account: Account;
  balance: Balance;
  /** Stripe's status of the account's subscription; null without one. */
  subscriptionStatus: string | null;
}

const subscriptionColumn = z.object({ subscription_status: z.string().nullable() });

/** The account and its balance in one query: the hot path of every OAuth call. */
export async function findAccountState(db: D1Database, id: string): Promise<AccountState | null> {
  const row = await db
    .prepare(
      `SELECT a.id, a.email, a.plan, a.status, a.created_at, ${BALANCE_JOIN_COLUMNS},
              ${SUBSCRIPTION_STATUS_COLUMN}
         FROM accounts a LEFT JOIN balances b ON b.account_id = a.id
        WHERE a.id = ?`,
    )
    .bind(id)
    .first();
  return row ? stateOf(row) : null;
}

function stateOf(row: Record<string, unknown>): AccountState {
  return {
    account: accountRow.parse(row),
    balance: balanceRow.parse(row),
    subscriptionStatus: subscriptionColumn.parse(row).subscription_status,
  };
}

export async function findAccount(db: D1Database, id: string): Promise<Account | null> {
  const row = await db
    .prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`)
    .bind(id)
    .first();
  return row ? accountRow.parse(row) : null;
}

export async function findAccountByEmail(db: D1Database, email: string): Promise<Account | null> {
  const row = await db
    .prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = ?`)
    .bind(email)
    .first();
  return row ? accountRow.parse(row) : null;
}

export function insertAccount(db: D1Database, account: Account): D1PreparedStatement {
  return db
    .prepare('INSERT INTO accounts (id, email, plan, status, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(account.id, account.email, account.plan, account.status, account.created_at);
}

export function insertApiKey(
  db: D1Database,
  key: { id: string; accountId: string; hash: string; prefix: string; createdAt: number },
): D1PreparedStatement {
  return db
    .prepare(
      'INSERT INTO api_keys (id, account_id, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .bind(key.id, key.accountId, key.hash, key.prefix, key.createdAt);
}

/** The key (live or revoked) and its account, in one query: the hot path of every API-key call. */
export async function findKeyWithAccount(
  db: D1Database,
  keyHash: string,
): Promise<({ key: ApiKey } & AccountState) | null> {
  const row = await db
    .prepare(
      `SELECT k.id AS k_id, k.account_id, k.prefix, k.created_at AS k_created_at,
              k.last_used_at, k.revoked_at,
              a.id, a.email, a.plan, a.status, a.created_at, ${BALANCE_JOIN_COLUMNS},
              ${SUBSCRIPTION_STATUS_COLUMN}
         FROM api_keys k JOIN accounts a ON a.id = k.account_id
         LEFT JOIN balances b ON b.account_id = a.id
        WHERE k.key_hash = ?`,
    )
    .bind(keyHash)
    .first<Record<string, unknown>>();
  if (!row) return null;
  const key = apiKeyRow.parse({ ...row, id: row.k_id, created_at: row.k_created_at });
  return { key, ...stateOf(row) };
}

export async function listApiKeys(db: D1Database, accountId: string): Promise<ApiKey[]> {
  const { results } = await db
    .prepare(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE account_id = ? ORDER BY created_at DESC`)
    .bind(accountId)
    .all();
  return results.map((row) => apiKeyRow.parse(row));
}

export async function findApiKey(db: D1Database, id: string): Promise<ApiKey | null> {
  const row = await db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`).bind(id).first();
  return row ? apiKeyRow.parse(row) : null;
}

/** Marks a key revoked; returns false when it was unknown or already revoked. */
export async function revokeApiKey(db: D1Database, id: string, at: number): Promise<boolean> {
  const result = await db
    .prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    .bind(at, id)
    .run();
  return result.meta.changes > 0;
}

/** Coarse "last used": the write happens only when the stored value is older than `staleBefore`. */
export function touchApiKey(
  db: D1Database,
  id: string,
  at: number,
  staleBefore: number,
): Promise<D1Result> {
  return db
    .prepare(
      'UPDATE api_keys SET last_used_at = ? ' +
        'WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
    )
    .bind(at, id, staleBefore)
    .run();
}

export async function setAccountStatus(
  db: D1Database,
  id: string,
  status: Account['status'],
): Promise<boolean> {
  const result = await db
    .prepare('UPDATE accounts SET status = ? WHERE id = ?')
    .bind(status, id)
    .run();
  return result.meta.changes > 0;
}
