// Rate limits (SPEC §3) on Workers rate-limiting bindings: per client address on the public
// doors (provisioning, registration, authorization, token, sign-in) and per account on
// /api/mcp. Limits and periods live in wrangler.toml; `RATE_LIMITS=off` turns every one off.
// A missing binding or a failing limiter lets the request through: a limit protects the
// service, it must never be the reason it is down.
import type { Env } from '../env';
import { log } from './log';

export type LimitedSurface = 'provision' | 'register' | 'authorize' | 'token' | 'sign_in' | 'mcp';

/** The binding behind each surface (wrangler.toml `[[ratelimits]] name`). */
export const LIMITER_BINDINGS = {
  provision: 'PROVISION_LIMITER',
  register: 'REGISTER_LIMITER',
  authorize: 'AUTHORIZE_LIMITER',
  token: 'TOKEN_LIMITER',
  sign_in: 'SIGN_IN_LIMITER',
  mcp: 'MCP_LIMITER',
} as const satisfies Record<LimitedSurface, keyof Env>;

/** Every limiter counts over a fixed window of 60 seconds, so waiting that long always works. */
export const RETRY_AFTER_SECONDS = 60;

/** The key for requests that carry no client address: `wrangler dev` and tests. */
const LOCAL_ADDRESS = 'local';

export function rateLimitsOff(env: Env): boolean {
  return env.RATE_LIMITS?.trim().toLowerCase() === 'off';
}

/**
 * The client address a limit is counted against: Cloudflare's CF-Connecting-IP. IPv6 clients
 * usually hold a whole /64, so they are counted by that prefix, not by one address of it.
 */
export function clientAddress(request: Request): string {
  const address = request.headers.get('CF-Connecting-IP')?.trim();
  if (!address) return LOCAL_ADDRESS;
  if (!address.includes(':')) return address;
  const prefix = ipv6Prefix64(address);
  return prefix ? `${prefix}::/64` : address;
}

/** The first four groups of an IPv6 address ("2001:db8:0:1"), or null when it is not one. */
function ipv6Prefix64(address: string): string | null {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.slice(0, 4).every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':');
}

const warned = new Set<string>();

/** True when `key` is over the surface's limit; false when it may go on. */
export async function overLimit(env: Env, surface: LimitedSurface, key: string): Promise<boolean> {
  if (rateLimitsOff(env)) return false;
  const name = LIMITER_BINDINGS[surface];
  const limiter = env[name];
  if (!limiter) {
    // Configuration, not traffic: say so once per isolate rather than on every request.
    if (!warned.has(name)) {
      warned.add(name);
      log('warn', 'rate_limit.unbound', { binding: name });
    }
    return false;
  }
  try {
    const { success } = await limiter.limit({ key });
    if (!success) log('info', 'rate_limit.refused', { surface });
    return !success;
  } catch (error) {
    log('warn', 'rate_limit.failed', {
      surface,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return false;
  }
}

/** The header every 429 carries, and the tool error's hint for agents that never see it. */
export function retryAfterHeader(): Record<string, string> {
  return { 'Retry-After': String(RETRY_AFTER_SECONDS) };
}
