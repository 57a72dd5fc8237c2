// The price list: plans, top-up packs, the base token rate and its multipliers, the default
// spend cap. Plain data in one place; the cost function, the charge, /app and the docs read it.
// Money is integer: tokens, and US cents.

export interface Plan {
  id: 'trial' | 'pro' | 'scale';
  name: string;
  monthlyPriceCents: number;
  /** Tokens included each month (the trial's are granted once, at sign-up). */
  includedTokens: number;
  /** Price of overage beyond the allowance and purchased tokens, per 1,000 tokens. */
  overageCentsPer1000: number | null;
}

export type PlanId = Plan['id'];

export const PLANS: Record<PlanId, Plan> = {
  trial: {
    id: 'trial',
    name: 'Free trial',
    monthlyPriceCents: 0,
    includedTokens: 1_000,
    overageCentsPer1000: null, // a trial account never goes into overage
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    monthlyPriceCents: 2_900,
    includedTokens: 8_000,
    overageCentsPer1000: 500,
  },
  scale: {
    id: 'scale',
    name: 'Scale',
    monthlyPriceCents: 9_900,
    includedTokens: 30_000,
    overageCentsPer1000: 400,
  },
};

export const TRIAL_TOKENS = PLANS.trial.includedTokens;

export interface Pack {
  id: 'small' | 'medium' | 'large' | 'scale';
  tokens: number;
  priceCents: number;
}

// SPEC §6.
export const PACKS: Record<Pack['id'], Pack> = {
  small: { id: 'small', tokens: 1_000, priceCents: 500 },
  medium: { id: 'medium', tokens: 4_000, priceCents: 2_000 },
  large: { id: 'large', tokens: 12_500, priceCents: 5_000 },
  scale: { id: 'scale', tokens: 55_000, priceCents: 20_000 },
};

/** Tokens per persona before multipliers. */
export const BASE_TOKENS_PER_PERSONA = 1;
export const DETAIL_MULTIPLIER = { snapshot: 1, standard: 1.5, deep: 2.5 } as const;
export const VISUAL_MODE_MULTIPLIER = 3;

/** Tokens valued at the small pack's price: $5 per 1,000. Used to show a run's worth in USD. */
export const LIST_PRICE_CENTS_PER_1000 = 500;

/** A follow-up question costs by how many personas answer it. */
export const ASK_TOKENS = { persona: 2, archetype: 5, segment: 10, panel: 25 } as const;

/** A new paid account's monthly overage ceiling, in cents; the account can change it. */
export const DEFAULT_SPEND_CAP_CENTS = 5_000;

/** The plan of an account; an unknown stored value falls back to the trial (no overage). */
export function planOf(id: string): Plan {
  return PLANS[id as PlanId] ?? PLANS.trial;
}
