// People's sign-in sessions. The cookie carries a random value; D1 keeps only its hash.
import { z } from 'zod';
import { randomBase62, sha256Hex } from '../lib/crypto';
import { accountRow, type Account } from './accounts';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Creates a session and returns the secret cookie value (shown to the browser only). The
 * browser's previous session, if any, ends in the same batch: a sign-in always gets a fresh
 * value, so one planted before it (session fixation) is worth nothing after. Expired sessions
 * are swept on the way.
 */
export async function createSession(
  db: D1Database,
  accountId: string,
  previous?: string,
  now = Date.now(),
): Promise<string> {
  const value = randomBase62(43);
  const statements = [
    db
      .prepare(
        'INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .bind(await sha256Hex(value), accountId, now, now + SESSION_TTL_MS),
    db.prepare('DELETE FROM sessions WHERE expires_at <= ?').bind(now),
  ];
  if (previous) {
    statements.push(
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').bind(await sha256Hex(previous)),
    );
  }
  await db.batch(statements);
  return value;
}

const sessionAccount = accountRow.extend({ expires_at: z.number() });

/** The signed-in account, or null for an unknown or expired session. */
export async function findSessionAccount(
  db: D1Database,
  value: string,
  now = Date.now(),
): Promise<Account | null> {
  const row = await db
    .prepare(
      `SELECT a.id, a.email, a.plan, a.status, a.created_at, s.expires_at
         FROM sessions s JOIN accounts a ON a.id = s.account_id
        WHERE s.id_hash = ? AND s.expires_at > ?`,
    )
    .bind(await sha256Hex(value), now)
    .first();
  if (!row) return null;
  const { expires_at: _expires, ...account } = sessionAccount.parse(row);
  return account;
}

export async function deleteSession(db: D1Database, value: string): Promise<void> {
  await db
    .prepare('DELETE FROM sessions WHERE id_hash = ?')
    .bind(await sha256Hex(value))
    .run();
}
