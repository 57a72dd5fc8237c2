// `_usage`, the account's standing attached to every tool result (SPEC §4).
import type { Account } from '../storage/accounts';
import { PLANS, TRIAL_TOKENS } from './catalogue';

export interface Usage {
  plan: string;
  included_remaining: number;
  purchased_remaining: number;
  in_overage: boolean;
  overage_usd: number;
  cap_usd: number;
  cap_remaining_usd: number;
}

/**
 * Until the ledger lands (billing issue), nothing can spend, so every account still holds its
 * whole trial grant and no purchases. This reads only facts that are true today.
 */
export async function usageFor(_db: D1Database, account: Account): Promise<Usage> {
  const plan = PLANS[account.plan as keyof typeof PLANS] ?? PLANS.trial;
  return {
    plan: plan.id,
    included_remaining: plan.id === 'trial' ? TRIAL_TOKENS : plan.includedTokens,
    purchased_remaining: 0,
    in_overage: false,
    overage_usd: 0,
    cap_usd: 0,
    cap_remaining_usd: 0,
  };
}
