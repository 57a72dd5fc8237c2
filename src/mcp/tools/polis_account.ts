// polis_account: who the caller is and where the account stands. Free.
import { planOf } from '../../billing/catalogue';
import { testCost } from '../../billing/cost';
import { paymentOptions } from '../../billing/payment-options';
import { quote } from '../../billing/quote';
import { PERSONA_COUNT } from '../schemas';
import { noInput } from '../schemas';
import { defineTool } from '../tool';

/** The yardstick for "can this account pay for a run": the default polis_test. */
const STANDARD_RUN = testCost({
  persona_count: PERSONA_COUNT.default,
  detail: 'standard',
  content_type: 'text',
  url_mode: 'copy',
});

export const polisAccount = defineTool({
  name: 'polis_account',
  title: 'Polis account',
  description:
    'Shows the Polis account behind your credentials: plan, status, tokens left (included ' +
    'allowance and purchased), overage so far and the spend cap. When the account cannot pay ' +
    'for a standard run, it also lists checkout links for a person and top-up pay links. Free.',
  input: noInput,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_input, { account, balance, subscriptionStatus, env, config }) {
    const plan = planOf(account.plan);
    const standardRun = quote(account, balance, STANDARD_RUN);
    return {
      account_id: account.id,
      email: account.email,
      plan: plan.id,
      plan_name: plan.name,
      status: account.status,
      // Read with the account by the authentication query: this tool adds no query.
      subscription_status: subscriptionStatus,
      allowance_remaining: balance.included_remaining,
      purchased_remaining: balance.purchased_remaining,
      overage_tokens: balance.overage_tokens,
      overage_usd: balance.overage_cents / 100,
      cap_usd: balance.cap_cents / 100,
      standard_run: { tokens: STANDARD_RUN.tokens, affordable: standardRun.affordable },
      ...(standardRun.affordable
        ? {}
        : { payment_options: await paymentOptions(env, config, account.id) }),
      created_at: new Date(account.created_at).toISOString(),
    };
  },
});
