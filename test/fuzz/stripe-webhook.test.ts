// Fuzzing POST /api/stripe/webhook: random bodies and headers (refused by the signature check),
// and validly signed events whose payloads are random or near-valid but name no Polis account.
// Never a 5xx, always the JSON error body or Stripe's acknowledgement, and nothing credited:
// the ledger and the applied-events table are exactly as before.
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_ENV, stripeSignature } from '../billing/stripe-standin';
import { ORIGIN } from '../helpers';
import { anyJson, nastyString, nearly, nearlyObject, RUNS, send, wrongKind } from './support';

const WEBHOOK = `${ORIGIN}/api/stripe/webhook`;

async function tableCounts(): Promise<{ ledger: number; events: number }> {
  const [ledger, events] = await env.DB.batch([
    env.DB.prepare('SELECT COUNT(*) AS n FROM ledger'),
    env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events'),
  ]);
  return {
    ledger: (ledger!.results[0] as { n: number }).n,
    events: (events!.results[0] as { n: number }).n,
  };
}

let before: { ledger: number; events: number };
beforeAll(async () => {
  before = await tableCounts();
});

function post(body: string, headers: Record<string, string>, stripe = true) {
  const request = new Request(WEBHOOK, { method: 'POST', headers, body });
  return send(request, stripe ? STRIPE_ENV : {});
}

/** The route's JSON error body (src/lib/json-errors.ts). */
async function expectJsonError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  const body = await response.json<{ error: { code: string; message: string } }>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
}

const signatureHeader = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 't=1,v1=00', 't=,v1=', 'v1=abc', `t=${Math.floor(Date.now() / 1000)},v1=`),
  fc
    .tuple(fc.integer(), fc.stringMatching(/^[0-9a-f]{0,64}$/))
    .map(([t, mac]) => `t=${t},v1=${mac}`),
  nastyString,
);

describe('fuzzing the Stripe webhook', () => {
  it('refuses unsigned or wrongly signed bodies with 400 invalid_input', async () => {
    const body = fc.oneof(
      anyJson.map((value) => JSON.stringify(value)),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(body, signatureHeader, async (text, signature) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        const printable = signature !== undefined && /^[\t\x20-\x7e]*$/.test(signature);
        if (printable) headers['Stripe-Signature'] = signature;
        const response = await post(text, headers);
        await expectJsonError(response, 400, 'invalid_input');
      }),
      RUNS,
    );
    expect(await tableCounts()).toEqual(before);
  }, 60_000);

  const accountId = fc.oneof(
    fc.stringMatching(/^acct_[0-9A-Za-z]{10,24}$/),
    nastyString,
    fc.constant(undefined),
  );
  const metadata = nearlyObject({
    account_id: accountId,
    tokens: nearly(fc.oneof(fc.integer(), fc.constantFrom('1000', '-5', '1e9'))),
    pack: nearly(fc.constantFrom('small', 'scale', 'huge')),
    plan: nearly(fc.constantFrom('pro', 'scale', 'trial')),
  });
  const objectFields = {
    id: nearly(fc.stringMatching(/^(cs|sub|in)_[0-9A-Za-z]{8,16}$/)),
    object: nearly(fc.constantFrom('checkout.session', 'subscription', 'invoice')),
    mode: nearly(fc.constantFrom('payment', 'subscription', 'setup')),
    payment_status: nearly(fc.constantFrom('paid', 'unpaid', 'no_payment_required')),
    status: nearly(fc.constantFrom('active', 'canceled', 'past_due', 'paused')),
    client_reference_id: accountId,
    customer: nearly(fc.stringMatching(/^cus_[0-9A-Za-z]{8,14}$/)),
    subscription: nearly(fc.stringMatching(/^sub_[0-9A-Za-z]{8,14}$/)),
    billing_reason: nearly(fc.constantFrom('subscription_create', 'subscription_cycle', 'manual')),
    current_period_start: nearly(fc.integer({ min: 0, max: 2 ** 31 })),
    current_period_end: nearly(fc.integer({ min: 0, max: 2 ** 31 })),
    lines: fc.oneof(
      fc.record({
        data: fc.array(
          fc.record({
            period: fc.record({ start: fc.nat(2 ** 31), end: fc.nat(2 ** 31) }),
          }),
          { maxLength: 2 },
        ),
      }),
      anyJson,
    ),
    items: nearly(anyJson),
    metadata: fc.oneof({ weight: 3, arbitrary: metadata }, anyJson),
  };
  /** Mostly every field present (so the event reaches its handler), sometimes any of them. */
  const object = fc.oneof(
    { weight: 3, arbitrary: fc.record(objectFields) },
    nearlyObject(objectFields),
  );
  const eventFields = {
    id: nearly(fc.stringMatching(/^evt_[0-9A-Za-z]{8,24}$/)),
    object: fc.constant('event'),
    type: nearly(
      fc.constantFrom(
        'checkout.session.completed',
        'checkout.session.async_payment_succeeded',
        'invoice.paid',
        'customer.subscription.created',
        'customer.subscription.updated',
        'customer.subscription.deleted',
        'charge.refunded',
      ),
    ),
    created: nearly(fc.integer({ min: 0, max: 2 ** 31 })),
    data: fc.oneof({ weight: 4, arbitrary: fc.record({ object }) }, anyJson, wrongKind),
  };
  const event = fc.oneof(
    { weight: 3, arbitrary: fc.record(eventFields) },
    nearlyObject(eventFields),
  );

  it('acknowledges or refuses signed random events, never 5xx, and credits nothing', async () => {
    const body = fc.oneof(
      { weight: 4, arbitrary: event.map((value) => JSON.stringify(value)) },
      anyJson.map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const headers = {
          'Content-Type': 'application/json',
          'Stripe-Signature': await stripeSignature(text),
        };
        const response = await post(text, headers);
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) {
          const answer = await response.json<Record<string, unknown>>();
          expect(answer.received).toBe(true);
          expect(answer.applied).toBeUndefined();
        } else {
          // The SDK refuses a signed body that is not JSON.
          await expectJsonError(response, 400, 'invalid_input');
        }
      }),
      { ...RUNS, numRuns: 150 },
    );
    expect(await tableCounts()).toEqual(before);
  }, 60_000);

  it('answers 404 not_found for any body while payments are not configured', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), signatureHeader, async (text, signature) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (signature && /^[\t\x20-\x7e]*$/.test(signature))
          headers['Stripe-Signature'] = signature;
        await expectJsonError(await post(text, headers, false), 404, 'not_found');
      }),
      { numRuns: 30 },
    );
  });
});
