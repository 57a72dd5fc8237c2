// Checkout creation against the Stripe stand-in: polis_topup, pay links, plan checkout. The
// stand-in sees the requests the official SDK really sends and answers as Stripe would.
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { payLink } from '../../src/billing/pay-links';
import { charge } from '../../src/storage/ledger';
import { ORIGIN, provision, type Provisioned } from '../helpers';
import {
  callToolWith,
  installStandin,
  ledgerRows,
  NO_STRIPE_ENV,
  signInCookie,
  STRIPE_ENV,
  workerFetch,
  type StripeStandin,
} from './stripe-standin';

let stripe: StripeStandin;
let owner: Provisioned;

beforeEach(async () => {
  stripe = installStandin();
  owner = await provision();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function storedCustomer(accountId: string): Promise<string | null> {
  const row = await env.DB.prepare('SELECT customer_id FROM stripe_customers WHERE account_id = ?')
    .bind(accountId)
    .first<{ customer_id: string }>();
  return row?.customer_id ?? null;
}

describe('polis_topup', () => {
  it('creates a Checkout Session for the pack and returns its pay_url', async () => {
    const { isError, data } = await callToolWith(owner.api_key, 'polis_topup', { pack: 'medium' });

    expect(isError).toBe(false);
    expect(data).toMatchObject({ pack: 'medium', tokens: 4000, price_usd: 20 });
    expect(data.pay_url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_standin\w+$/);
    expect(Date.parse(data.expires_at)).toBeGreaterThan(Date.now());
    expect(data._usage.purchased_remaining).toBe(0);

    const [session] = stripe.seen('POST /v1/checkout/sessions');
    const form = Object.fromEntries(session!.form);
    expect(form).toMatchObject({
      mode: 'payment',
      customer: await storedCustomer(owner.account_id),
      client_reference_id: owner.account_id,
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '2000',
      'line_items[0][price_data][product_data][name]': 'Polis tokens: medium pack (4,000 tokens)',
      'metadata[account_id]': owner.account_id,
      'metadata[pack]': 'medium',
      'metadata[tokens]': '4000',
      success_url: `${ORIGIN}/billing/thanks?for=pack`,
      cancel_url: `${ORIGIN}/billing/cancelled`,
    });
    expect(session!.headers.get('Authorization')).toBe(`Bearer ${STRIPE_ENV.STRIPE_SECRET_KEY}`);
  });

  it('creates a Stripe customer on first use, with the account email, then reuses it', async () => {
    await callToolWith(owner.api_key, 'polis_topup', { pack: 'small' });
    await callToolWith(owner.api_key, 'polis_topup', { pack: 'large' });

    const created = stripe.seen('POST /v1/customers');
    expect(created).toHaveLength(1);
    expect(Object.fromEntries(created[0]!.form)).toEqual({
      email: owner.email,
      'metadata[account_id]': owner.account_id,
    });
    expect(created[0]!.headers.get('Idempotency-Key')).toBe(`polis-customer-${owner.account_id}`);
    const sessions = stripe.seen('POST /v1/checkout/sessions');
    expect(sessions).toHaveLength(2);
    const customer = await storedCustomer(owner.account_id);
    expect(customer).toMatch(/^cus_standin\w+$/);
    expect(sessions.map((request) => request.form.get('customer'))).toEqual([customer, customer]);
  });

  it('replaces a customer deleted in Stripe instead of failing for good', async () => {
    await callToolWith(owner.api_key, 'polis_topup', { pack: 'small' });
    const first = (await storedCustomer(owner.account_id))!;
    stripe.customers.delete(first);

    const { isError, data } = await callToolWith(owner.api_key, 'polis_topup', { pack: 'small' });

    expect(isError).toBe(false);
    expect(data.pay_url).toContain('cs_test_standin');
    const second = await storedCustomer(owner.account_id);
    expect(second).not.toBe(first);
    expect(stripe.customers.has(second!)).toBe(true);
  });

  it('answers payments_unavailable, nothing charged, when Stripe fails', async () => {
    stripe.down = true;
    const { isError, data } = await callToolWith(owner.api_key, 'polis_topup', { pack: 'small' });

    expect(isError).toBe(true);
    expect(data.error).toEqual({
      code: 'payments_unavailable',
      message:
        'The payment provider (Stripe) failed to create a pay link, so nothing was charged. ' +
        'Try again in a minute.',
    });
    expect(data._usage.included_remaining).toBe(1000);
    expect(await ledgerRows(owner.account_id, 'charge')).toEqual([]);
  });

  it('answers payments_unavailable, calling no one, when Stripe is not configured', async () => {
    const { isError, data } = await callToolWith(
      owner.api_key,
      'polis_topup',
      { pack: 'small' },
      NO_STRIPE_ENV,
    );
    expect(isError).toBe(true);
    expect(data.error.code).toBe('payments_unavailable');
    expect(data.error.message).toContain('Payments are not configured on this server');
    expect(stripe.requests).toEqual([]);
  });
});

/** A pay link as Polis mints it (signed with the Stripe key, see src/billing/pay-links.ts). */
async function signedPath(pack: string, accountId: string): Promise<string> {
  const url = await payLink(ORIGIN, STRIPE_ENV.STRIPE_SECRET_KEY, accountId, pack);
  return url.slice(ORIGIN.length);
}

describe('GET /pay/{pack}', () => {
  it('redirects to a new Checkout Session for the account named in the link', async () => {
    const response = await workerFetch(await signedPath('scale', owner.account_id), {
      redirect: 'manual',
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\//);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const [session] = stripe.seen('POST /v1/checkout/sessions');
    expect(session!.form.get('line_items[0][price_data][unit_amount]')).toBe('20000');
    expect(session!.form.get('metadata[tokens]')).toBe('55000');
    expect(session!.form.get('metadata[account_id]')).toBe(owner.account_id);
  });

  it('answers 404 for an unknown pack or account, without calling Stripe', async () => {
    const unknownPack = await workerFetch(`/pay/huge?account=${owner.account_id}`);
    expect(unknownPack.status).toBe(404);
    expect(await unknownPack.text()).toContain('No such pack');

    const unknown = await signedPath('small', 'acct_doesnotexist');
    for (const path of ['/pay/small', '/pay/small?account=%27%3B--', unknown]) {
      const response = await workerFetch(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('Content-Type')).toContain('text/html');
      expect(await response.text()).toContain('This pay link is not valid');
    }
    expect(stripe.requests).toEqual([]);
  });

  it('refuses an unsigned, forged or re-targeted pay link, without calling Stripe', async () => {
    const stranger = await provision();
    const mine = await signedPath('small', owner.account_id);
    const sig = new URL(mine, ORIGIN).searchParams.get('sig');
    for (const path of [
      `/pay/small?account=${owner.account_id}`,
      `/pay/small?account=${owner.account_id}&sig=AAAAAAAAAAAAAAAAAAAAAAAA`,
      `/pay/small?account=${stranger.account_id}&sig=${sig}`,
      `/pay/scale?account=${owner.account_id}&sig=${sig}`,
    ]) {
      const response = await workerFetch(path);
      expect(response.status).toBe(404);
    }
    expect(stripe.requests).toEqual([]);
  });

  it('answers 503 with a clear page when payments are not configured', async () => {
    const response = await workerFetch(
      await signedPath('small', owner.account_id),
      {},
      NO_STRIPE_ENV,
    );
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('Payments are not configured on this Polis server');
  });

  it('answers 502, nothing charged, when Stripe fails', async () => {
    stripe.down = true;
    const response = await workerFetch(await signedPath('small', owner.account_id));
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('nothing was charged');
  });
});

describe('GET /app/billing/subscribe', () => {
  it('asks a person who is not signed in to sign in, and returns them here', async () => {
    const response = await workerFetch('/app/billing/subscribe?plan=pro');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('name="api_key"');
    expect(page).toContain('name="return_to" value="/app/billing/subscribe?plan=pro"');
    expect(stripe.requests).toEqual([]);
  });

  it('redirects a signed-in person to a subscription Checkout Session', async () => {
    const cookie = await signInCookie(owner.api_key);
    const response = await workerFetch('/app/billing/subscribe?plan=scale', {
      headers: { Cookie: cookie },
      redirect: 'manual',
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const [session] = stripe.seen('POST /v1/checkout/sessions');
    expect(Object.fromEntries(session!.form)).toMatchObject({
      mode: 'subscription',
      customer: await storedCustomer(owner.account_id),
      client_reference_id: owner.account_id,
      'line_items[0][price_data][unit_amount]': '9900',
      'line_items[0][price_data][recurring][interval]': 'month',
      'line_items[0][price_data][product_data][name]': 'Polis Scale plan',
      'metadata[account_id]': owner.account_id,
      'metadata[plan]': 'scale',
      'subscription_data[metadata][account_id]': owner.account_id,
      'subscription_data[metadata][plan]': 'scale',
      success_url: `${ORIGIN}/billing/thanks?for=plan`,
    });
  });

  it('answers 404 for a plan that cannot be bought', async () => {
    for (const plan of ['trial', 'enterprise', '']) {
      const response = await workerFetch(`/app/billing/subscribe?plan=${plan}`);
      expect(response.status).toBe(404);
    }
  });

  it('refuses a second subscription while one keeps a paid plan', async () => {
    await env.DB.prepare(
      `INSERT INTO subscriptions (id, account_id, plan, status, current_period_start,
         current_period_end, observed_at, updated_at) VALUES (?, ?, 'pro', 'active', 1, 2, 1, 1)`,
    )
      .bind(`sub_existing_${owner.account_id}`, owner.account_id)
      .run();
    const cookie = await signInCookie(owner.api_key);
    const response = await workerFetch('/app/billing/subscribe?plan=scale', {
      headers: { Cookie: cookie },
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('already has the Pro plan');
    expect(stripe.requests).toEqual([]);
  });
});

describe('the payment options polis_account offers', () => {
  it('lead to checkout: a pay link for an agent, a plan link for a person', async () => {
    // Leave less than a standard run (150 tokens), so the account is offered ways to pay.
    await charge(env.DB, {
      accountId: owner.account_id,
      tokens: 900,
      overageCentsPer1000: null,
      ref: `run_drain_${owner.account_id}`,
      reason: 'test run',
    });
    const { data } = await callToolWith(owner.api_key, 'polis_account', {});
    const options = data.payment_options;
    expect(options.payments_available).toBe(true);

    const small = options.topups.find((topup: { pack: string }) => topup.pack === 'small');
    expect(small.pay_url).toBe(`${ORIGIN}${await signedPath('small', owner.account_id)}`);
    const paid = await workerFetch(small.pay_url, { redirect: 'manual' });
    expect(paid.status).toBe(303);

    const pro = options.plans.find((plan: { plan: string }) => plan.plan === 'pro');
    expect(pro.checkout_url).toBe(`${ORIGIN}/app/billing/subscribe?plan=pro`);
    const cookie = await signInCookie(owner.api_key);
    const subscribed = await workerFetch(pro.checkout_url, {
      headers: { Cookie: cookie },
      redirect: 'manual',
    });
    expect(subscribed.status).toBe(303);
    expect(stripe.seen('POST /v1/checkout/sessions').map((seen) => seen.form.get('mode'))).toEqual([
      'payment',
      'subscription',
    ]);
  });
});

describe('the pages Stripe returns people to', () => {
  it('thanks without crediting anything (only the webhook credits)', async () => {
    const response = await workerFetch('/billing/thanks?for=pack');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Your tokens are added as soon as Stripe confirms');
    expect(await ledgerRows(owner.account_id, 'purchase')).toEqual([]);
  });

  it('says nothing was charged after a cancelled checkout', async () => {
    const response = await workerFetch('/billing/cancelled');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Nothing was charged.');
  });
});
