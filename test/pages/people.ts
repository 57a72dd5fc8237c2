// Drivers for the people's-pages tests: a browser with its own client address, sign-in codes
// read from the log line the Worker writes when no mail binding is configured, and D1 pokes.
import { env } from 'cloudflare:test';
import { expect, vi, type MockInstance } from 'vitest';
import { Browser, ORIGIN } from '../helpers';

let addressCounter = 0;

/** A browser with its own CF-Connecting-IP, so per-address send limits don't pile up. */
export class Person extends Browser {
  readonly address: string;

  constructor(address?: string) {
    super();
    addressCounter += 1;
    this.address = address ?? `203.0.113.${addressCounter % 250}`;
  }

  override fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', this.address);
    return super.fetch(url, { ...init, headers });
  }

  sendCode(email: string, returnTo = '/app'): Promise<Response> {
    return this.postForm(`${ORIGIN}/sign-in/email`, { email, return_to: returnTo });
  }

  enterCode(email: string, code: string, returnTo = '/app'): Promise<Response> {
    return this.postForm(`${ORIGIN}/sign-in`, { email, code, return_to: returnTo });
  }

  /** The whole email sign-in: send, read the code from the log, enter it. */
  async signInWithEmail(email: string, returnTo = '/app'): Promise<Response> {
    const sent = await this.sendCode(email, returnTo);
    expect(sent.status).toBe(200);
    const entered = await this.enterCode(email, latestCode(email.toLowerCase()), returnTo);
    expect(entered.status).toBe(303);
    return entered;
  }
}

let logSpy: MockInstance<typeof console.log> | null = null;

/** Starts watching console.log (call in beforeEach; vi.restoreAllMocks in afterEach). */
export function watchLog(): MockInstance<typeof console.log> {
  logSpy = vi.spyOn(console, 'log');
  return logSpy;
}

/** The sign-in.code lines logged so far. */
export function codeLines(): { event: string; email: string; code: string }[] {
  if (!logSpy) throw new Error('call watchLog() first');
  return logSpy.mock.calls.map(([line]) => parseLine(line)).filter((entry) => entry !== null);
}

function parseLine(line: unknown): { event: string; email: string; code: string } | null {
  if (typeof line !== 'string' || !line.startsWith('{"event":"sign_in.code"')) return null;
  return JSON.parse(line);
}

/** The newest code logged for the email. */
export function latestCode(email: string): string {
  const lines = codeLines().filter((entry) => entry.email === email);
  expect(lines.length).toBeGreaterThan(0);
  return lines.at(-1)!.code;
}

/** A 6-digit code that is not `code`. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

export async function expireCodes(email: string): Promise<void> {
  await env.DB.prepare('UPDATE sign_in_codes SET expires_at = ? WHERE email = ?')
    .bind(Date.now() - 1000, email)
    .run();
}

export async function expireSessions(accountId: string): Promise<void> {
  await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE account_id = ?')
    .bind(Date.now() - 1000, accountId)
    .run();
}

export async function accountIdOf(email: string): Promise<string | null> {
  const row = await env.DB.prepare('SELECT id FROM accounts WHERE email = ?')
    .bind(email)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/** Asserts the headers every HTML page carries. */
export function expectPageHeaders(response: Response): void {
  expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
  expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
  expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(response.headers.get('Cache-Control')).toBe('no-store');
}
