// The pricing page's tables and worked numbers, computed from the catalogue with the same
// cost and quote functions polis_estimate uses. The docs tests call polis_estimate with the
// inputs shown here and compare.
import type { Balance } from '../billing/charge';
import {
  ASK_TOKENS,
  BASE_TOKENS_PER_PERSONA,
  DEFAULT_SPEND_CAP_CENTS,
  DETAIL_MULTIPLIER,
  LIST_PRICE_CENTS_PER_1000,
  PACKS,
  PLANS,
  TRIAL_TOKENS,
  VISUAL_MODE_MULTIPLIER,
  type PlanId,
} from '../billing/catalogue';
import { testCost } from '../billing/cost';
import { quote } from '../billing/quote';
import { PERSONA_COUNT, type TestInput } from '../mcp/schemas';
import { code, mdTable, num, usd } from './md';

type CostInput = Pick<TestInput, 'persona_count' | 'detail' | 'content_type' | 'url_mode'>;

export const COST_EXAMPLES: CostInput[] = [
  { persona_count: 10, detail: 'snapshot', content_type: 'tweet', url_mode: 'copy' },
  { persona_count: 15, detail: 'standard', content_type: 'text', url_mode: 'copy' },
  { persona_count: 100, detail: 'standard', content_type: 'linkedin', url_mode: 'copy' },
  { persona_count: 250, detail: 'deep', content_type: 'markdown', url_mode: 'copy' },
  { persona_count: 100, detail: 'standard', content_type: 'url', url_mode: 'copy' },
  { persona_count: 100, detail: 'standard', content_type: 'url', url_mode: 'visual' },
  { persona_count: 1000, detail: 'deep', content_type: 'text', url_mode: 'copy' },
];

export function plansTable(): string {
  const rows = Object.values(PLANS).map((plan) => [
    plan.name,
    plan.monthlyPriceCents === 0 ? 'free' : `${usd(plan.monthlyPriceCents)} a month`,
    plan.id === 'trial' ? `${num(plan.includedTokens)}, once` : `${num(plan.includedTokens)}`,
    plan.overageCentsPer1000 === null ? 'none' : `${usd(plan.overageCentsPer1000)}`,
  ]);
  return mdTable(['plan', 'price', 'tokens included', 'overage per 1,000 tokens'], rows, [2, 3]);
}

export function packsTable(): string {
  const rows = Object.values(PACKS).map((pack) => [
    code(pack.id),
    usd(pack.priceCents),
    num(pack.tokens),
    usd(Math.round((pack.priceCents * 1000) / pack.tokens)),
  ]);
  return mdTable(['pack', 'price', 'tokens', 'per 1,000 tokens'], rows, [1, 2, 3]);
}

function perPersona(factor: number): string {
  const tokens = BASE_TOKENS_PER_PERSONA * factor;
  return `${tokens} (${tokens * VISUAL_MODE_MULTIPLIER} for a url in visual mode)`;
}

export function multipliersTable(): string {
  const rows = Object.entries(DETAIL_MULTIPLIER).map(([detail, factor]) => [
    code(detail),
    `${factor}×`,
    perPersona(factor),
  ]);
  return mdTable(['detail', 'multiplier', 'tokens per persona'], rows, [1]);
}

export function askCostsTable(): string {
  const rows = Object.entries(ASK_TOKENS).map(([target, tokens]) => [code(target), num(tokens)]);
  return mdTable(['target', 'tokens per question'], rows, [1]);
}

/** Whole numbers with separators; fractions as they are (num would round them). */
function figure(value: number): string {
  return Number.isInteger(value) ? num(value) : String(value);
}

function modeOf(input: CostInput): number {
  return input.content_type === 'url' && input.url_mode === 'visual' ? VISUAL_MODE_MULTIPLIER : 1;
}

/** Columns: persona_count, detail, content, formula, tokens, list price. */
export function costExamples(): string {
  const rows = COST_EXAMPLES.map((input) => {
    const { tokens, cents } = testCost(input);
    const exact =
      input.persona_count *
      BASE_TOKENS_PER_PERSONA *
      DETAIL_MULTIPLIER[input.detail] *
      modeOf(input);
    const factors = [
      input.persona_count,
      BASE_TOKENS_PER_PERSONA,
      DETAIL_MULTIPLIER[input.detail],
      modeOf(input),
    ];
    const formula = `${factors.map(figure).join(' × ')} = ${figure(exact)}`;
    const content =
      input.content_type === 'url' ? `url, ${code(input.url_mode)}` : code(input.content_type);
    return [
      num(input.persona_count),
      code(input.detail),
      content,
      exact === tokens ? formula : `${formula}, rounded up`,
      num(tokens),
      usd(cents),
    ];
  });
  const header = ['persona_count', 'detail', 'content', 'formula', 'tokens', 'list price'];
  return mdTable(header, rows, [0, 4, 5]);
}

interface Scenario {
  account: string;
  plan: PlanId;
  balance: Balance;
  run: CostInput;
}

const FRESH = { purchased_remaining: 0, overage_tokens: 0, overage_cents: 0 };
const DEFAULT_RUN: CostInput = COST_EXAMPLES[2]!;
const DEEP_1000: CostInput = COST_EXAMPLES[6]!;
/** A cap set below what the large run's overage needs. */
const LOW_CAP_CENTS = 500;

function proAccount(capCents: number): string {
  return `${PLANS.pro.name}, ${num(TRIAL_TOKENS)} allowance tokens left, ${usd(capCents)} cap`;
}

export const SCENARIOS: Scenario[] = [
  {
    account: `a new trial account (${num(TRIAL_TOKENS)} tokens)`,
    plan: 'trial',
    balance: { ...FRESH, included_remaining: TRIAL_TOKENS, cap_cents: 0 },
    run: DEFAULT_RUN,
  },
  {
    account: `a new trial account (${num(TRIAL_TOKENS)} tokens)`,
    plan: 'trial',
    balance: { ...FRESH, included_remaining: TRIAL_TOKENS, cap_cents: 0 },
    run: DEEP_1000,
  },
  {
    account: proAccount(DEFAULT_SPEND_CAP_CENTS),
    plan: 'pro',
    balance: { ...FRESH, included_remaining: TRIAL_TOKENS, cap_cents: DEFAULT_SPEND_CAP_CENTS },
    run: DEEP_1000,
  },
  {
    account: proAccount(LOW_CAP_CENTS),
    plan: 'pro',
    balance: { ...FRESH, included_remaining: TRIAL_TOKENS, cap_cents: LOW_CAP_CENTS },
    run: DEEP_1000,
  },
];

/** How a charge splits, for the scenarios above, as polis_estimate reports it. */
export function splitExamples(): string {
  const rows = SCENARIOS.map(({ account, plan, balance, run }) => {
    const example = { id: 'acct_example', email: '', plan, status: 'active' as const };
    const q = quote({ ...example, created_at: 0 }, balance, testCost(run));
    return [
      account,
      `${num(run.persona_count)} personas, ${code(run.detail)}`,
      num(q.tokens),
      num(q.split.included),
      num(q.split.purchased),
      PLANS[plan].overageCentsPer1000 === null && q.split.overage_tokens > 0
        ? `${num(q.split.overage_tokens)} (the trial has none)`
        : `${num(q.split.overage_tokens)} (${usd(Math.round(q.split.overage_usd * 100))})`,
      usd(Math.round(q.cap_remaining_after * 100)),
      q.affordable ? 'yes' : `no: ${code(q.refusal!)}`,
    ];
  });
  const header = [
    'account',
    'run',
    'tokens',
    'from allowance',
    'from purchased',
    'overage',
    'cap left after',
    'runs now',
  ];
  return mdTable(header, rows, [2, 3, 4]);
}

/** Single values the prose quotes. */
export const PRICING_VALUES: Record<string, () => string> = {
  trial_tokens: () => num(TRIAL_TOKENS),
  standard_run_tokens: () =>
    num(testCost({ ...DEFAULT_RUN, persona_count: PERSONA_COUNT.default }).tokens),
  default_cap: () => usd(DEFAULT_SPEND_CAP_CENTS),
  list_price: () => usd(LIST_PRICE_CENTS_PER_1000),
  base_tokens: () => num(BASE_TOKENS_PER_PERSONA),
  visual_multiplier: () => `${VISUAL_MODE_MULTIPLIER}`,
  pro_price: () => usd(PLANS.pro.monthlyPriceCents),
  pro_tokens: () => num(PLANS.pro.includedTokens),
  pro_overage: () => usd(PLANS.pro.overageCentsPer1000 ?? 0),
};
