// API keys (SPEC §2.1): "sk_live_" + 40 base62 characters, stored only as a SHA-256 hash and
// looked up by it. D1 is the authority, so a revoked key fails on the very next request.
import type { Balance } from '../billing/charge';
import { randomBase62, sha256Hex } from '../lib/crypto';
import { findKeyWithAccount, touchApiKey, type Account } from '../storage/accounts';

export const API_KEY_PREFIX = 'sk_live_';
const RANDOM_LENGTH = 40; // ~238 bits
const DISPLAY_LENGTH = API_KEY_PREFIX.length + 4;
/** "last used" is refreshed at most this often, so a busy key costs no write per request. */
export const LAST_USED_GRANULARITY_MS = 60 * 60 * 1000;

const KEY_SHAPE = /^sk_live_[0-9A-Za-z]{32,128}$/;

export interface NewApiKey {
  id: string;
  key: string;
  hash: string;
  prefix: string;
}

export async function mintApiKey(): Promise<NewApiKey> {
  const key = API_KEY_PREFIX + randomBase62(RANDOM_LENGTH);
  return {
    id: `key_${randomBase62(20)}`,
    key,
    hash: await sha256Hex(key),
    prefix: key.slice(0, DISPLAY_LENGTH),
  };
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}

export type KeyCheck =
  | {
      ok: true;
      account: Account;
      balance: Balance;
      subscriptionStatus: string | null;
      apiKeyId: string;
      lastUsedDue: boolean;
    }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'suspended' };

/**
 * Resolves a presented key to its account in one D1 query. `lastUsedDue` says the coarse
 * "last used" stamp is stale; the caller refreshes it after answering (`recordKeyUse`).
 */
export async function checkApiKey(
  db: D1Database,
  presented: string,
  now = Date.now(),
): Promise<KeyCheck> {
  if (!looksLikeApiKey(presented)) return { ok: false, reason: 'malformed' };

  // Lookup by hash: the comparison happens inside the index, on a value the caller cannot steer.
  const found = await findKeyWithAccount(db, await sha256Hex(presented));
  if (!found) return { ok: false, reason: 'unknown' };
  if (found.key.revoked_at !== null) return { ok: false, reason: 'revoked' };
  if (found.account.status !== 'active') return { ok: false, reason: 'suspended' };

  const lastUsedDue = now - (found.key.last_used_at ?? 0) >= LAST_USED_GRANULARITY_MS;
  return {
    ok: true,
    account: found.account,
    balance: found.balance,
    subscriptionStatus: found.subscriptionStatus,
    apiKeyId: found.key.id,
    lastUsedDue,
  };
}

export function recordKeyUse(db: D1Database, apiKeyId: string, now = Date.now()): Promise<unknown> {
  return touchApiKey(db, apiKeyId, now, now - LAST_USED_GRANULARITY_MS);
}
