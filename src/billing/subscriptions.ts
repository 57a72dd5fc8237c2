// What a subscription's state means for its account, decided without I/O: which plan the
// account is on, whether a period's allowance is due, and which of two reports about the same
// subscription wins. The webhook and the hourly renewal act on these answers; the allowance
// ref makes every grant at most once per subscription period.
import type { PlanId } from './catalogue';

export type PaidPlanId = Exclude<PlanId, 'trial'>;
export const PAID_PLAN_IDS = ['pro', 'scale'] as const satisfies readonly PaidPlanId[];

/** Stripe statuses in which the subscription is paid up: its allowance renews. */
export const ENTITLED_STATUSES = ['active', 'trialing'] as const;
/** Statuses that keep the paid plan: past_due means Stripe is still retrying the payment. */
export const PLAN_KEEPING_STATUSES = [...ENTITLED_STATUSES, 'past_due'] as const;
/** Statuses that end the paid plan. Others ('incomplete') decide nothing yet. */
const PLAN_ENDING_STATUSES = new Set(['canceled', 'unpaid', 'incomplete_expired', 'paused']);

export function isEntitled(status: string): boolean {
  return (ENTITLED_STATUSES as readonly string[]).includes(status);
}

/** The account plan a subscription in this status implies; null leaves the plan as it is. */
export function accountPlanFor(status: string, plan: PaidPlanId): PlanId | null {
  if ((PLAN_KEEPING_STATUSES as readonly string[]).includes(status)) return plan;
  if (PLAN_ENDING_STATUSES.has(status)) return 'trial';
  return null;
}

/** The ledger ref of one period's allowance: one grant per subscription and period start. */
export function allowanceRef(subscriptionId: string, periodStart: number): string {
  return `sub:${subscriptionId}:${periodStart}`;
}

export interface Period {
  /** Unix seconds, as Stripe sends them. */
  start: number;
  end: number;
}

export interface SubscriptionState {
  id: string;
  accountId: string;
  plan: PaidPlanId;
  status: string;
  period: Period;
  /** Stripe time (unix seconds) of the newest report this state reflects. */
  observedAt: number;
}

/** What one webhook event says about a subscription. */
export interface SubscriptionReport {
  id: string;
  accountId: string;
  plan: PaidPlanId;
  /** null when the report does not say (a paid invoice). */
  status: string | null;
  period: Period;
  observedAt: number;
  /** The report proves this period was paid for (a paid invoice or completed checkout). */
  paidPeriod: boolean;
}

export interface SyncDecision {
  state: SubscriptionState;
  /** The period whose allowance is due now, or null. */
  grant: Period | null;
  /** The plan the account should be on, or null to leave it. */
  accountPlan: PlanId | null;
}

/**
 * Merges a report into the stored state. Reports can arrive in any order: status and plan come
 * from the newest report (by Stripe time), the period from the latest period seen, and a report
 * about an older period grants nothing (its allowance would overwrite a newer one).
 */
export function decideSync(
  stored: SubscriptionState | null,
  report: SubscriptionReport,
): SyncDecision {
  const newer = stored === null || report.observedAt >= stored.observedAt;
  const status =
    report.status !== null && newer
      ? report.status
      : (stored?.status ?? (report.paidPeriod ? 'active' : 'incomplete'));
  const plan = newer ? report.plan : stored.plan;
  const stale = stored !== null && report.period.start < stored.period.start;
  const period = stale ? stored.period : report.period;

  const state: SubscriptionState = {
    id: report.id,
    accountId: stored?.accountId ?? report.accountId,
    plan,
    status,
    period,
    observedAt: Math.max(stored?.observedAt ?? 0, report.observedAt),
  };
  const due = isEntitled(status) || (report.paidPeriod && !PLAN_ENDING_STATUSES.has(status));
  return {
    state,
    grant: !stale && due ? report.period : null,
    accountPlan: accountPlanFor(status, plan),
  };
}
