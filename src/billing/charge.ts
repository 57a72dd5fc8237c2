// The charge decision, pure: where a charge of N tokens comes from (the allowance, then
// purchased tokens, then overage up to the spend cap), or why it cannot be made.
// storage/ledger.ts performs the same decision inside one SQL statement, atomically; the
// billing tests hold the two to the same answers.
import { tokensToCents } from './cost';

export interface Balance {
  included_remaining: number;
  purchased_remaining: number;
  overage_tokens: number;
  overage_cents: number;
  cap_cents: number;
}

export interface Split {
  included: number;
  purchased: number;
  overageTokens: number;
  overageCents: number;
}

export type ChargeDecision =
  | { fits: true; split: Split }
  | { fits: false; reason: 'insufficient_tokens' | 'cap_exceeded'; split: Split };

/** `overageCentsPer1000` is null for plans without overage (the trial). */
export function decideCharge(
  balance: Balance,
  tokens: number,
  overageCentsPer1000: number | null,
): ChargeDecision {
  const included = Math.min(tokens, balance.included_remaining);
  const purchased = Math.min(tokens - included, balance.purchased_remaining);
  const overageTokens = tokens - included - purchased;
  const overageCents =
    overageTokens > 0 ? tokensToCents(overageTokens, overageCentsPer1000 ?? 0) : 0;
  const split = { included, purchased, overageTokens, overageCents };

  if (overageTokens === 0) return { fits: true, split };
  if (overageCentsPer1000 === null) return { fits: false, reason: 'insufficient_tokens', split };
  if (balance.overage_cents + overageCents > balance.cap_cents) {
    return { fits: false, reason: 'cap_exceeded', split };
  }
  return { fits: true, split };
}
