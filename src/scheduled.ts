// The Worker's Cron Triggers (wrangler.toml [triggers]). Hourly: renew the monthly allowances
// whose subscription period has begun. Each job is idempotent, so a retried or overlapping
// run changes nothing twice.
import { renewDueAllowances } from './billing/renewals';
import type { Env } from './env';
import { log } from './lib/log';

export async function scheduled(
  controller: ScheduledController,
  env: Env,
  _ctx: ExecutionContext,
): Promise<void> {
  const started = Date.now();
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
