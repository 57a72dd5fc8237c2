// The monthly allowance, renewed by the hourly Cron Trigger: every entitled subscription whose
// current period (as Stripe last reported it) has begun gets that period's allowance, unless
// the ledger already holds it. The webhook normally grants it first; this catches up on a
// grant that failed or an update that came without a paid invoice. Safe to run any number of
// times: each grant is once per subscription period, by its ledger ref.
import { log } from '../lib/log';
import { renewAllowance } from '../storage/ledger';
import { findDueAllowances } from '../storage/stripe';
import { planOf } from './catalogue';
import { allowanceRef } from './subscriptions';

/** Bounds one run's work; whatever is left is due again on the next run. */
const BATCH_LIMIT = 200;

export interface RenewalSummary {
  due: number;
  renewed: number;
}

export async function renewDueAllowances(
  db: D1Database,
  now = Date.now(),
): Promise<RenewalSummary> {
  const due = await findDueAllowances(db, Math.floor(now / 1000), BATCH_LIMIT);
  let renewed = 0;
  for (const subscription of due) {
    const ref = allowanceRef(subscription.id, subscription.period.start);
    const tokens = planOf(subscription.plan).includedTokens;
    if (await renewAllowance(db, subscription.accountId, tokens, ref, now)) {
      renewed += 1;
      log('info', 'allowance.renewed', { account_id: subscription.accountId, ref, tokens });
    }
  }
  return { due: due.length, renewed };
}
