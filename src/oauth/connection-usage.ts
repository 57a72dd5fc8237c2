// "Last used" of each OAuth connection, for /app. Recorded from the MCP path without a D1
// write per request: at most one write per grant per hour per isolate, after the response.
import type { Env } from '../env';
import { log } from '../lib/log';

export const USAGE_GRANULARITY_MS = 60 * 60 * 1000;
/** Bounds the map in a long-lived isolate; forgetting only costs an early write. */
const MAX_REMEMBERED = 10_000;

const lastWritten = new Map<string, number>();

/** Notes that a grant was just used; `grantId` is the middle part of `userId:grantId:secret`. */
export function noteConnectionUse(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  grantId: string | undefined,
  accountId: string,
  now = Date.now(),
): void {
  if (!grantId) return;
  const last = lastWritten.get(grantId);
  if (last !== undefined && now - last < USAGE_GRANULARITY_MS) return;
  if (lastWritten.size >= MAX_REMEMBERED) lastWritten.clear();
  lastWritten.set(grantId, now);
  ctx.waitUntil(
    env.DB.prepare(
      `INSERT INTO connection_usage (grant_id, account_id, last_used_at) VALUES (?, ?, ?)
       ON CONFLICT (grant_id) DO UPDATE SET last_used_at = excluded.last_used_at`,
    )
      .bind(grantId, accountId, now)
      .run()
      .catch((error: unknown) => {
        lastWritten.delete(grantId);
        log('warn', 'connection_usage.failed', { error: String(error) });
      }),
  );
}

/** Last use of each of the account's connections, by grant id. */
export async function connectionLastUsed(
  db: D1Database,
  accountId: string,
): Promise<Map<string, number>> {
  const { results } = await db
    .prepare('SELECT grant_id, last_used_at FROM connection_usage WHERE account_id = ?')
    .bind(accountId)
    .all<{ grant_id: string; last_used_at: number }>();
  return new Map(results.map((row) => [row.grant_id, row.last_used_at]));
}

export async function forgetConnectionUse(db: D1Database, grantId: string): Promise<void> {
  lastWritten.delete(grantId);
  await db.prepare('DELETE FROM connection_usage WHERE grant_id = ?').bind(grantId).run();
}
