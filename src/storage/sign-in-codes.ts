// Email sign-in codes (migration 0005). Send limits are counted and the new row inserted in
// one statement, so concurrent sends cannot slip past them; D1 serializes writes.
import { z } from 'zod';

export const codeRow = z.object({
  id: z.string(),
  email: z.string(),
  code_hash: z.string(),
  salt: z.string(),
  created_at: z.number(),
  expires_at: z.number(),
  attempts: z.number(),
  used_at: z.number().nullable(),
});
export type CodeRow = z.infer<typeof codeRow>;

export interface NewCode {
  id: string;
  email: string;
  codeHash: string;
  salt: string;
  addressHash: string;
  createdAt: number;
  expiresAt: number;
}

export interface SendLimits {
  windowMs: number;
  perEmail: number;
  perAddress: number;
}

/** Rows older than this are deleted as new codes are sent. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** Inserts the code unless a send limit is reached; true when it was inserted. */
export async function insertCodeWithinLimits(
  db: D1Database,
  code: NewCode,
  limits: SendLimits,
): Promise<boolean> {
  const since = code.createdAt - limits.windowMs;
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO sign_in_codes (id, email, code_hash, salt, address_hash, created_at,
                                    expires_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
          WHERE (SELECT COUNT(*) FROM sign_in_codes WHERE email = ?2 AND created_at > ?8) < ?9
            AND (SELECT COUNT(*) FROM sign_in_codes
                  WHERE address_hash = ?5 AND created_at > ?8) < ?10`,
      )
      .bind(
        code.id,
        code.email,
        code.codeHash,
        code.salt,
        code.addressHash,
        code.createdAt,
        code.expiresAt,
        since,
        limits.perEmail,
        limits.perAddress,
      ),
    db.prepare('DELETE FROM sign_in_codes WHERE created_at < ?').bind(code.createdAt - KEEP_MS),
  ]);
  return (inserted?.meta.changes ?? 0) > 0;
}

/** The newest code sent to the email (the only one that can still work), or null. */
export async function newestCode(db: D1Database, email: string): Promise<CodeRow | null> {
  const row = await db
    .prepare(
      `SELECT id, email, code_hash, salt, created_at, expires_at, attempts, used_at
         FROM sign_in_codes WHERE email = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    )
    .bind(email)
    .first();
  return row ? codeRow.parse(row) : null;
}

/**
 * Counts one attempt against a live code; returns the attempts made including this one, or
 * null when the code is no longer live (used, expired, or out of attempts meanwhile).
 */
export async function countAttempt(
  db: D1Database,
  id: string,
  maxAttempts: number,
  now: number,
): Promise<number | null> {
  const row = await db
    .prepare(
      `UPDATE sign_in_codes SET attempts = attempts + 1
        WHERE id = ? AND used_at IS NULL AND attempts < ? AND expires_at > ?
        RETURNING attempts`,
    )
    .bind(id, maxAttempts, now)
    .first<{ attempts: number }>();
  return row ? row.attempts : null;
}

/** Marks the code used; false when another request used it first. */
export async function markCodeUsed(db: D1Database, id: string, now: number): Promise<boolean> {
  const result = await db
    .prepare('UPDATE sign_in_codes SET used_at = ? WHERE id = ? AND used_at IS NULL')
    .bind(now, id)
    .run();
  return result.meta.changes > 0;
}
