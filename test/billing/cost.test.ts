// The cost function and the charge decision, pure: no bindings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKS, PLANS } from '../../src/billing/catalogue';
import { decideCharge, type Balance } from '../../src/billing/charge';
import { askCost, testCost } from '../../src/billing/cost';

describe('testCost', () => {
  it.each([
    [100, 'snapshot', 'text', 'copy', 100],
    [100, 'standard', 'tweet', 'copy', 150],
    [100, 'deep', 'linkedin', 'copy', 250],
    [10, 'standard', 'markdown', 'copy', 15],
    [11, 'standard', 'text', 'copy', 17], // 16.5 rounds up
    [1000, 'deep', 'url', 'visual', 7500],
    [100, 'standard', 'url', 'copy', 150],
    [100, 'standard', 'url', 'visual', 450],
  ] as const)(
    'prices %i personas at %s detail (%s, %s) at %i tokens',
    (count, detail, type, mode, tokens) => {
      expect(
        testCost({ persona_count: count, detail, content_type: type, url_mode: mode }).tokens,
      ).toBe(tokens);
    },
  );

  it('values tokens at the small pack price ($5 per 1,000)', () => {
    expect(
      testCost({ persona_count: 100, detail: 'standard', content_type: 'text', url_mode: 'copy' })
        .cents,
    ).toBe(75);
    expect(PACKS.small).toEqual({ id: 'small', tokens: 1000, priceCents: 500 });
  });

  it('gives the same price for the same input, and a visual url run costs three copy runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 1000 }),
        fc.constantFrom('snapshot', 'standard', 'deep' as const),
        (count, detail) => {
          const copy = testCost({
            persona_count: count,
            detail,
            content_type: 'url',
            url_mode: 'copy',
          });
          const again = testCost({
            persona_count: count,
            detail,
            content_type: 'url',
            url_mode: 'copy',
          });
          const visual = testCost({
            persona_count: count,
            detail,
            content_type: 'url',
            url_mode: 'visual',
          });
          expect(again).toEqual(copy);
          expect(visual.tokens).toBeGreaterThanOrEqual(copy.tokens * 3 - 2);
          expect(visual.tokens).toBeLessThanOrEqual(copy.tokens * 3);
        },
      ),
    );
  });

  it('prices follow-up questions by who answers', () => {
    expect(askCost({ target: 'persona' }).tokens).toBeLessThan(askCost({ target: 'panel' }).tokens);
  });
});

const empty: Balance = {
  included_remaining: 0,
  purchased_remaining: 0,
  overage_tokens: 0,
  overage_cents: 0,
  cap_cents: 0,
};

describe('decideCharge', () => {
  it.each([
    [
      'takes from the allowance first',
      { ...empty, included_remaining: 200, purchased_remaining: 50 },
      150,
      null,
      { fits: true, split: { included: 150, purchased: 0, overageTokens: 0, overageCents: 0 } },
    ],
    [
      'then from purchased tokens',
      { ...empty, included_remaining: 100, purchased_remaining: 100 },
      150,
      null,
      { fits: true, split: { included: 100, purchased: 50, overageTokens: 0, overageCents: 0 } },
    ],
    [
      'refuses a trial account beyond its tokens',
      { ...empty, included_remaining: 100 },
      150,
      null,
      {
        fits: false,
        reason: 'insufficient_tokens',
        split: { included: 100, purchased: 0, overageTokens: 50, overageCents: 0 },
      },
    ],
    [
      'goes into overage on a paid plan within the cap',
      { ...empty, included_remaining: 100, cap_cents: 5000 },
      150,
      500,
      { fits: true, split: { included: 100, purchased: 0, overageTokens: 50, overageCents: 25 } },
    ],
    [
      'rounds overage cents up',
      { ...empty, cap_cents: 5000 },
      1,
      500,
      { fits: true, split: { included: 0, purchased: 0, overageTokens: 1, overageCents: 1 } },
    ],
    [
      'refuses overage past the cap',
      { ...empty, overage_tokens: 9900, overage_cents: 4950, cap_cents: 5000 },
      150,
      500,
      {
        fits: false,
        reason: 'cap_exceeded',
        split: { included: 0, purchased: 0, overageTokens: 150, overageCents: 75 },
      },
    ],
    [
      'allows overage exactly up to the cap',
      { ...empty, overage_tokens: 9850, overage_cents: 4925, cap_cents: 5000 },
      150,
      500,
      { fits: true, split: { included: 0, purchased: 0, overageTokens: 150, overageCents: 75 } },
    ],
    [
      'refuses any overage with a zero cap',
      { ...empty, cap_cents: 0 },
      10,
      500,
      {
        fits: false,
        reason: 'cap_exceeded',
        split: { included: 0, purchased: 0, overageTokens: 10, overageCents: 5 },
      },
    ],
  ] as const)('%s', (_name, balance, tokens, rate, expected) => {
    expect(decideCharge(balance, tokens, rate)).toEqual(expected);
  });

  const balances = fc.record({
    included_remaining: fc.integer({ min: 0, max: 50_000 }),
    purchased_remaining: fc.integer({ min: 0, max: 50_000 }),
    overage_tokens: fc.integer({ min: 0, max: 50_000 }),
    overage_cents: fc.integer({ min: 0, max: 20_000 }),
    cap_cents: fc.integer({ min: 0, max: 20_000 }),
  });
  const rates = fc.constantFrom(
    null,
    PLANS.pro.overageCentsPer1000,
    PLANS.scale.overageCentsPer1000,
  );

  it('never takes more than a balance holds, and a charge that fits never passes the cap', () => {
    fc.assert(
      fc.property(balances, fc.integer({ min: 1, max: 10_000 }), rates, (balance, tokens, rate) => {
        const decision = decideCharge(balance, tokens, rate);
        const { split } = decision;
        expect(split.included).toBeLessThanOrEqual(balance.included_remaining);
        expect(split.purchased).toBeLessThanOrEqual(balance.purchased_remaining);
        expect(split.included + split.purchased + split.overageTokens).toBe(tokens);
        if (decision.fits && split.overageTokens > 0) {
          expect(rate).not.toBeNull();
          expect(balance.overage_cents + split.overageCents).toBeLessThanOrEqual(balance.cap_cents);
        }
        if (rate === null && split.overageTokens > 0) expect(decision.fits).toBe(false);
      }),
    );
  });
});
