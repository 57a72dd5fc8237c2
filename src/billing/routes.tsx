// Payment routes: pay links for token packs, plan checkout for a signed-in person, the pages
// Stripe returns people to, and Stripe's webhook. A pay link needs no sign-in (paying for an
// account harms no one), so all it can do is start a checkout for that account.
import { Hono, type Context } from 'hono';
import { signedInAccount } from '../auth/session';
import { readConfig } from '../config';
import type { Env } from '../env';
import { jsonError, readTextCapped } from '../lib/json-errors';
import { log } from '../lib/log';
import { findAccount } from '../storage/accounts';
import { findPlanKeepingSubscription } from '../storage/stripe';
import { html } from '../web/layout';
import { MessagePage, SignInPage } from '../web/pages';
import { PACKS, PLANS, type Pack, type Plan } from './catalogue';
import {
  createPackCheckout,
  createPlanCheckout,
  RETURN_PATHS,
  type CheckoutLink,
  type CheckoutTarget,
} from './checkout';
import { eventEnvelope } from './stripe-events';
import { PaymentProviderError, stripeSettings, verifyWebhook } from './stripe';
import { PAID_PLAN_IDS } from './subscriptions';
import { applyStripeEvent } from './webhook';

import { payLinkValid } from './pay-links';

type Ctx = Context<{ Bindings: Env }>;

export const billingRoutes = new Hono<{ Bindings: Env }>();

/** Stripe's events are a few KiB; the cap only stops abuse of an unauthenticated endpoint. */
export const WEBHOOK_MAX_BYTES = 256 * 1024;

billingRoutes.get('/pay/:pack', async (c) => {
  const settings = stripeSettings(c.env);
  if (!settings) return paymentsUnavailablePage();
  const pack = Object.hasOwn(PACKS, c.req.param('pack'))
    ? PACKS[c.req.param('pack') as Pack['id']]
    : null;
  if (!pack) return page(404, 'No such pack', 'Packs are small, medium, large and scale.');
  const accountId = c.req.query('account') ?? '';
  const account = /^acct_[0-9A-Za-z]{1,64}$/.test(accountId)
    ? await findAccount(c.env.DB, accountId)
    : null;
  const signed = await payLinkValid(
    c.env.STRIPE_SECRET_KEY!,
    accountId,
    pack.id,
    c.req.query('sig'),
  );
  if (!signed || !account || account.status !== 'active') {
    // One answer for a forged link and an unknown account: a link says nothing about either.
    return page(404, 'This pay link is not valid', 'Ask your agent for a fresh one (polis_topup).');
  }
  return startCheckout(c, { settings, account }, (target) => createPackCheckout(target, pack));
});

billingRoutes.get('/app/billing/subscribe', async (c) => {
  const settings = stripeSettings(c.env);
  if (!settings) return paymentsUnavailablePage();
  const planId = c.req.query('plan') ?? '';
  const plan = (PAID_PLAN_IDS as readonly string[]).includes(planId)
    ? PLANS[planId as Plan['id']]
    : null;
  if (!plan) return page(404, 'No such plan', 'Plans are pro and scale.');

  // Subscribing is for the account's person: sign in first, then come straight back here.
  const account = await signedInAccount(c, c.env.DB);
  if (!account) return html(<SignInPage returnTo={`/app/billing/subscribe?plan=${plan.id}`} />);

  const current = await findPlanKeepingSubscription(c.env.DB, account.id);
  if (current) {
    return page(
      409,
      'Already subscribed',
      `This account already has the ${PLANS[current.plan].name} plan (${current.status}).`,
    );
  }
  return startCheckout(c, { settings, account }, (target) => createPlanCheckout(target, plan));
});

billingRoutes.get(RETURN_PATHS.thanks, (c) =>
  page(
    200,
    'Thank you',
    c.req.query('for') === 'plan'
      ? 'Your plan starts as soon as Stripe confirms the payment, usually within seconds.'
      : 'Your tokens are added as soon as Stripe confirms the payment, usually within seconds.',
    'You can close this page. polis_account shows the balance.',
  ),
);

billingRoutes.get(RETURN_PATHS.cancelled, () =>
  page(200, 'Checkout cancelled', 'Nothing was charged.', 'You can close this page.'),
);

billingRoutes.post('/api/stripe/webhook', async (c) => {
  const settings = stripeSettings(c.env);
  if (!settings) return jsonError(404, 'not_found', 'Payments are not configured on this server.');

  const body = await readTextCapped(c.req.raw, WEBHOOK_MAX_BYTES);
  if (body === null) {
    return jsonError(
      413,
      'payload_too_large',
      `The body must be at most ${WEBHOOK_MAX_BYTES} bytes.`,
    );
  }
  const signature = c.req.header('Stripe-Signature');
  if (!signature) {
    return jsonError(400, 'invalid_input', 'The Stripe-Signature header is missing.', {
      field: 'Stripe-Signature',
    });
  }
  let verified: unknown;
  try {
    verified = await verifyWebhook(settings, body, signature);
  } catch (error) {
    // The sender learns only that the signature failed; the log keeps the kind of failure.
    log('warn', 'stripe.webhook_refused', {
      reason: error instanceof Error ? error.name : 'unknown',
    });
    return jsonError(
      400,
      'invalid_input',
      'The Stripe-Signature header does not match this body, or it is too old.',
      { field: 'Stripe-Signature' },
    );
  }
  const event = eventEnvelope.safeParse(verified);
  if (!event.success) {
    log('warn', 'stripe.event_unreadable', { field: event.error.issues[0]!.path.join('.') });
    return c.json({ received: true, ignored: true });
  }

  const outcome = await applyStripeEvent(c.env.DB, settings, event.data);
  log('info', 'stripe.webhook', { event_id: event.data.id, type: event.data.type, outcome });
  if (outcome === 'applied') return c.json({ received: true });
  return c.json({ received: true, [outcome]: true });
});

async function startCheckout(
  c: Ctx,
  target: Omit<CheckoutTarget, 'db' | 'origin'>,
  create: (target: CheckoutTarget) => Promise<CheckoutLink>,
): Promise<Response> {
  const full = { ...target, db: c.env.DB, origin: readConfig(c.env).origin };
  try {
    const link = await create(full);
    return new Response(null, {
      status: 303,
      headers: {
        Location: link.url,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      },
    });
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error;
    return page(
      502,
      'Payment provider unavailable',
      'Stripe did not answer as expected, so no checkout was started and nothing was charged.',
      'Try again in a minute.',
    );
  }
}

function paymentsUnavailablePage(): Response {
  return page(
    503,
    'Payments unavailable',
    'Payments are not configured on this Polis server, so no checkout can be started.',
    'An operator can credit tokens to your account instead.',
  );
}

function page(status: number, title: string, message: string, next?: string): Response {
  return html(<MessagePage title={title} message={message} next={next} />, status);
}
