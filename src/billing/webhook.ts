// Applies verified Stripe events, each at most once. The event's id goes into stripe_events in
// the same D1 batch as its effect, so a replay or a concurrent duplicate delivery changes
// nothing; a purchase is credited once per checkout session (the ledger ref), and an allowance
// once per subscription period, so even two different events about one payment apply once.
// Events can arrive in any order: billing/subscriptions.ts decides how each report merges.
import type { z } from 'zod';
import { log } from '../lib/log';
import { findAccount } from '../storage/accounts';
import { creditStatements, isUniqueViolation, renewAllowance } from '../storage/ledger';
import {
  accountPlanStatements,
  eventApplied,
  findAccountIdByCustomer,
  findSubscription,
  insertEvent,
  recordEvent,
  upsertSubscription,
} from '../storage/stripe';
import { planOf } from './catalogue';
import {
  checkoutSession,
  invoiceObject,
  invoicePeriod,
  invoiceSubscription,
  planFromMetadata,
  sessionFacts,
  subscriptionObject,
  subscriptionPeriod,
  type CheckoutSession,
  type InvoiceObject,
  type StripeEventEnvelope,
  type SubscriptionObject,
} from './stripe-events';
import { callStripe, stripeClient, type StripeSettings } from './stripe';
import {
  allowanceRef,
  decideSync,
  type SubscriptionReport,
  type SubscriptionState,
} from './subscriptions';

export type EventOutcome = 'applied' | 'duplicate' | 'ignored';

interface Handling {
  db: D1Database;
  settings: StripeSettings;
  event: StripeEventEnvelope;
}

const SUBSCRIPTION_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
]);
/** Invoices that pay for a subscription period (not prorations or one-off invoices). */
const PERIOD_INVOICES = new Set(['subscription_create', 'subscription_cycle']);

export async function applyStripeEvent(
  db: D1Database,
  settings: StripeSettings,
  event: StripeEventEnvelope,
): Promise<EventOutcome> {
  // Cheap early answer for a replay; the batch below is what makes it safe under concurrency.
  if (await eventApplied(db, event.id)) return 'duplicate';
  const handling = { db, settings, event };
  const object = event.data.object;

  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return checkoutCompleted(handling, parse(checkoutSession, object, event));
    case 'invoice.paid':
      return invoicePaid(handling, parse(invoiceObject, object, event));
    default:
      if (SUBSCRIPTION_EVENTS.has(event.type)) {
        return subscriptionChanged(handling, parse(subscriptionObject, object, event));
      }
      return 'ignored';
  }
}

async function checkoutCompleted(
  handling: Handling,
  session: CheckoutSession | null,
): Promise<EventOutcome> {
  if (!session) return 'ignored';
  // Delayed payment methods complete the session unpaid; async_payment_succeeded follows.
  if (session.payment_status !== 'paid') return ignore(handling, 'checkout not paid yet');
  const facts = sessionFacts(session);
  if (!facts.accountId) return ignore(handling, 'checkout without a Polis account');
  const account = await findAccount(handling.db, facts.accountId);
  if (!account) return ignore(handling, 'checkout for an unknown account', 'error');

  if (session.mode === 'payment') {
    if (facts.tokens === null) return ignore(handling, 'payment without a token count', 'error');
    return purchase(handling, account.id, facts.tokens, session.id, facts.pack);
  }
  if (session.mode === 'subscription' && session.subscription && facts.plan) {
    // The session does not carry the period: ask Stripe for the subscription as it is now.
    const stripe = stripeClient(handling.settings);
    const id = session.subscription;
    const current = await callStripe('subscriptions.retrieve', () =>
      stripe.subscriptions.retrieve(id),
    );
    const subscription = parse(subscriptionObject, current, handling.event);
    const period = subscription && subscriptionPeriod(subscription);
    if (!subscription || !period) return ignore(handling, 'subscription without a period');
    return sync(handling, {
      id,
      accountId: account.id,
      plan: planFromMetadata(subscription.metadata) ?? facts.plan,
      status: subscription.status,
      period,
      // Fetched just now: newer than any event already sent.
      observedAt: Math.max(handling.event.created, Math.floor(Date.now() / 1000)),
      paidPeriod: true,
    });
  }
  return ignore(handling, `checkout in mode ${session.mode}`);
}

async function purchase(
  { db, event }: Handling,
  accountId: string,
  tokens: number,
  sessionId: string,
  pack: string | null,
): Promise<EventOutcome> {
  try {
    await db.batch([
      insertEvent(db, event),
      ...creditStatements(db, {
        accountId,
        kind: 'purchase',
        tokens,
        reason: pack ? `token pack "${pack}" (Stripe)` : 'token purchase (Stripe)',
        ref: sessionId,
      }),
    ]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // This event, or another one about the same session, was applied already.
    await recordEvent(db, event);
    return 'duplicate';
  }
  log('info', 'stripe.purchase', { account_id: accountId, tokens, event_id: event.id });
  return 'applied';
}

async function invoicePaid(
  handling: Handling,
  invoice: InvoiceObject | null,
): Promise<EventOutcome> {
  if (!invoice) return 'ignored';
  if (!invoice.billing_reason || !PERIOD_INVOICES.has(invoice.billing_reason)) {
    return ignore(handling, `invoice for ${invoice.billing_reason ?? 'no reason'}`);
  }
  const subscription = invoiceSubscription(invoice);
  const period = invoicePeriod(invoice);
  if (!subscription || !period) return ignore(handling, 'invoice without a subscription period');

  const stored = await findSubscription(handling.db, subscription.id);
  const accountId =
    stored?.accountId ??
    subscription.metadata?.account_id ??
    (invoice.customer ? await findAccountIdByCustomer(handling.db, invoice.customer) : null);
  const plan = planFromMetadata(subscription.metadata) ?? stored?.plan ?? null;
  if (!accountId || !plan) return ignore(handling, 'invoice for an unknown subscription');
  return sync(
    handling,
    {
      id: subscription.id,
      accountId,
      plan,
      status: null,
      period,
      observedAt: handling.event.created,
      paidPeriod: true,
    },
    stored,
  );
}

async function subscriptionChanged(
  handling: Handling,
  subscription: SubscriptionObject | null,
): Promise<EventOutcome> {
  if (!subscription) return 'ignored';
  const period = subscriptionPeriod(subscription);
  if (!period) return ignore(handling, 'subscription without a period');
  const stored = await findSubscription(handling.db, subscription.id);
  const accountId =
    stored?.accountId ??
    subscription.metadata?.account_id ??
    (await findAccountIdByCustomer(handling.db, subscription.customer));
  const plan = planFromMetadata(subscription.metadata) ?? stored?.plan ?? null;
  if (!accountId || !plan) return ignore(handling, 'subscription of no Polis account');
  return sync(
    handling,
    {
      id: subscription.id,
      accountId,
      plan,
      status: subscription.status,
      period,
      observedAt: handling.event.created,
      paidPeriod: false,
    },
    stored,
  );
}

/**
 * Stores what the report says, moves the account's plan, and grants the period's allowance
 * when due. The grant comes first and is idempotent by its ref: if the batch after it fails,
 * Stripe's retry finds the allowance already there and the batch is tried again.
 */
async function sync(
  handling: Handling,
  report: SubscriptionReport,
  known?: SubscriptionState | null,
): Promise<EventOutcome> {
  const { db, event } = handling;
  if (!(await findAccount(db, report.accountId))) {
    return ignore(handling, 'subscription for an unknown account', 'error');
  }
  const stored = known === undefined ? await findSubscription(db, report.id) : known;
  const decision = decideSync(stored, report);
  const { state } = decision;

  if (decision.grant) {
    const tokens = planOf(state.plan).includedTokens;
    const ref = allowanceRef(state.id, decision.grant.start);
    if (await renewAllowance(db, state.accountId, tokens, ref)) {
      log('info', 'stripe.allowance', { account_id: state.accountId, ref, tokens });
    }
  }
  try {
    await db.batch([
      insertEvent(db, event),
      upsertSubscription(db, state),
      ...(decision.accountPlan
        ? accountPlanStatements(db, state.accountId, decision.accountPlan, state.id)
        : []),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return 'duplicate';
    throw error;
  }
  log('info', 'stripe.subscription', {
    account_id: state.accountId,
    subscription: state.id,
    status: state.status,
    plan: state.plan,
    event_id: event.id,
  });
  return 'applied';
}

function parse<T>(schema: z.ZodType<T>, object: unknown, event: StripeEventEnvelope): T | null {
  const parsed = schema.safeParse(object);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  log('warn', 'stripe.event_unreadable', {
    event_id: event.id,
    type: event.type,
    field: issue.path.join('.'),
    problem: issue.message,
  });
  return null;
}

/** Acknowledged, nothing written: Stripe must not retry what Polis will never apply. */
function ignore({ event }: Handling, why: string, level: 'info' | 'error' = 'info'): EventOutcome {
  log(level, 'stripe.event_ignored', { event_id: event.id, type: event.type, why });
  return 'ignored';
}
