// polis_topup: a payment link for a pack of tokens, paid through Stripe Checkout.
import { PACKS } from '../../billing/catalogue';
import { createPackCheckout } from '../../billing/checkout';
import { centsToUsd } from '../../billing/cost';
import { PaymentProviderError, stripeSettings } from '../../billing/stripe';
import { ToolError } from '../result';
import { topupInput } from '../schemas';
import { defineTool } from '../tool';

export const polisTopup = defineTool({
  name: 'polis_topup',
  title: 'Buy a token pack',
  description:
    'Creates a Stripe payment link for a pack of Polis tokens and returns its pay_url for a ' +
    'person to open. Tokens are credited when Stripe reports the payment settled; purchased ' +
    'tokens never expire. Packs: small $5 → 1,000 tokens, medium $20 → 4,000, large $50 → ' +
    '12,500, scale $200 → 55,000.',
  input: topupInput,
  spends: true,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async run(input, { env, config, account }) {
    const settings = stripeSettings(env);
    if (!settings) {
      throw new ToolError(
        'payments_unavailable',
        'Payments are not configured on this server, so no pay link can be made. An operator ' +
          'can credit tokens directly.',
      );
    }
    const pack = PACKS[input.pack];
    try {
      const link = await createPackCheckout(
        { settings, db: env.DB, origin: config.origin, account },
        pack,
      );
      return {
        pay_url: link.url,
        pack: pack.id,
        tokens: pack.tokens,
        price_usd: centsToUsd(pack.priceCents),
        expires_at: new Date(link.expiresAt * 1000).toISOString(),
        note: 'Give pay_url to a person to pay. The tokens are credited once Stripe confirms.',
      };
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      throw new ToolError(
        'payments_unavailable',
        'The payment provider (Stripe) failed to create a pay link, so nothing was charged. ' +
          'Try again in a minute.',
      );
    }
  },
});
