// The session cookie (SPEC §2.3): __Host- prefixed, HttpOnly, Secure, SameSite=Lax.
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { SESSION_TTL_MS, findSessionAccount } from '../storage/sessions';
import type { Account } from '../storage/accounts';

export const SESSION_COOKIE = '__Host-polis_session';

export function sessionCookie(value: string): string {
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${maxAge}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;
}

export function sessionValue(c: Context): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  return value && /^[0-9A-Za-z]{43}$/.test(value) ? value : undefined;
}

/** The signed-in, active account, or null. */
export async function signedInAccount(c: Context, db: D1Database): Promise<Account | null> {
  const value = sessionValue(c);
  if (!value) return null;
  const account = await findSessionAccount(db, value);
  return account?.status === 'active' ? account : null;
}
