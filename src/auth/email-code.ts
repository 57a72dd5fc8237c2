// Email one-time codes (SPEC §2.3): 6 digits, valid 10 minutes, single-use, stored hashed,
// 5 attempts. Every email gets a code whether or not it has an account, so the answer never
// says which addresses are customers.
import { constantTimeEqual, randomBase62, sha256Hex } from '../lib/crypto';
import {
  countAttempt,
  insertCodeWithinLimits,
  markCodeUsed,
  newestCode,
  type SendLimits,
} from '../storage/sign-in-codes';

export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
// SPEC §3: 5 codes per email per 10 minutes. Per address, enough for a shared office.
export const SEND_LIMITS: SendLimits = { windowMs: 10 * 60 * 1000, perEmail: 5, perAddress: 20 };

/** Six decimal digits, uniform: rejection sampling keeps 0–999999 equally likely. */
export function randomCode(): string {
  const limit = Math.floor(2 ** 32 / 1_000_000) * 1_000_000;
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    if (value! < limit) return String(value! % 1_000_000).padStart(6, '0');
  }
}

function hashCode(salt: string, email: string, code: string): Promise<string> {
  return sha256Hex(`${salt}:${email}:${code}`);
}

export type IssueResult = { ok: true; code: string } | { ok: false; reason: 'rate_limited' };

/** Makes and stores a code for the email, unless a send limit is reached. */
export async function issueCode(
  db: D1Database,
  email: string,
  address: string,
  now = Date.now(),
): Promise<IssueResult> {
  const code = randomCode();
  const salt = randomBase62(22);
  const inserted = await insertCodeWithinLimits(
    db,
    {
      id: randomBase62(22),
      email,
      codeHash: await hashCode(salt, email, code),
      salt,
      addressHash: await sha256Hex(`address:${address}`),
      createdAt: now,
      expiresAt: now + CODE_TTL_MS,
    },
    SEND_LIMITS,
  );
  return inserted ? { ok: true, code } : { ok: false, reason: 'rate_limited' };
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: 'no_code' | 'used' | 'expired' | 'attempts' }
  | { ok: false; reason: 'wrong'; triesLeft: number };

/** Checks a code against the newest one sent to the email, and uses it up when it matches. */
export async function checkCode(
  db: D1Database,
  email: string,
  code: string,
  now = Date.now(),
): Promise<CodeCheck> {
  const row = await newestCode(db, email);
  if (!row) return { ok: false, reason: 'no_code' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (row.expires_at <= now) return { ok: false, reason: 'expired' };
  if (row.attempts >= MAX_ATTEMPTS) return { ok: false, reason: 'attempts' };

  // The attempt is counted before the comparison, so parallel guesses cannot exceed the limit.
  const attempts = await countAttempt(db, row.id, MAX_ATTEMPTS, now);
  if (attempts === null) return { ok: false, reason: 'attempts' };

  const matches = await constantTimeEqual(row.code_hash, await hashCode(row.salt, email, code));
  if (!matches) return { ok: false, reason: 'wrong', triesLeft: MAX_ATTEMPTS - attempts };

  // Single use: of two requests racing with the right code, only one signs in.
  return (await markCodeUsed(db, row.id, now)) ? { ok: true } : { ok: false, reason: 'used' };
}
