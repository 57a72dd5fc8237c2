// The Worker's Cron Triggers (wrangler.toml [triggers]). Hourly: housekeeping (expired data,
// src/housekeeping.ts), then renew the monthly allowances whose subscription period has begun.
// Each job is idempotent, so a retried or overlapping run changes nothing twice.
import { renewDueAllowances } from './billing/renewals';
import type { Env } from './env';
import { housekeeping } from './housekeeping';
import { log } from './lib/log';
import { settleStalled } from './runs/stalled';

export async function scheduled(
  controller: ScheduledController,
  env: Env,
  _ctx: ExecutionContext,
): Promise<void> {
  const started = Date.now();
  // Sweeps expired OAuth data, sessions and sign-in codes. It never throws (its log line says
  // what failed), so the renewal below always runs.
  await housekeeping(env, controller.scheduledTime || started);
  // Charges whose work was lost (D1 or the Workflow gone mid-way) are refunded here.
  await settleStalled(env, controller.scheduledTime || started).catch((error: unknown) =>
    log('error', 'stalled.failed', {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  try {
    const renewals = await renewDueAllowances(env.DB, controller.scheduledTime || started);
    log('info', 'cron', { cron: controller.cron, ...renewals, ms: Date.now() - started });
  } catch (error) {
    log('error', 'cron.failed', {
      cron: controller.cron,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    // Rethrown so the run shows as failed in Cloudflare's Cron Events.
    throw error;
  }
}
