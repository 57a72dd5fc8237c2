// The pure rules behind the subscription webhooks: how a report merges into what is stored,
// which plan the account is on, and when a period's allowance is due.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountPlanFor,
  allowanceRef,
  decideSync,
  type SubscriptionReport,
  type SubscriptionState,
} from '../../src/billing/subscriptions';

const P1 = { start: 1_000, end: 2_000 };
const P2 = { start: 2_000, end: 3_000 };

const stored: SubscriptionState = {
  id: 'sub_1',
  accountId: 'acct_1',
  plan: 'pro',
  status: 'active',
  period: P1,
  observedAt: 100,
};

function report(overrides: Partial<SubscriptionReport> = {}): SubscriptionReport {
  return {
    id: 'sub_1',
    accountId: 'acct_1',
    plan: 'pro',
    status: 'active',
    period: P1,
    observedAt: 200,
    paidPeriod: false,
    ...overrides,
  };
}

describe('accountPlanFor', () => {
  it.each([
    ['active', 'pro'],
    ['trialing', 'pro'],
    ['past_due', 'pro'],
    ['canceled', 'trial'],
    ['unpaid', 'trial'],
    ['incomplete_expired', 'trial'],
    ['paused', 'trial'],
    ['incomplete', null],
    ['some_future_status', null],
  ] as const)('a %s subscription puts the account on %s', (status, plan) => {
    expect(accountPlanFor(status, 'pro')).toBe(plan);
  });
});

describe('decideSync', () => {
  it('grants the period of a new active subscription and moves the account to its plan', () => {
    expect(decideSync(null, report())).toEqual({
      state: { ...stored, observedAt: 200 },
      grant: P1,
      accountPlan: 'pro',
    });
  });

  it('takes status and plan from the newer report only', () => {
    const older = decideSync(stored, report({ status: 'canceled', plan: 'scale', observedAt: 50 }));
    expect(older.state).toMatchObject({ status: 'active', plan: 'pro', observedAt: 100 });
    const newer = decideSync(
      stored,
      report({ status: 'canceled', plan: 'scale', observedAt: 150 }),
    );
    expect(newer.state).toMatchObject({ status: 'canceled', plan: 'scale', observedAt: 150 });
    expect(newer).toMatchObject({ grant: null, accountPlan: 'trial' });
  });

  it('moves to the later period, and never back', () => {
    expect(decideSync(stored, report({ period: P2 })).state.period).toEqual(P2);
    const late = decideSync({ ...stored, period: P2 }, report({ period: P1, paidPeriod: true }));
    expect(late.state.period).toEqual(P2);
    expect(late.grant).toBeNull();
  });

  it('grants a paid period while Stripe still says past_due, but not one that is only due', () => {
    const lapsed = { ...stored, status: 'past_due' };
    expect(
      decideSync(lapsed, report({ status: null, period: P2, paidPeriod: true })).grant,
    ).toEqual(P2);
    expect(decideSync(lapsed, report({ status: 'past_due', period: P2 })).grant).toBeNull();
  });

  it('takes a paid invoice about an unknown subscription as an active one', () => {
    const decision = decideSync(null, report({ status: null, paidPeriod: true }));
    expect(decision.state.status).toBe('active');
    expect(decision.grant).toEqual(P1);
  });

  it('grants nothing to a subscription that has ended, even for a paid period', () => {
    const ended = { ...stored, status: 'canceled', observedAt: 300 };
    expect(decideSync(ended, report({ status: null, period: P2, paidPeriod: true })).grant).toBe(
      null,
    );
  });

  it('whatever the order of two reports, ends in the state of the newer one', () => {
    const statuses = fc.constantFrom('active', 'past_due', 'canceled', 'unpaid', 'trialing');
    const aReport = fc.record({
      status: statuses,
      plan: fc.constantFrom('pro' as const, 'scale' as const),
      observedAt: fc.integer({ min: 1, max: 1_000 }),
      start: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(aReport, aReport, (a, b) => {
        fc.pre(a.observedAt !== b.observedAt);
        const toReport = (r: typeof a) =>
          report({ ...r, period: { start: r.start * 1000, end: r.start * 1000 + 999 } });
        const ab = decideSync(decideSync(null, toReport(a)).state, toReport(b)).state;
        const ba = decideSync(decideSync(null, toReport(b)).state, toReport(a)).state;
        expect(ab).toEqual(ba);
      }),
    );
  });
});

describe('allowanceRef', () => {
  it('names the subscription and the period start', () => {
    expect(allowanceRef('sub_1', 1_700_000_000)).toBe('sub:sub_1:1700000000');
  });
});
