// Housekeeping on the hourly Cron Trigger: expired OAuth data leaves KV (WOP's purgeExpiredData,
// resumed by a cursor from run to run), and expired sessions, sign-in codes and consent
// bindings leave D1, a bounded number per run. Live data is never touched, and one sweep
// failing stops neither the other nor the allowance renewal.
import { createExecutionContext, createScheduledController, env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Env } from '../src/env';
import { PURGE_BATCH_SIZE, PURGE_CURSOR_KEY } from '../src/housekeeping';
import worker from '../src/index';
import { CODE_RETENTION_MS, SWEEP_LIMIT } from '../src/storage/expired';
import { connectWithOAuth, listTools, provision, type Provisioned } from './helpers';

const HOUR = 60 * 60 * 1000;

async function runCron(environment: Partial<Env> = {}, scheduledTime = Date.now()) {
  const controller = createScheduledController({ scheduledTime, cron: '17 * * * *' });
  await worker.scheduled(
    controller,
    { ...env, ...environment } as unknown as Env,
    createExecutionContext(),
  );
}

let owner: Provisioned;
beforeAll(async () => {
  owner = await provision();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function captureLogs(): string[] {
  const lines: string[] = [];
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  }
  return lines;
}

function logged(lines: string[], event: string): Record<string, any>[] {
  return lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((entry) => entry.event === event);
}

// ---- D1 ------------------------------------------------------------------------------------

async function insertSession(id: string, expiresAt: number): Promise<void> {
  await env.DB.prepare(
    'INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  )
    .bind(id, owner.account_id, expiresAt - 14 * 24 * HOUR, expiresAt)
    .run();
}

async function sessionExists(id: string): Promise<boolean> {
  return !!(await env.DB.prepare('SELECT 1 FROM sessions WHERE id_hash = ?').bind(id).first());
}

async function insertCode(
  id: string,
  createdAt: number,
  options: { usedAt?: number } = {},
): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO sign_in_codes (id, email, code_hash, salt, address_hash, created_at, expires_at,
                                used_at)
     VALUES (?, ?, 'hash', 'salt', 'address', ?, ?, ?)`,
  )
    .bind(id, `${id}@example.com`, createdAt, createdAt + 10 * 60 * 1000, options.usedAt ?? null)
    .run();
}

async function codeExists(id: string): Promise<boolean> {
  return !!(await env.DB.prepare('SELECT 1 FROM sign_in_codes WHERE id = ?').bind(id).first());
}

describe('expired rows in D1', () => {
  it('deletes expired sessions and keeps live ones', async () => {
    const now = Date.now();
    await insertSession('hk-session-expired', now - HOUR);
    await insertSession('hk-session-just-expired', now - 1);
    await insertSession('hk-session-live', now + HOUR);

    await runCron();

    expect(await sessionExists('hk-session-expired')).toBe(false);
    expect(await sessionExists('hk-session-just-expired')).toBe(false);
    expect(await sessionExists('hk-session-live')).toBe(true);
  });

  it('deletes sign-in codes a day past their expiry and keeps newer ones', async () => {
    const now = Date.now();
    const expiredLongAgo = now - CODE_RETENTION_MS - HOUR;
    await insertCode('hk-code-old', expiredLongAgo);
    await insertCode('hk-code-old-used', expiredLongAgo, { usedAt: expiredLongAgo + 1000 });
    // Expired an hour ago: the send limits and the "expired" answer still need it.
    await insertCode('hk-code-recent', now - 2 * HOUR);
    await insertCode('hk-code-used', now - 60_000, { usedAt: now - 30_000 });
    await insertCode('hk-code-live', now - 60_000);

    await runCron();

    expect(await codeExists('hk-code-old')).toBe(false);
    expect(await codeExists('hk-code-old-used')).toBe(false);
    expect(await codeExists('hk-code-recent')).toBe(true);
    expect(await codeExists('hk-code-used')).toBe(true);
    expect(await codeExists('hk-code-live')).toBe(true);
  });

  it('deletes expired consent bindings and keeps live ones', async () => {
    const now = Date.now();
    const insert = env.DB.prepare(
      'INSERT INTO consent_bindings (handle_hash, account_id, expires_at) VALUES (?, ?, ?)',
    );
    await env.DB.batch([
      insert.bind('hk-binding-expired', owner.account_id, now - 1000),
      insert.bind('hk-binding-live', owner.account_id, now + 60_000),
    ]);

    await runCron();

    const { results } = await env.DB.prepare(
      "SELECT handle_hash FROM consent_bindings WHERE handle_hash LIKE 'hk-binding-%'",
    ).all<{ handle_hash: string }>();
    expect(results.map((row) => row.handle_hash)).toEqual(['hk-binding-live']);
  });

  it('deletes at most a bounded number of rows per run and takes the rest next time', async () => {
    const now = Date.now();
    const count = SWEEP_LIMIT + 20;
    const insert = env.DB.prepare(
      'INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    await env.DB.batch(
      Array.from({ length: count }, (_, i) =>
        insert.bind(`hk-bulk-${i}`, owner.account_id, now - 2 * HOUR, now - HOUR),
      ),
    );
    const left = async () =>
      (await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM sessions WHERE id_hash LIKE 'hk-bulk-%'",
      ).first<{ n: number }>())!.n;

    await runCron();
    expect(await left()).toBe(20);
    await runCron();
    expect(await left()).toBe(0);
  });
});

// ---- KV ------------------------------------------------------------------------------------

/** A grant record as WOP stores it (the fields the sweep reads), put straight into KV. */
async function putGrant(
  userId: string,
  grantId: string,
  clientId: string,
  expiresAt?: number,
): Promise<string> {
  const key = `grant:${userId}:${grantId}`;
  const record = {
    id: grantId,
    clientId,
    userId,
    scope: ['polis:read'],
    metadata: {},
    encryptedProps: '',
    createdAt: Math.floor(Date.now() / 1000) - 3600,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  await env.OAUTH_KV.put(key, JSON.stringify(record));
  return key;
}

/** Runs the cron until a whole pass over the namespace is done (at most `max` runs). */
async function runUntilPassComplete(max = 20): Promise<number> {
  for (let run = 1; run <= max; run++) {
    await runCron();
    if ((await env.OAUTH_KV.get(PURGE_CURSOR_KEY)) === null) return run;
  }
  throw new Error(`the sweep did not finish a pass in ${max} runs`);
}

describe('expired OAuth data in KV', () => {
  it('revokes a grant whose client is gone, with its tokens; live connections stay', async () => {
    const orphan = await connectWithOAuth(owner.api_key);
    const live = await connectWithOAuth(owner.api_key);
    expect((await listTools(orphan.tokens.access_token)).status).toBe(200);

    // A client record lost without its grants (a deletion that stopped halfway).
    await env.OAUTH_KV.delete(`client:${orphan.client.client_id}`);
    await runUntilPassComplete();

    expect((await listTools(orphan.tokens.access_token)).status).toBe(401);
    const [, grantId] = orphan.tokens.access_token.split(':');
    expect(await env.OAUTH_KV.get(`grant:${owner.account_id}:${grantId}`)).toBeNull();
    const { keys } = await env.OAUTH_KV.list({ prefix: `token:${owner.account_id}:${grantId}:` });
    expect(keys).toEqual([]);
    expect((await listTools(live.tokens.access_token)).status).toBe(200);
  });

  it('removes a grant past its expiry that KV has not dropped yet', async () => {
    const { client } = await connectWithOAuth(owner.api_key);
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await putGrant('acct_hkexpired', 'grant-expired', client.client_id, past);
    const current = await putGrant(
      'acct_hkcurrent',
      'grant-current',
      client.client_id,
      past + 7200,
    );

    await runUntilPassComplete();

    expect(await env.OAUTH_KV.get(expired)).toBeNull();
    expect(await env.OAUTH_KV.get(current)).not.toBeNull();
  });

  it('checks a bounded number of keys per run and resumes where the last stopped', async () => {
    await runUntilPassComplete(); // start from a finished pass
    const total = PURGE_BATCH_SIZE + 50;
    const keys = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        putGrant('acct_hkbulk', `grant-${String(i).padStart(4, '0')}`, 'client-long-gone'),
      ),
    );
    const remaining = async () =>
      (await Promise.all(keys.map((key) => env.OAUTH_KV.get(key)))).filter(Boolean).length;

    await runCron();
    expect(await env.OAUTH_KV.get(PURGE_CURSOR_KEY)).toMatch(/^grants:/);
    const afterOne = await remaining();
    expect(afterOne).toBeGreaterThan(0);
    expect(afterOne).toBeLessThan(total);

    const runs = await runUntilPassComplete();
    expect(runs).toBeLessThanOrEqual(3);
    expect(await remaining()).toBe(0);
  });

  it('starts a new pass when the stored cursor cannot be read', async () => {
    const lines = captureLogs();
    await env.OAUTH_KV.put(PURGE_CURSOR_KEY, 'not-a-cursor');
    const orphan = await putGrant('acct_hkreset', 'grant-reset', 'client-never-registered');

    await runCron();

    expect(logged(lines, 'housekeeping.cursor_reset')).toHaveLength(1);
    expect(logged(lines, 'housekeeping.failed')).toEqual([]);
    await runUntilPassComplete();
    expect(await env.OAUTH_KV.get(orphan)).toBeNull();
  });
});

// ---- failures --------------------------------------------------------------------------------

describe('when a sweep fails', () => {
  it('still runs the KV sweep and the renewal, and logs the D1 failure once', async () => {
    const lines = captureLogs();
    const failingDb = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') {
          return (statements: D1PreparedStatement[]) =>
            statements.length === 3
              ? Promise.reject(new Error('D1_ERROR: simulated outage'))
              : target.batch(statements);
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const orphan = await putGrant('acct_hkd1down', 'grant-d1down', 'client-never-registered');

    await runCron({ DB: failingDb });

    const failed = logged(lines, 'housekeeping.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.level).toBe('error');
    expect(failed[0]!.expired_error).toBe('Error: D1_ERROR: simulated outage');
    expect(failed[0]!.oauth.grantsPurged).toBeGreaterThanOrEqual(0);
    expect(logged(lines, 'cron')).toHaveLength(1); // the allowance renewal ran
    await runUntilPassComplete();
    expect(await env.OAUTH_KV.get(orphan)).toBeNull();
  });

  it('still runs the D1 sweep when KV fails', async () => {
    const lines = captureLogs();
    const failingKv = new Proxy(env.OAUTH_KV, {
      get(target, prop) {
        if (prop === 'list' || prop === 'get') {
          return () => Promise.reject(new Error('KV GET failed: 500 Internal Server Error'));
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await insertSession('hk-session-kv-down', Date.now() - HOUR);

    await runCron({ OAUTH_KV: failingKv });

    const failed = logged(lines, 'housekeeping.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.oauth_error).toMatch(/KV GET failed/);
    expect(failed[0]!.expired.sessions).toBeGreaterThanOrEqual(1);
    expect(await sessionExists('hk-session-kv-down')).toBe(false);
    expect(logged(lines, 'cron')).toHaveLength(1);
  });
});
