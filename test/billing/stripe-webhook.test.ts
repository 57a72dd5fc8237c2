// POST /api/stripe/webhook: signatures checked as Stripe signs them, purchases credited once per
// checkout session whatever Stripe retries or replays, and nothing written for a refusal.
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { provision, type Provisioned } from '../helpers';
import {
  accountBilling,
  countEvents,
  deliver,
  expectLedgerMatchesBalance,
  installStandin,
  ledgerRows,
  NO_STRIPE_ENV,
  nowSeconds,
  stripeEvent,
  stripeSignature,
  workerFetch,
} from './stripe-standin';

let owner: Provisioned;

beforeEach(async () => {
  installStandin();
  owner = await provision();
});
afterEach(() => {
  vi.restoreAllMocks();
});

let sessionCounter = 0;

/** A paid pack checkout as Stripe reports it, with the metadata Polis set. */
function paidPackSession(accountId: string, overrides: Record<string, unknown> = {}) {
  sessionCounter += 1;
  return {
    id: `cs_test_paid_${Date.now()}_${sessionCounter}`,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: 2000,
    currency: 'usd',
    customer: 'cus_whatever',
    client_reference_id: accountId,
    subscription: null,
    metadata: { account_id: accountId, pack: 'medium', tokens: '4000' },
    ...overrides,
  };
}

const received = { received: true };
const duplicate = { received: true, duplicate: true };
const ignored = { received: true, ignored: true };

async function expectSignatureRefused(response: Response, message: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  expect(await response.json()).toEqual({
    error: { code: 'invalid_input', message, field: 'Stripe-Signature' },
  });
}

const MISMATCH = 'The Stripe-Signature header does not match this body, or it is too old.';

describe('purchases', () => {
  it('credits a paid pack once, as purchased tokens with the session as ref', async () => {
    const session = paidPackSession(owner.account_id);
    const event = stripeEvent('checkout.session.completed', session);

    const response = await deliver(event);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(received);
    expect(await ledgerRows(owner.account_id, 'purchase')).toEqual([
      {
        kind: 'purchase',
        tokens: 4000,
        included_delta: 0,
        purchased_delta: 4000,
        ref: session.id,
      },
    ]);
    expect(await accountBilling(owner.account_id)).toMatchObject({
      plan: 'trial',
      included_remaining: 1000,
      purchased_remaining: 4000,
    });
    expect(await countEvents(event.id)).toBe(1);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('credits nothing when the same event is delivered again', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));
    await deliver(event);

    const replay = await deliver(event);

    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(duplicate);
    expect(await ledgerRows(owner.account_id, 'purchase')).toHaveLength(1);
    expect((await accountBilling(owner.account_id))!.purchased_remaining).toBe(4000);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('credits once when the same event arrives twice at the same moment', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));

    const answers = await Promise.all([deliver(event), deliver(event), deliver(event)]);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    expect(bodies.filter((body) => JSON.stringify(body) === JSON.stringify(received))).toHaveLength(
      1,
    );
    expect((await accountBilling(owner.account_id))!.purchased_remaining).toBe(4000);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('credits once for two different events about one session', async () => {
    const session = paidPackSession(owner.account_id);
    const completed = stripeEvent('checkout.session.completed', session);
    const settled = stripeEvent('checkout.session.async_payment_succeeded', session);

    expect(await (await deliver(completed)).json()).toEqual(received);
    expect(await (await deliver(settled)).json()).toEqual(duplicate);

    expect(await ledgerRows(owner.account_id, 'purchase')).toHaveLength(1);
    expect((await accountBilling(owner.account_id))!.purchased_remaining).toBe(4000);
    // The second event is recorded too, so its own replays stop at the first check.
    expect(await countEvents(settled.id)).toBe(1);
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('credits a delayed payment when it settles, not when its session completes', async () => {
    const session = paidPackSession(owner.account_id, { payment_status: 'unpaid' });

    const completed = await deliver(stripeEvent('checkout.session.completed', session));
    expect(await completed.json()).toEqual(ignored);
    expect(await ledgerRows(owner.account_id, 'purchase')).toEqual([]);

    const settled = stripeEvent('checkout.session.async_payment_succeeded', {
      ...session,
      payment_status: 'paid',
    });
    expect(await (await deliver(settled)).json()).toEqual(received);
    expect((await accountBilling(owner.account_id))!.purchased_remaining).toBe(4000);
  });

  it('keeps purchased tokens separate from the allowance, which they never reset', async () => {
    await deliver(stripeEvent('checkout.session.completed', paidPackSession(owner.account_id)));
    await deliver(
      stripeEvent(
        'checkout.session.completed',
        paidPackSession(owner.account_id, {
          metadata: { account_id: owner.account_id, pack: 'small', tokens: '1000' },
        }),
      ),
    );
    expect(await accountBilling(owner.account_id)).toMatchObject({
      included_remaining: 1000,
      purchased_remaining: 5000,
    });
    await expectLedgerMatchesBalance(owner.account_id);
  });

  it('acknowledges and ignores a session that names no Polis account', async () => {
    const stranger = paidPackSession(owner.account_id, {
      client_reference_id: null,
      metadata: {},
    });
    const event = stripeEvent('checkout.session.completed', stranger);
    const response = await deliver(event);
    expect(await response.json()).toEqual(ignored);
    expect(await countEvents(event.id)).toBe(0);
    expect(await ledgerRows(owner.account_id, 'purchase')).toEqual([]);
  });
});

describe('signatures', () => {
  it('refuses a missing Stripe-Signature with 400 and writes nothing', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));
    const response = await deliver(event, { signature: null });
    await expectSignatureRefused(response, 'The Stripe-Signature header is missing.');
    expect(await countEvents(event.id)).toBe(0);
    expect(await ledgerRows(owner.account_id, 'purchase')).toEqual([]);
  });

  it('refuses a signature made with another secret', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));
    const body = JSON.stringify(event);
    const signature = await stripeSignature(body, { secret: 'whsec_someone_else' });
    await expectSignatureRefused(await deliver(event, { signature }), MISMATCH);
    expect(await countEvents(event.id)).toBe(0);
    expect((await accountBilling(owner.account_id))!.purchased_remaining).toBe(0);
  });

  it('refuses a body changed after signing', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));
    const signature = await stripeSignature(JSON.stringify(event));
    const tampered = JSON.stringify({
      ...event,
      data: {
        object: {
          ...event.data.object,
          metadata: { ...event.data.object.metadata, tokens: '55000' },
        },
      },
    });
    await expectSignatureRefused(await deliver(event, { signature, body: tampered }), MISMATCH);
    expect((await accountBilling(owner.account_id))!.purchased_remaining).toBe(0);
  });

  it('refuses a stale signature (older than five minutes), even if it was once valid', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));
    const body = JSON.stringify(event);
    const signature = await stripeSignature(body, { timestamp: nowSeconds() - 10 * 60 });
    await expectSignatureRefused(await deliver(event, { signature }), MISMATCH);
    expect(await countEvents(event.id)).toBe(0);
  });

  it('refuses a malformed header', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));
    for (const signature of ['garbage', 't=1,v1=', `t=${nowSeconds()},v0=abc`]) {
      await expectSignatureRefused(await deliver(event, { signature }), MISMATCH);
    }
    expect((await accountBilling(owner.account_id))!.purchased_remaining).toBe(0);
  });

  it('refuses a body over 256 KiB with 413', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(256 * 1024) });
    const response = await deliver(null, { body, signature: await stripeSignature(body) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The body must be at most 262144 bytes.' },
    });
  });

  it('answers 404 when payments are not configured', async () => {
    const event = stripeEvent('checkout.session.completed', paidPackSession(owner.account_id));
    const body = JSON.stringify(event);
    const response = await workerFetch(
      '/api/stripe/webhook',
      { method: 'POST', body, headers: { 'Stripe-Signature': await stripeSignature(body) } },
      NO_STRIPE_ENV,
    );
    expect(response.status).toBe(404);
    expect(await countEvents(event.id)).toBe(0);
  });
});

describe('other events', () => {
  it('acknowledges an unknown event type and ignores it', async () => {
    const event = stripeEvent('charge.dispute.created', { id: 'dp_1', object: 'dispute' });
    const response = await deliver(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(ignored);
    expect(await countEvents(event.id)).toBe(0);
  });

  it('acknowledges a known type whose object it cannot read, and writes nothing', async () => {
    const event = stripeEvent('invoice.paid', { id: 'in_1', object: 'invoice' });
    const response = await deliver(event);
    expect(await response.json()).toEqual(ignored);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE event_id = ?')
      .bind(event.id)
      .first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });
});
