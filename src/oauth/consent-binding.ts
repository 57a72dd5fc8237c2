// Which account a consent page was shown to. WOP binds a consent handle to the browser; this
// binds it to the signed-in account too, so a handle shown to account A cannot be approved
// after signing in as B in the same browser (SECURITY pitfall 5). D1, not KV: the check must
// see the write made a moment before, wherever it lands.
import { sha256Hex } from '../lib/crypto';

/** WOP's consent handles work for ten minutes; the binding lives as long. */
export const CONSENT_BINDING_TTL_MS = 10 * 60 * 1000;

export async function bindConsent(
  db: D1Database,
  handle: string,
  accountId: string,
  now = Date.now(),
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT OR REPLACE INTO consent_bindings (handle_hash, account_id, expires_at)
         VALUES (?, ?, ?)`,
      )
      .bind(await sha256Hex(handle), accountId, now + CONSENT_BINDING_TTL_MS),
    db.prepare('DELETE FROM consent_bindings WHERE expires_at <= ?').bind(now),
  ]);
}

/** The account the handle's page was shown to, or null for an unknown or expired handle. */
export async function consentAccount(
  db: D1Database,
  handle: string,
  now = Date.now(),
): Promise<string | null> {
  const row = await db
    .prepare('SELECT account_id FROM consent_bindings WHERE handle_hash = ? AND expires_at > ?')
    .bind(await sha256Hex(handle), now)
    .first<{ account_id: string }>();
  return row?.account_id ?? null;
}
