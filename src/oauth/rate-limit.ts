// Per-address limits on the OAuth library's own endpoints (SPEC §3), checked before
// OAuthProvider sees the request. The refusal is an RFC 6749 §5.2 error body; the code is
// `temporarily_unavailable`, which clients treat as "retry later", never as a dead grant
// (SECURITY pitfall 20). CORS mirrors WOP's, so a browser client can read Retry-After.
import type { Env } from '../env';
import {
  clientAddress,
  overLimit,
  RETRY_AFTER_SECONDS,
  type LimitedSurface,
} from '../lib/rate-limit';
import { OAUTH_PATHS } from './provider';

const LIMITED_POSTS = new Map<string, LimitedSurface>([
  [OAUTH_PATHS.register, 'register'],
  [OAUTH_PATHS.token, 'token'],
]);

/** A 429 for a registration or token request over its limit, or null to go on. */
export async function oauthRateLimited(request: Request, env: Env): Promise<Response | null> {
  if (request.method !== 'POST') return null;
  const surface = LIMITED_POSTS.get(new URL(request.url).pathname);
  if (!surface || !(await overLimit(env, surface, clientAddress(request)))) return null;

  const headers = new Headers({
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
  const origin = request.headers.get('Origin');
  if (origin) {
    headers.set('Access-Control-Allow-Origin', origin);
    headers.set('Access-Control-Expose-Headers', 'WWW-Authenticate, Retry-After');
    headers.set('Vary', 'Origin');
  }
  const body = {
    error: 'temporarily_unavailable',
    error_description:
      `Too many ${surface === 'token' ? 'token' : 'registration'} requests from this address; ` +
      `retry after ${RETRY_AFTER_SECONDS} seconds`,
  };
  return new Response(JSON.stringify(body), { status: 429, headers });
}
