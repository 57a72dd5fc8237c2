// The run-a-test page's worked example: its input, and what polis_estimate and polis_test
// answer for it on a new trial account, computed with the functions the tools use.
import type { Balance } from '../billing/charge';
import { TRIAL_TOKENS } from '../billing/catalogue';
import { testCost } from '../billing/cost';
import { quote } from '../billing/quote';
import { usageOf } from '../billing/usage';
import { testInput } from '../mcp/schemas';
import type { Account } from '../storage/accounts';
import { jsonBlock } from './md';

export const EXAMPLE_INPUT = {
  content_type: 'linkedin',
  content:
    'We rebuilt our onboarding around one question: what did you come here to do? ' +
    'Activation went from 31% to 52% in six weeks. Three things we learned, in the comments.',
  audience: 'product managers and growth leads at B2B software companies',
  persona_count: 100,
  detail: 'standard',
} as const;

const TRIAL_ACCOUNT: Account = {
  id: 'acct_example',
  email: 'you@example.com',
  plan: 'trial',
  status: 'active',
  created_at: 0,
};
const TRIAL_BALANCE: Balance = {
  included_remaining: TRIAL_TOKENS,
  purchased_remaining: 0,
  overage_tokens: 0,
  overage_cents: 0,
  cap_cents: 0,
};

function exampleQuote() {
  return quote(TRIAL_ACCOUNT, TRIAL_BALANCE, testCost(testInput.parse(EXAMPLE_INPUT)));
}

export function exampleInput(): string {
  return jsonBlock(EXAMPLE_INPUT);
}

/** polis_estimate's structuredContent for the example on a new trial account. */
export function exampleEstimate(): string {
  const { affordable, refusal, ...estimate } = exampleQuote();
  const result = { ...estimate, can_run_now: affordable, ...(refusal ? { refusal } : {}) };
  return jsonBlock({ ...result, _usage: usageOf(TRIAL_ACCOUNT, TRIAL_BALANCE) });
}

/** The charge part of polis_test's answer, and the balance after it. */
export function exampleCharge(): string {
  const q = exampleQuote();
  const after: Balance = { ...TRIAL_BALANCE, included_remaining: TRIAL_TOKENS - q.split.included };
  return jsonBlock({
    run_id: 'run_7Qm2XcP9aL4tB8nR1sVe',
    status: 'pending',
    reactions_total: EXAMPLE_INPUT.persona_count,
    charge: {
      tokens: q.tokens,
      from_included: q.split.included,
      from_purchased: q.split.purchased,
      overage_tokens: q.split.overage_tokens,
      overage_usd: q.split.overage_usd,
    },
    _usage: usageOf(TRIAL_ACCOUNT, after),
  });
}
