// POST /sign-in and POST /sign-out. Sign-in here takes an API key; the email one-time code
// arrives with the people's-pages issue.
import type { Context } from 'hono';
import type { Env } from '../env';
import { log } from '../lib/log';
import { createSession, deleteSession } from '../storage/sessions';
import { html } from '../web/layout';
import { SignInPage } from '../web/pages';
import { checkApiKey } from './api-keys';
import { clearedSessionCookie, sessionCookie, sessionValue } from './session';

type Ctx = Context<{ Bindings: Env }>;

/** Only our own pages may be returned to: a path, never another origin (open redirect). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string') return '/app';
  const allowed =
    value.startsWith('/oauth/authorize?') || value === '/app' || value.startsWith('/app/');
  return allowed && !value.startsWith('//') && !value.includes('\\') ? value : '/app';
}

export async function signIn(c: Ctx): Promise<Response> {
  const form = await c.req.formData();
  const returnTo = safeReturnTo(form.get('return_to'));
  const key = String(form.get('api_key') ?? '').trim();

  const check = await checkApiKey(c.env.DB, key);
  if (!check.ok) {
    log('info', 'sign_in.refused', { method: 'api_key', reason: check.reason });
    const message =
      check.reason === 'suspended'
        ? 'This account is suspended.'
        : 'That API key is not valid. Check it and try again.';
    return html(<SignInPage returnTo={returnTo} error={message} />, 401);
  }

  const session = await createSession(c.env.DB, check.account.id);
  log('info', 'sign_in', { method: 'api_key', account_id: check.account.id });
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
    headers: { Location: '/', 'Set-Cookie': clearedSessionCookie(), 'Cache-Control': 'no-store' },
  });
}
