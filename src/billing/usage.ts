// `_usage`, the account's standing attached to every tool result (SPEC §4). Pure: it reads
// the balance row fetched with the account, so a free call costs no extra query.
import type { Account } from '../storage/accounts';
import type { Balance } from './charge';
import { centsToUsd } from './cost';

export interface Usage {
  plan: string;
  included_remaining: number;
  purchased_remaining: number;
  in_overage: boolean;
  overage_usd: number;
  cap_usd: number;
  cap_remaining_usd: number;
}

export function usageOf(account: Account, balance: Balance): Usage {
  return {
    plan: account.plan,
    included_remaining: balance.included_remaining,
    purchased_remaining: balance.purchased_remaining,
    in_overage: balance.overage_tokens > 0,
    overage_usd: centsToUsd(balance.overage_cents),
    cap_usd: centsToUsd(balance.cap_cents),
    cap_remaining_usd: centsToUsd(Math.max(0, balance.cap_cents - balance.overage_cents)),
  };
}
