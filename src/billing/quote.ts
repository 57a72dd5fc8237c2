// A quote: what a spending call would cost this account right now and where the tokens would
// come from. polis_estimate shows it; the charge refusals carry it.
import type { Account } from '../storage/accounts';
import { planOf } from './catalogue';
import { decideCharge, type Balance } from './charge';
import { centsToUsd, type Cost } from './cost';

export interface Quote {
  tokens: number;
  usd: number;
  split: {
    included: number;
    purchased: number;
    overage_tokens: number;
    overage_usd: number;
  };
  cap_remaining_after: number;
  would_exceed_cap: boolean;
  /** Whether the charge would go through now; when not, `refusal` says why. */
  affordable: boolean;
  refusal: 'insufficient_tokens' | 'cap_exceeded' | null;
}

export function quote(account: Account, balance: Balance, cost: Cost): Quote {
  const plan = planOf(account.plan);
  const decision = decideCharge(balance, cost.tokens, plan.overageCentsPer1000);
  const { split } = decision;
  const capLeft = balance.cap_cents - balance.overage_cents;
  return {
    tokens: cost.tokens,
    usd: centsToUsd(cost.cents),
    split: {
      included: split.included,
      purchased: split.purchased,
      overage_tokens: split.overageTokens,
      overage_usd: centsToUsd(split.overageCents),
    },
    cap_remaining_after: centsToUsd(Math.max(0, capLeft - split.overageCents)),
    would_exceed_cap: split.overageCents > 0 && split.overageCents > capLeft,
    affordable: decision.fits,
    refusal: decision.fits ? null : decision.reason,
  };
}
