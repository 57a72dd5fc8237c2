// What an account that cannot pay for a run is offered: plan checkout links for a person and
// top-up pay links an agent can hand over. Without Stripe configured, an honest "unavailable".
import type { Config } from '../config';
import type { Env } from '../env';
import { PACKS, PLANS } from './catalogue';
import { centsToUsd } from './cost';
import { payLink } from './pay-links';

export interface PaymentOptions {
  payments_available: boolean;
  message: string;
  plans?: { plan: string; monthly_usd: number; included_tokens: number; checkout_url: string }[];
  topups?: { pack: string; tokens: number; price_usd: number; pay_url: string }[];
}

export function paymentsConfigured(env: Env): boolean {
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}

export async function paymentOptions(
  env: Env,
  config: Config,
  accountId: string,
): Promise<PaymentOptions> {
  if (!paymentsConfigured(env)) {
    return {
      payments_available: false,
      message:
        'Payments are not configured on this Polis server. An operator can credit tokens to ' +
        'this account.',
    };
  }
  return {
    payments_available: true,
    message:
      'Give a checkout_url to a person to subscribe, or a pay_url to buy a one-off pack ' +
      '(polis_topup makes one too). Tokens are credited once Stripe confirms payment.',
    plans: [PLANS.pro, PLANS.scale].map((plan) => ({
      plan: plan.id,
      monthly_usd: centsToUsd(plan.monthlyPriceCents),
      included_tokens: plan.includedTokens,
      checkout_url: `${config.origin}/app/billing/subscribe?plan=${plan.id}`,
    })),
    topups: await Promise.all(
      Object.values(PACKS).map(async (pack) => ({
        pack: pack.id,
        tokens: pack.tokens,
        price_usd: centsToUsd(pack.priceCents),
        pay_url: await payLink(config.origin, env.STRIPE_SECRET_KEY!, accountId, pack.id),
      })),
    ),
  };
}
