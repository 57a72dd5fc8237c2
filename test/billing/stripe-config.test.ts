// Stripe configuration: payments are on only with both secrets, and the API base (a stand-in
// in tests) is validated once with an error that says how to fix it.
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { stripeSettings } from '../../src/billing/stripe';

const secrets = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };

function settings(vars: Partial<Env>) {
  return stripeSettings(vars as Env);
}

describe('stripeSettings', () => {
  it('is null unless both secrets are set', () => {
    expect(settings({})).toBeNull();
    expect(settings({ STRIPE_SECRET_KEY: 'sk_test_x' })).toBeNull();
    expect(settings({ STRIPE_WEBHOOK_SECRET: 'whsec_x' })).toBeNull();
  });

  it("talks to Stripe's own API by default", () => {
    expect(settings(secrets)).toEqual({
      secretKey: 'sk_test_x',
      webhookSecret: 'whsec_x',
      host: 'api.stripe.com',
      port: 443,
      protocol: 'https',
    });
  });

  it('takes another https origin, or http on a loopback host, with its port', () => {
    expect(settings({ ...secrets, STRIPE_API_BASE: 'https://stripe.test:8443' })).toMatchObject({
      host: 'stripe.test',
      port: 8443,
      protocol: 'https',
    });
    expect(settings({ ...secrets, STRIPE_API_BASE: 'http://localhost:12111' })).toMatchObject({
      host: 'localhost',
      port: 12111,
      protocol: 'http',
    });
  });

  it.each([
    ['http://stripe.example.com', 'must be https (http only for loopback hosts)'],
    ['https://api.stripe.com/v1', 'must be a bare origin like https://api.stripe.com'],
    ['api.stripe.com', '"api.stripe.com" is not a URL'],
  ])('refuses STRIPE_API_BASE=%s, saying how to fix it', (value, problem) => {
    expect(() => settings({ ...secrets, STRIPE_API_BASE: value })).toThrow(
      `Polis configuration is invalid. STRIPE_API_BASE: ${problem}`,
    );
  });
});
