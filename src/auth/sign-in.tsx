// GET /sign-in, POST /sign-in/email (send a code), POST /sign-in (a code or an API key) and
// POST /sign-out. The first sign-in of an unknown email creates its account; no answer says
// whether an email already had one.
import type { Context } from 'hono';
import { createAccount, emailSchema, EmailTakenError } from '../accounts/service';
import { readConfig } from '../config';
import type { Env } from '../env';
import { log, maskEmail } from '../lib/log';
import { findAccountByEmail, type Account } from '../storage/accounts';
import { createSession, deleteSession } from '../storage/sessions';
import { html } from '../web/layout';
import { CodePage, SignInPage } from '../web/pages';
import { checkApiKey } from './api-keys';
import { checkCode, issueCode, SEND_LIMITS, type CodeCheck } from './email-code';
import { deliverCode } from './mailer';
import { clearedSessionCookie, sessionCookie, sessionValue } from './session';

type Ctx = Context<{ Bindings: Env }>;

/** Only our own pages may be returned to: a path, never another origin (open redirect). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string') return '/app';
  const allowed =
    value.startsWith('/oauth/authorize?') || value === '/app' || value.startsWith('/app/');
  return allowed && !value.startsWith('//') && !value.includes('\\') ? value : '/app';
}

export function showSignIn(c: Ctx): Response {
  const returnTo = safeReturnTo(c.req.query('return_to'));
  const notice = c.req.query('signed_out') !== undefined ? 'You are signed out.' : undefined;
  return html(<SignInPage returnTo={returnTo} notice={notice} />);
}

export async function sendCode(c: Ctx): Promise<Response> {
  const form = await c.req.formData();
  const returnTo = safeReturnTo(form.get('return_to'));
  const parsed = emailSchema.safeParse(form.get('email') ?? '');
  if (!parsed.success) {
    const error = 'Enter a valid email address, like you@example.com.';
    return html(<SignInPage returnTo={returnTo} error={error} />, 400);
  }
  const email = parsed.data;

  const address = c.req.header('CF-Connecting-IP') ?? 'unknown';
  const issued = await issueCode(c.env.DB, email, address);
  if (!issued.ok) {
    log('info', 'sign_in.code_limited', { email: maskEmail(email) });
    const minutes = SEND_LIMITS.windowMs / 60_000;
    const error =
      `Too many codes were asked for this email or from your network in the last ${minutes} ` +
      'minutes. Wait a few minutes, then try again, or sign in with an API key.';
    return html(<SignInPage returnTo={returnTo} email={email} error={error} />, 429, {
      'Retry-After': String(SEND_LIMITS.windowMs / 1000),
    });
  }

  try {
    await deliverCode(c.env, { to: email, code: issued.code, origin: readConfig(c.env).origin });
  } catch (error) {
    log('error', 'sign_in.code_not_sent', {
      email: maskEmail(email),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    const message =
      "Polis couldn't send the email just now. Try again in a minute, or sign in with an API key.";
    return html(<SignInPage returnTo={returnTo} email={email} error={message} />, 503);
  }
  log('info', 'sign_in.code_sent', { email: maskEmail(email) });
  return html(<CodePage returnTo={returnTo} email={email} />);
}

export async function signIn(c: Ctx): Promise<Response> {
  const form = await c.req.formData();
  const returnTo = safeReturnTo(form.get('return_to'));
  if (form.has('api_key')) return signInWithKey(c, String(form.get('api_key')).trim(), returnTo);

  const parsed = emailSchema.safeParse(form.get('email') ?? '');
  if (!parsed.success) {
    const error = 'Enter your email address first, and we will send you a code.';
    return html(<SignInPage returnTo={returnTo} error={error} />, 400);
  }
  const email = parsed.data;
  const code = String(form.get('code') ?? '').replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) {
    const error = 'Codes are 6 digits. Check the email we sent and try again.';
    return html(<CodePage returnTo={returnTo} email={email} error={error} />, 400);
  }

  const check = await checkCode(c.env.DB, email, code);
  if (!check.ok) {
    log('info', 'sign_in.refused', { method: 'email', reason: check.reason });
    const [status, error] = codeRefusal(check);
    return html(<CodePage returnTo={returnTo} email={email} error={error} />, status);
  }

  const account = await accountForEmail(c.env.DB, email);
  if (account.status !== 'active') {
    log('info', 'sign_in.refused', { method: 'email', reason: 'suspended' });
    const error = 'This account is suspended. Contact the operator of this Polis server.';
    return html(<SignInPage returnTo={returnTo} error={error} />, 403);
  }
  return startSession(c, account, 'email', returnTo);
}

function codeRefusal(check: Exclude<CodeCheck, { ok: true }>): [number, string] {
  switch (check.reason) {
    case 'wrong':
      return check.triesLeft > 0
        ? [401, `That code is not right. ${tries(check.triesLeft)} left.`]
        : [401, 'That code is not right, and that was the last try. Ask for a new code below.'];
    case 'expired':
      return [400, 'That code has expired: codes work for 10 minutes. Ask for a new one below.'];
    case 'used':
      return [400, 'That code was already used. Ask for a new one below.'];
    case 'attempts':
      return [429, 'Too many wrong tries with this code. Ask for a new one below.'];
    case 'no_code':
      return [400, 'There is no code waiting for this email. Ask for one below.'];
  }
}

function tries(count: number): string {
  return count === 1 ? '1 try' : `${count} tries`;
}

/** The email's account, made with its trial tokens on the first sign-in. */
async function accountForEmail(db: D1Database, email: string): Promise<Account> {
  const existing = await findAccountByEmail(db, email);
  if (existing) return existing;
  try {
    const account = await createAccount(db, email, 'sign_in');
    log('info', 'account.created', { account_id: account.id, via: 'sign_in' });
    return account;
  } catch (error) {
    // Made meanwhile (by /api/provision, say): the code proved the email, so it is theirs.
    if (!(error instanceof EmailTakenError)) throw error;
    const account = await findAccountByEmail(db, email);
    if (!account) throw error;
    return account;
  }
}

async function signInWithKey(c: Ctx, key: string, returnTo: string): Promise<Response> {
  const check = await checkApiKey(c.env.DB, key);
  if (!check.ok) {
    log('info', 'sign_in.refused', { method: 'api_key', reason: check.reason });
    const message =
      check.reason === 'suspended'
        ? 'This account is suspended.'
        : 'That API key is not valid. Check it and try again.';
    return html(<SignInPage returnTo={returnTo} error={message} />, 401);
  }
  return startSession(c, check.account, 'api_key', returnTo);
}

/** A fresh session for every sign-in; the browser's previous one ends (session rotation). */
async function startSession(
  c: Ctx,
  account: Account,
  method: 'email' | 'api_key',
  returnTo: string,
): Promise<Response> {
  const session = await createSession(c.env.DB, account.id, sessionValue(c));
  log('info', 'sign_in', { method, account_id: account.id });
  return new Response(null, {
    status: 303,
    headers: {
      Location: returnTo,
      'Set-Cookie': sessionCookie(session),
      'Cache-Control': 'no-store',
    },
  });
}

export async function signOut(c: Ctx): Promise<Response> {
  const value = sessionValue(c);
  if (value) await deleteSession(c.env.DB, value);
  return new Response(null, {
    status: 303,
    headers: {
      Location: '/sign-in?signed_out',
      'Set-Cookie': clearedSessionCookie(),
      'Cache-Control': 'no-store',
    },
  });
}
