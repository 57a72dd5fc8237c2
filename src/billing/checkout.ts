// Stripe Checkout Sessions: a one-off pack of tokens (mode payment) or a monthly plan (mode
// subscription), always for the account's own Stripe customer, created on first use and kept.
// Polis learns that a payment settled only from the signed webhook, never from a return URL,
// so the metadata set here (account, pack and tokens, or plan) is what the webhook credits.
import type Stripe from 'stripe';
import type { Account } from '../storage/accounts';
import { findCustomerId, forgetCustomer, saveCustomer } from '../storage/stripe';
import type { Pack, Plan } from './catalogue';
import { callStripe, PaymentProviderError, stripeClient, type StripeSettings } from './stripe';

export interface CheckoutLink {
  id: string;
  url: string;
  /** Unix seconds: Stripe expires an unpaid session after 24 hours. */
  expiresAt: number;
}

export interface CheckoutTarget {
  settings: StripeSettings;
  db: D1Database;
  /** The public origin the return pages are built from. */
  origin: string;
  account: Account;
}

export const RETURN_PATHS = { thanks: '/billing/thanks', cancelled: '/billing/cancelled' };

export async function createPackCheckout(
  target: CheckoutTarget,
  pack: Pack,
): Promise<CheckoutLink> {
  const { account } = target;
  const tokens = pack.tokens.toLocaleString('en-US');
  return withCustomer(target, (stripe, customer) =>
    stripe.checkout.sessions.create({
      mode: 'payment',
      customer,
      client_reference_id: account.id,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'usd',
            unit_amount: pack.priceCents,
            product_data: {
              name: `Polis tokens: ${pack.id} pack (${tokens} tokens)`,
              description: `${tokens} Polis tokens. Purchased tokens never expire.`,
            },
          },
        },
      ],
      metadata: { account_id: account.id, pack: pack.id, tokens: String(pack.tokens) },
      payment_intent_data: { metadata: { account_id: account.id, pack: pack.id } },
      success_url: `${target.origin}${RETURN_PATHS.thanks}?for=pack`,
      cancel_url: `${target.origin}${RETURN_PATHS.cancelled}`,
    }),
  );
}

export async function createPlanCheckout(
  target: CheckoutTarget,
  plan: Plan,
): Promise<CheckoutLink> {
  const { account } = target;
  const included = plan.includedTokens.toLocaleString('en-US');
  const metadata = { account_id: account.id, plan: plan.id };
  return withCustomer(target, (stripe, customer) =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: account.id,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'usd',
            unit_amount: plan.monthlyPriceCents,
            recurring: { interval: 'month' },
            product_data: {
              name: `Polis ${plan.name} plan`,
              description: `${included} Polis tokens included each month.`,
            },
          },
        },
      ],
      metadata,
      // Copied onto the subscription, so its own events name the account and plan.
      subscription_data: { metadata },
      success_url: `${target.origin}${RETURN_PATHS.thanks}?for=plan`,
      cancel_url: `${target.origin}${RETURN_PATHS.cancelled}`,
    }),
  );
}

type CreateSession = (stripe: Stripe, customer: string) => Promise<Stripe.Checkout.Session>;

/**
 * Creates the session for the account's customer. A customer deleted in the Stripe Dashboard is
 * forgotten and replaced once, instead of breaking the account's payments for good.
 */
async function withCustomer(target: CheckoutTarget, create: CreateSession): Promise<CheckoutLink> {
  const stripe = stripeClient(target.settings);
  const customer = await customerFor(stripe, target, `polis-customer-${target.account.id}`);
  try {
    return linkOf(await callStripe('checkout.sessions.create', () => create(stripe, customer)));
  } catch (error) {
    const gone =
      error instanceof PaymentProviderError &&
      error.stripeCode === 'resource_missing' &&
      error.stripeParam === 'customer';
    if (!gone) throw error;
    await forgetCustomer(target.db, target.account.id, customer);
    const replacement = await customerFor(
      stripe,
      target,
      `polis-customer-${target.account.id}-${crypto.randomUUID()}`,
    );
    return linkOf(await callStripe('checkout.sessions.create', () => create(stripe, replacement)));
  }
}

async function customerFor(
  stripe: Stripe,
  { db, account }: CheckoutTarget,
  idempotencyKey: string,
): Promise<string> {
  const stored = await findCustomerId(db, account.id);
  if (stored) return stored;
  // The idempotency key makes concurrent first checkouts of one account get one customer.
  const customer = await callStripe('customers.create', () =>
    stripe.customers.create(
      { email: account.email, metadata: { account_id: account.id } },
      { idempotencyKey },
    ),
  );
  return saveCustomer(db, account.id, customer.id);
}

function linkOf(session: Stripe.Checkout.Session): CheckoutLink {
  if (!session.url) throw new PaymentProviderError('checkout.sessions.create');
  return { id: session.id, url: session.url, expiresAt: session.expires_at };
}
