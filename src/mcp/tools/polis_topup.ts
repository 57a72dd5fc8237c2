// polis_topup: a payment link for a pack of tokens. Paid through Stripe.
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
  async run() {
    throw new ToolError(
      'payments_unavailable',
      'Payments are not configured on this server, so no pay link can be made. An operator can ' +
        'credit tokens directly.',
    );
  },
});
