// The cron's housekeeping: sweeps expired OAuth data from KV (WOP's purgeExpiredData) and
// expired rows from D1. The KV sweep is resumable: each run checks a bounded number of keys and
// leaves a cursor for the next, so a large namespace is covered over several runs without
// passing the per-invocation KV operation limit. Nothing here touches live data.
import { appHandler } from './app';
import { readConfig } from './config';
import type { Env } from './env';
import { log } from './lib/log';
import { oauthProvider } from './oauth/provider';
import { deleteExpired, type ExpiredSweep } from './storage/expired';

/** Where the KV sweep stopped. WOP lists only `grant:` and `token:` keys: never swept itself. */
export const PURGE_CURSOR_KEY = 'polis:purge-cursor';
/**
 * Keys checked per phase (grants, then tokens) per run. Each check is a KV read or two, so one
 * run stays well inside the 1,000 KV operations an invocation may make.
 */
export const PURGE_BATCH_SIZE = 100;

export interface OAuthSweep {
  grantsPurged: number;
  tokensPurged: number;
  /** True when this run finished a whole pass over the namespace. */
  passComplete: boolean;
}

export async function sweepOAuthData(env: Env): Promise<OAuthSweep> {
  const provider = oauthProvider(readConfig(env), appHandler);
  const stored = (await env.OAUTH_KV.get(PURGE_CURSOR_KEY)) ?? undefined;
  const purge = (cursor: string | undefined) =>
    provider.purgeExpiredData(env, { batchSize: PURGE_BATCH_SIZE, cursor });
  let result;
  try {
    result = await purge(stored);
  } catch (error) {
    // WOP refuses a cursor it cannot read (TypeError): start a new pass instead of failing
    // every hour from now on.
    if (!(error instanceof TypeError) || stored === undefined) throw error;
    log('warn', 'housekeeping.cursor_reset', { error: error.message });
    result = await purge(undefined);
  }
  if (result.cursor) await env.OAUTH_KV.put(PURGE_CURSOR_KEY, result.cursor);
  else if (stored !== undefined) await env.OAUTH_KV.delete(PURGE_CURSOR_KEY);
  return {
    grantsPurged: result.grantsPurged,
    tokensPurged: result.tokensPurged,
    passComplete: result.done,
  };
}

/** Runs both sweeps; one failing does not stop the other. Never throws: the log says why. */
export async function housekeeping(env: Env, now: number): Promise<void> {
  const started = Date.now();
  const [oauth, d1] = await Promise.allSettled([sweepOAuthData(env), deleteExpired(env.DB, now)]);
  const fields: Record<string, unknown> = { ms: Date.now() - started };
  if (oauth.status === 'fulfilled') fields.oauth = oauth.value;
  else fields.oauth_error = describe(oauth.reason);
  if (d1.status === 'fulfilled') fields.expired = d1.value satisfies ExpiredSweep;
  else fields.expired_error = describe(d1.reason);
  const failed = oauth.status === 'rejected' || d1.status === 'rejected';
  log(failed ? 'error' : 'info', failed ? 'housekeeping.failed' : 'housekeeping', fields);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
