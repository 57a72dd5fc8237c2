// Email sign-in codes and sessions (SPEC §2.3): the pages, the code's life (wrong, expired,
// too many attempts, replayed), send limits, account creation, rotation, expiry, sign-out.
import { env, SELF } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ORIGIN, provision, uniqueEmail } from '../helpers';
import {
  accountIdOf,
  codeLines,
  expectPageHeaders,
  expireCodes,
  expireSessions,
  latestCode,
  otherCode,
  Person,
  watchLog,
} from './people';

beforeEach(() => {
  watchLog();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the sign-in page', () => {
  it('offers an email code and an API key, labelled as SPEC §2.3 says', async () => {
    const response = await SELF.fetch(`${ORIGIN}/sign-in`);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('<label for="email">Email</label>');
    expect(page).toContain('<label for="api_key">API key</label>');
    expect(page).toMatch(/<button type="submit">Send code<\/button>/);
    expect(page).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(page).not.toContain('<script');
  });

  it('is what /app shows when signed out, returning to /app', async () => {
    const response = await new Person().fetch(`${ORIGIN}/app`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Sign in to Polis');
    expect(page).toContain('name="return_to" value="/app"');
  });

  it('never carries a return address to another site', async () => {
    const response = await SELF.fetch(`${ORIGIN}/sign-in?return_to=https://evil.example.com/`);
    expect(await response.text()).toContain('name="return_to" value="/app"');
  });
});

describe('sending a code', () => {
  it('logs the code on one line with the email, and stores it only hashed', async () => {
    const email = uniqueEmail('code');
    const response = await new Person().sendCode(email);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('<label for="code">Code</label>');
    expect(page).toContain(`We sent a 6-digit code to <strong>${email}</strong>`);

    const lines = codeLines().filter((line) => line.email === email);
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]!)).toEqual(['event', 'email', 'code']);
    expect(lines[0]!.code).toMatch(/^\d{6}$/);

    const rows = await env.DB.prepare('SELECT * FROM sign_in_codes WHERE email = ?')
      .bind(email)
      .all<Record<string, unknown>>();
    expect(rows.results).toHaveLength(1);
    expect(JSON.stringify(rows.results)).not.toContain(lines[0]!.code);
    expect(rows.results[0]!.expires_at).toBe(Number(rows.results[0]!.created_at) + 10 * 60_000);
  });

  it('answers the same for an email with an account and one without', async () => {
    const known = await provision();
    const unknown = uniqueEmail('nobody');
    const a = await new Person().sendCode(known.email);
    const b = await new Person().sendCode(unknown);
    expect(a.status).toBe(b.status);
    expect((await a.text()).replaceAll(known.email, 'X')).toBe(
      (await b.text()).replaceAll(unknown, 'X'),
    );
  });

  it('refuses an address that is not an email, with a page', async () => {
    const response = await new Person().sendCode('not-an-email');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter a valid email address');
    expect(codeLines()).toHaveLength(0);
  });

  it('sends at most 5 codes per email in 10 minutes', async () => {
    const email = uniqueEmail('limit');
    for (let i = 0; i < 5; i += 1) expect((await new Person().sendCode(email)).status).toBe(200);
    const refused = await new Person().sendCode(email);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('600');
    expect(await refused.text()).toContain('Too many codes were asked for this email');
    expect(codeLines().filter((line) => line.email === email)).toHaveLength(5);
  });

  it('sends at most 20 codes per client address in 10 minutes', async () => {
    const person = new Person('198.51.100.77');
    for (let i = 0; i < 20; i += 1) {
      expect((await person.sendCode(uniqueEmail('addr'))).status).toBe(200);
    }
    expect((await person.sendCode(uniqueEmail('addr'))).status).toBe(429);
    expect((await new Person('198.51.100.78').sendCode(uniqueEmail('addr'))).status).toBe(200);
  });

  it('refuses a send posted from another site', async () => {
    const response = await new Person().postForm(
      `${ORIGIN}/sign-in/email`,
      { email: uniqueEmail(), return_to: '/app' },
      { Origin: 'https://evil.example.com' },
    );
    expect(response.status).toBe(403);
    expectPageHeaders(response);
    expect(await response.text()).toContain('This form came from another site');
    expect(codeLines()).toHaveLength(0);
  });
});

describe('entering a code', () => {
  it('creates the account of an unknown email with its trial tokens and no API key', async () => {
    const email = uniqueEmail('new');
    const person = new Person();
    const signedIn = await person.signInWithEmail(email);
    expect(signedIn.headers.get('Location')).toBe('/app');
    const cookie = signedIn.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^__Host-polis_session=[0-9A-Za-z]{43};/);
    for (const flag of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) {
      expect(cookie).toContain(flag);
    }

    const accountId = await accountIdOf(email);
    expect(accountId).toMatch(/^acct_/);
    const balance = await env.DB.prepare('SELECT * FROM balances WHERE account_id = ?')
      .bind(accountId)
      .first<{ included_remaining: number }>();
    expect(balance?.included_remaining).toBe(1000);
    const keys = await env.DB.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE account_id = ?')
      .bind(accountId)
      .first<{ n: number }>();
    expect(keys?.n).toBe(0);

    const app = await person.fetch(`${ORIGIN}/app`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain(email);
  });

  it('signs an existing account in without making another', async () => {
    const owner = await provision();
    const person = new Person();
    await person.signInWithEmail(owner.email.toUpperCase());
    const app = await (await person.fetch(`${ORIGIN}/app`)).text();
    expect(app).toContain(owner.email);
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM accounts WHERE email = ?')
      .bind(owner.email)
      .first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it('never returns to another site after sign-in, whatever return_to says', async () => {
    const email = uniqueEmail('elsewhere');
    const person = new Person();
    for (const target of ['https://evil.example.com/', '//evil.example.com/app', '/\\evil']) {
      await person.sendCode(email);
      const response = await person.enterCode(email, latestCode(email), target);
      expect(response.headers.get('Location')).toBe('/app');
    }
  });

  it('returns to the page that asked for sign-in', async () => {
    const person = new Person();
    const signedIn = await person.signInWithEmail(uniqueEmail(), '/app/runs/run_x');
    expect(signedIn.headers.get('Location')).toBe('/app/runs/run_x');
  });

  it('refuses a wrong code, counting down the tries, and still takes the right one', async () => {
    const email = uniqueEmail('wrong');
    const person = new Person();
    await person.sendCode(email);
    const code = latestCode(email);
    const wrong = await person.enterCode(email, otherCode(code));
    expect(wrong.status).toBe(401);
    expectPageHeaders(wrong);
    expect(await wrong.text()).toContain('That code is not right. 4 tries left.');
    expect((await person.enterCode(email, code)).status).toBe(303);
  });

  it('refuses an expired code', async () => {
    const email = uniqueEmail('expired');
    const person = new Person();
    await person.sendCode(email);
    await expireCodes(email);
    const response = await person.enterCode(email, latestCode(email));
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('That code has expired');
    expect(page).toContain('Send a new code');
    expect(response.headers.get('Set-Cookie')).toBeNull();
  });

  it('kills a code after 5 attempts, even the right one after that', async () => {
    const email = uniqueEmail('attempts');
    const person = new Person();
    await person.sendCode(email);
    const code = latestCode(email);
    for (let i = 4; i >= 1; i -= 1) {
      const wrong = await person.enterCode(email, otherCode(code));
      expect(await wrong.text()).toContain(`${i} ${i === 1 ? 'try' : 'tries'} left`);
    }
    const last = await person.enterCode(email, otherCode(code));
    expect(await last.text()).toContain('that was the last try');
    const dead = await person.enterCode(email, code);
    expect(dead.status).toBe(429);
    expect(await dead.text()).toContain('Too many wrong tries with this code');
    expect(dead.headers.get('Set-Cookie')).toBeNull();
  });

  it('refuses a code used a second time', async () => {
    const email = uniqueEmail('replay');
    const first = new Person();
    await first.signInWithEmail(email);
    const replay = await new Person().enterCode(email, latestCode(email));
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('That code was already used');
    expect(replay.headers.get('Set-Cookie')).toBeNull();
  });

  it('takes only the newest code sent', async () => {
    const email = uniqueEmail('newest');
    const person = new Person();
    await person.sendCode(email);
    const older = latestCode(email);
    await person.sendCode(email);
    const newer = latestCode(email);
    if (older !== newer) expect((await person.enterCode(email, older)).status).toBe(401);
    expect((await person.enterCode(email, newer)).status).toBe(303);
  });

  it('explains a code that is not six digits without counting an attempt', async () => {
    const email = uniqueEmail('format');
    const person = new Person();
    await person.sendCode(email);
    const response = await person.enterCode(email, '12ab');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Codes are 6 digits');
    const row = await env.DB.prepare('SELECT attempts FROM sign_in_codes WHERE email = ?')
      .bind(email)
      .first<{ attempts: number }>();
    expect(row?.attempts).toBe(0);
    // Spaces in a pasted code are fine.
    const code = latestCode(email);
    const spaced = await person.enterCode(email, `${code.slice(0, 3)} ${code.slice(3)}`);
    expect(spaced.status).toBe(303);
  });

  it('says so when no code was sent to the email', async () => {
    const response = await new Person().enterCode(uniqueEmail('none'), '123456');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('There is no code waiting for this email');
  });

  it('refuses a suspended account', async () => {
    const owner = await provision();
    await env.DB.prepare("UPDATE accounts SET status = 'suspended' WHERE id = ?")
      .bind(owner.account_id)
      .run();
    const person = new Person();
    await person.sendCode(owner.email);
    const response = await person.enterCode(owner.email, latestCode(owner.email));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This account is suspended');
  });
});

describe('sessions', () => {
  it('rotates the session at sign-in: the value held before stops working', async () => {
    const email = uniqueEmail('rotate');
    const person = new Person();
    const first = await person.signInWithEmail(email);
    const firstValue = /__Host-polis_session=([^;]+)/.exec(first.headers.get('Set-Cookie')!)![1]!;
    const second = await person.signInWithEmail(email);
    const secondValue = /__Host-polis_session=([^;]+)/.exec(second.headers.get('Set-Cookie')!)![1]!;
    expect(secondValue).not.toBe(firstValue);

    const stale = new Person();
    stale.setCookie('__Host-polis_session', firstValue);
    expect(await (await stale.fetch(`${ORIGIN}/app`)).text()).toContain('Sign in to Polis');
    expect(await (await person.fetch(`${ORIGIN}/app`)).text()).toContain('Your account');
  });

  it('signs in with an API key too, rotating the same way', async () => {
    const owner = await provision();
    const person = new Person();
    expect((await person.signIn(owner.api_key)).status).toBe(303);
    expect(await (await person.fetch(`${ORIGIN}/app`)).text()).toContain(owner.email);
    const bad = await person.signIn('sk_live_wrongwrongwrongwrongwrongwrongwrong');
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('That API key is not valid');
  });

  it('ends when it expires', async () => {
    const email = uniqueEmail('expiry');
    const person = new Person();
    await person.signInWithEmail(email);
    expect(await (await person.fetch(`${ORIGIN}/app`)).text()).toContain('Your account');
    await expireSessions((await accountIdOf(email))!);
    const page = await (await person.fetch(`${ORIGIN}/app`)).text();
    expect(page).toContain('Sign in to Polis');
    expect(page).not.toContain(email);
  });

  it('ends at sign-out, on the server as well as in the browser', async () => {
    const email = uniqueEmail('out');
    const person = new Person();
    const signedIn = await person.signInWithEmail(email);
    const value = /__Host-polis_session=([^;]+)/.exec(signedIn.headers.get('Set-Cookie')!)![1]!;
    const out = await person.postForm(`${ORIGIN}/sign-out`, {});
    expect(out.status).toBe(303);
    expect(out.headers.get('Location')).toBe('/sign-in?signed_out');
    expect(out.headers.get('Set-Cookie')).toContain('Max-Age=0');
    expect(await (await person.fetch(`${ORIGIN}/sign-in?signed_out`)).text()).toContain(
      'You are signed out.',
    );

    const replayed = new Person();
    replayed.setCookie('__Host-polis_session', value);
    expect(await (await replayed.fetch(`${ORIGIN}/app`)).text()).toContain('Sign in to Polis');
  });
});
