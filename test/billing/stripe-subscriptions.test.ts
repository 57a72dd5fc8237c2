// Subscriptions through Stripe's webhooks and the hourly renewal: the plan follows the
// subscription, each period's allowance is granted exactly once whatever order or how often
// Stripe delivers, and the cron catches up on a grant the webhook did not make.
import { createExecutionContext, createScheduledController, env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { charge } from '../../src/storage/ledger';
import { auditRows, provision, type Provisioned } from '../helpers';
import {
  accountBilling,
  callToolWith,
  deliver,
  expectLedgerMatchesBalance,
  installStandin,
  ledgerRows,
  nowSeconds,
  stripeEvent,
  subscriptionJson,
  STRIPE_ENV,
  type StandinSubscription,
  type StripeStandin,
} from './stripe-standin';

const DAY = 24 * 3600;
const received = { received: true };
const duplicate = { received: true, duplicate: true };

let stripe: StripeStandin;
let owner: Provisioned;
let sub: StandinSubscription;

beforeEach(async () => {
  stripe = installStandin();
  owner = await provision();
  const start = nowSeconds() - DAY;
  sub = {
    id: `sub_${owner.account_id.slice(5)}`,
    customer: `cus_of_${owner.account_id.slice(5)}`,
    status: 'active',
    metadata: { account_id: owner.account_id, plan: 'pro' },
    periodStart: start,
    periodEnd: start + 30 * DAY,
  };
});
afterEach(() => {
  vi.restoreAllMocks();
});

function checkoutCompleted(subscription: StandinSubscription, created?: number) {
  return stripeEvent(
    'checkout.session.completed',
    {
      id: `cs_test_sub_${subscription.id}`,
      object: 'checkout.session',
      mode: 'subscription',
      status: 'complete',
      payment_status: 'paid',
      customer: subscription.customer,
      client_reference_id: owner.account_id,
      subscription: subscription.id,
      metadata: { account_id: owner.account_id, plan: subscription.metadata.plan },
    },
    created,
  );
}

/** invoice.paid in Stripe's current shape: the subscription under `parent`, the period on lines. */
function invoicePaid(
  subscription: StandinSubscription,
  period: { start: number; end: number },
  billingReason = 'subscription_cycle',
  created?: number,
) {
  return stripeEvent(
    'invoice.paid',
    {
      id: `in_${subscription.id}_${period.start}`,
      object: 'invoice',
      customer: subscription.customer,
      billing_reason: billingReason,
      status: 'paid',
      period_start: period.start - 30 * DAY,
      period_end: period.start,
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
      },
      lines: { object: 'list', data: [{ id: 'il_1', period }] },
    },
    created,
  );
}

function subscriptionEvent(type: string, subscription: StandinSubscription, created?: number) {
  return stripeEvent(type, subscriptionJson(subscription), created);
}

function nextPeriod(subscription: StandinSubscription) {
  return { start: subscription.periodEnd, end: subscription.periodEnd + 30 * DAY };
}

async function subscribe(subscription = sub): Promise<void> {
  stripe.subscriptions.set(subscription.id, subscription);
  const response = await deliver(checkoutCompleted(subscription));
  expect(await response.json()).toEqual(received);
}

async function spend(tokens: number): Promise<void> {
  const outcome = await charge(env.DB, {
    accountId: owner.account_id,
    tokens,
    overageCentsPer1000: 500,
    ref: `run_test_${crypto.randomUUID()}`,
    reason: 'test run',
  });
  expect(outcome.charged).toBe(true);
}

async function allowanceRefs(): Promise<string[]> {
  return (await ledgerRows(owner.account_id, 'allowance')).map((row) => row.ref!);
}

async function runCron(scheduledTime = Date.now()): Promise<void> {
  const controller = createScheduledController({ scheduledTime, cron: '17 * * * *' });
  const environment = { ...env, ...STRIPE_ENV } as unknown as Env;
  await worker.scheduled(controller, environment, createExecutionContext());
}

describe('subscribing', () => {
  it('sets the plan, a default cap and the first allowance when checkout completes', async () => {
    await subscribe();

    expect(stripe.seen(`GET /v1/subscriptions/${sub.id}`)).toHaveLength(1);
    expect(await accountBilling(owner.account_id)).toMatchObject({
      plan: 'pro',
      included_remaining: 8000,
      cap_cents: 5000,
    });
    expect(await allowanceRefs()).toEqual([`sub:${sub.id}:${sub.periodStart}`]);
    const audit = await auditRows(owner.account_id);
    expect(audit.at(-1)).toMatchObject({ actor: 'system', action: 'account.plan' });
    expect(JSON.parse(audit.at(-1)!.detail!)).toEqual({
      from: 'trial',
      to: 'pro',
      subscription: sub.id,
    });
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('shows the subscription status in polis_account', async () => {
    const before = await callToolWith(owner.api_key, 'polis_account', {});
    expect(before.data.subscription_status).toBeNull();

    await subscribe();

    const after = await callToolWith(owner.api_key, 'polis_account', {});
    expect(after.data).toMatchObject({ plan: 'pro', subscription_status: 'active' });
    expect(after.data._usage).toMatchObject({ plan: 'pro', included_remaining: 8000 });
  });

  it('keeps a cap the account already set', async () => {
    await env.DB.prepare('UPDATE balances SET cap_cents = 12300 WHERE account_id = ?')
      .bind(owner.account_id)
      .run();
    await subscribe();
    expect((await accountBilling(owner.account_id))!.cap_cents).toBe(12300);
  });
});

describe('renewals by invoice', () => {
  it('renews the allowance once per period, even when Stripe delivers twice', async () => {
    await subscribe();
    await spend(3000);
    expect((await accountBilling(owner.account_id))!.included_remaining).toBe(5000);

    const period = nextPeriod(sub);
    const first = invoicePaid(sub, period);
    expect(await (await deliver(first)).json()).toEqual(received);
    expect(await (await deliver(first)).json()).toEqual(duplicate);
    // Another event about the same payment (Stripe sends several) adds nothing either.
    expect(await (await deliver(invoicePaid(sub, period))).json()).toEqual(received);

    expect(await allowanceRefs()).toEqual([
      `sub:${sub.id}:${sub.periodStart}`,
      `sub:${sub.id}:${period.start}`,
    ]);
    expect((await accountBilling(owner.account_id))!.included_remaining).toBe(8000);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('grants nothing for an invoice of an older period that arrives late', async () => {
    // The newer period is known and granted; the older one's invoice was held up for days.
    const current = nextPeriod(sub);
    await deliver(invoicePaid(sub, current));
    await spend(2000);

    const first = { start: sub.periodStart, end: sub.periodEnd };
    const late = invoicePaid(sub, first, 'subscription_create');
    expect(await (await deliver(late)).json()).toEqual(received);

    expect(await allowanceRefs()).toEqual([`sub:${sub.id}:${current.start}`]);
    expect((await accountBilling(owner.account_id))!.included_remaining).toBe(6000);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('ignores invoices that pay for no period (prorations, one-off invoices)', async () => {
    await subscribe();
    const proration = invoicePaid(sub, nextPeriod(sub), 'subscription_update');
    expect(await (await deliver(proration)).json()).toEqual({ received: true, ignored: true });
    expect(await allowanceRefs()).toHaveLength(1);
  });

  it('grants a renewal paid late, when the invoice is finally paid', async () => {
    await subscribe();
    const period = nextPeriod(sub);
    const lapsed = { ...sub, status: 'past_due', periodStart: period.start, periodEnd: period.end };
    await deliver(subscriptionEvent('customer.subscription.updated', lapsed));
    expect(await allowanceRefs()).toHaveLength(1);
    expect((await accountBilling(owner.account_id))!.plan).toBe('pro');

    await deliver(invoicePaid(sub, period));
    expect(await allowanceRefs()).toEqual([
      `sub:${sub.id}:${sub.periodStart}`,
      `sub:${sub.id}:${period.start}`,
    ]);
  });
});

describe('cancellation', () => {
  it('puts the account back on trial terms and keeps its purchased tokens', async () => {
    await subscribe();
    await deliver(
      stripeEvent('checkout.session.completed', {
        id: `cs_test_pack_${sub.id}`,
        object: 'checkout.session',
        mode: 'payment',
        payment_status: 'paid',
        client_reference_id: owner.account_id,
        metadata: { account_id: owner.account_id, pack: 'small', tokens: '1000' },
      }),
    );

    const deleted = subscriptionEvent('customer.subscription.deleted', {
      ...sub,
      status: 'canceled',
    });
    expect(await (await deliver(deleted)).json()).toEqual(received);

    expect(await accountBilling(owner.account_id)).toMatchObject({
      plan: 'trial',
      purchased_remaining: 1000,
    });
    const account = await callToolWith(owner.api_key, 'polis_account', {});
    expect(account.data).toMatchObject({ plan: 'trial', subscription_status: 'canceled' });
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('does not end the plan while another subscription of the account keeps it', async () => {
    await subscribe();
    const second = { ...sub, id: `${sub.id}_second`, metadata: { ...sub.metadata, plan: 'scale' } };
    await deliver(subscriptionEvent('customer.subscription.updated', second));
    expect((await accountBilling(owner.account_id))!.plan).toBe('scale');

    await deliver(
      subscriptionEvent('customer.subscription.deleted', { ...sub, status: 'canceled' }),
    );
    expect((await accountBilling(owner.account_id))!.plan).toBe('scale');
  });
});

describe('out-of-order delivery', () => {
  it('loses nothing when the first invoice arrives before the checkout', async () => {
    stripe.subscriptions.set(sub.id, sub);
    const period = { start: sub.periodStart, end: sub.periodEnd };

    await deliver(invoicePaid(sub, period, 'subscription_create'));
    expect(await accountBilling(owner.account_id)).toMatchObject({
      plan: 'pro',
      included_remaining: 8000,
    });

    await spend(500);
    expect(await (await deliver(checkoutCompleted(sub))).json()).toEqual(received);

    expect(await allowanceRefs()).toEqual([`sub:${sub.id}:${sub.periodStart}`]);
    expect((await accountBilling(owner.account_id))!.included_remaining).toBe(7500);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('keeps the newest state when an older update arrives after a cancellation', async () => {
    await subscribe();
    const now = nowSeconds();
    await deliver(
      subscriptionEvent('customer.subscription.deleted', { ...sub, status: 'canceled' }, now),
    );

    const older = subscriptionEvent('customer.subscription.updated', sub, now - 60);
    expect(await (await deliver(older)).json()).toEqual(received);

    expect((await accountBilling(owner.account_id))!.plan).toBe('trial');
    const account = await callToolWith(owner.api_key, 'polis_account', {});
    expect(account.data.subscription_status).toBe('canceled');
  });

  it('finds the account from the stored customer when an event carries no metadata', async () => {
    await subscribe();
    await env.DB.prepare(
      'INSERT INTO stripe_customers (account_id, customer_id, created_at) VALUES (?, ?, 0)',
    )
      .bind(owner.account_id, sub.customer)
      .run();
    await env.DB.prepare('DELETE FROM subscriptions WHERE id = ?').bind(sub.id).run();

    const bare = { ...sub, status: 'canceled', metadata: { plan: 'pro' } };
    expect(
      await (await deliver(subscriptionEvent('customer.subscription.deleted', bare))).json(),
    ).toEqual(received);
    expect((await accountBilling(owner.account_id))!.plan).toBe('trial');
  });
});

describe('the hourly renewal (Cron Trigger)', () => {
  /** A subscription Stripe reported for the period just begun, whose grant never happened. */
  async function storeWithoutGrant(status = 'active', start = nowSeconds() - 3600) {
    await env.DB.prepare(
      `INSERT INTO subscriptions (id, account_id, plan, status, current_period_start,
         current_period_end, observed_at, updated_at) VALUES (?, ?, 'scale', ?, ?, ?, ?, 0)`,
    )
      .bind(sub.id, owner.account_id, status, start, start + 30 * DAY, start)
      .run();
    return start;
  }

  it('grants a begun period that has no allowance yet, once however often it runs', async () => {
    const start = await storeWithoutGrant();

    await runCron();
    await runCron();

    expect(await allowanceRefs()).toEqual([`sub:${sub.id}:${start}`]);
    expect((await accountBilling(owner.account_id))!.included_remaining).toBe(30_000);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('leaves alone periods already granted by the webhook', async () => {
    await subscribe();
    await runCron();
    expect(await allowanceRefs()).toHaveLength(1);
  });

  it('grants nothing while not paid up, or before the period begins', async () => {
    await storeWithoutGrant('past_due');
    await runCron();
    expect(await allowanceRefs()).toEqual([]);

    await env.DB.prepare('DELETE FROM subscriptions WHERE id = ?').bind(sub.id).run();
    await storeWithoutGrant('active', nowSeconds() + 3600);
    await runCron();
    expect(await allowanceRefs()).toEqual([]);
  });
});
