// Queries on the Stripe tables (migrations/0003_stripe.sql): each account's customer, the
// subscriptions Stripe reports, the webhook events already applied, and the account-plan
// changes those events cause. Bound parameters only; one row mapper per table.
import { z } from 'zod';
import { PLAN_KEEPING_STATUSES, type SubscriptionState } from '../billing/subscriptions';
import { DEFAULT_SPEND_CAP_CENTS, type PlanId } from '../billing/catalogue';

export const subscriptionRow = z.object({
  id: z.string(),
  account_id: z.string(),
  plan: z.enum(['pro', 'scale']),
  status: z.string(),
  current_period_start: z.number().int(),
  current_period_end: z.number().int(),
  observed_at: z.number().int(),
  updated_at: z.number().int(),
});

function toState(row: unknown): SubscriptionState {
  const parsed = subscriptionRow.parse(row);
  return {
    id: parsed.id,
    accountId: parsed.account_id,
    plan: parsed.plan,
    status: parsed.status,
    period: { start: parsed.current_period_start, end: parsed.current_period_end },
    observedAt: parsed.observed_at,
  };
}

const customerRow = z.object({ account_id: z.string(), customer_id: z.string() });

// `IN (…)` lists of fixed statuses, inlined from constants (never from input).
const PLAN_KEEPING = PLAN_KEEPING_STATUSES.map((status) => `'${status}'`).join(', ');

// ---- customers ---------------------------------------------------------------------------

export async function findCustomerId(db: D1Database, accountId: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT account_id, customer_id FROM stripe_customers WHERE account_id = ?')
    .bind(accountId)
    .first();
  return row ? customerRow.parse(row).customer_id : null;
}

export async function findAccountIdByCustomer(
  db: D1Database,
  customerId: string,
): Promise<string | null> {
  const row = await db
    .prepare('SELECT account_id, customer_id FROM stripe_customers WHERE customer_id = ?')
    .bind(customerId)
    .first();
  return row ? customerRow.parse(row).account_id : null;
}

/**
 * Keeps the first customer stored for the account (two concurrent first checkouts may both
 * create one) and returns the one kept.
 */
export async function saveCustomer(
  db: D1Database,
  accountId: string,
  customerId: string,
  at = Date.now(),
): Promise<string> {
  const [, kept] = await db.batch([
    db
      .prepare(
        `INSERT INTO stripe_customers (account_id, customer_id, created_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO NOTHING`,
      )
      .bind(accountId, customerId, at),
    db
      .prepare('SELECT account_id, customer_id FROM stripe_customers WHERE account_id = ?')
      .bind(accountId),
  ]);
  return customerRow.parse(kept!.results[0]).customer_id;
}

/** Forgets a customer Stripe no longer knows (deleted in the Dashboard). */
export async function forgetCustomer(
  db: D1Database,
  accountId: string,
  customerId: string,
): Promise<void> {
  await db
    .prepare('DELETE FROM stripe_customers WHERE account_id = ? AND customer_id = ?')
    .bind(accountId, customerId)
    .run();
}

// ---- subscriptions -----------------------------------------------------------------------

export async function findSubscription(
  db: D1Database,
  id: string,
): Promise<SubscriptionState | null> {
  const row = await db.prepare('SELECT * FROM subscriptions WHERE id = ?').bind(id).first();
  return row ? toState(row) : null;
}

/** The account's subscription that keeps a paid plan (active, trialing, past_due), if any. */
export async function findPlanKeepingSubscription(
  db: D1Database,
  accountId: string,
): Promise<SubscriptionState | null> {
  const row = await db
    .prepare(
      `SELECT * FROM subscriptions WHERE account_id = ? AND status IN (${PLAN_KEEPING})
        ORDER BY current_period_start DESC LIMIT 1`,
    )
    .bind(accountId)
    .first();
  return row ? toState(row) : null;
}

/**
 * The same status as `subscriptionStatus`, as a column of a query over accounts `a`: the
 * authentication query carries it, so polis_account costs no query of its own.
 */
export const SUBSCRIPTION_STATUS_COLUMN = `(SELECT status FROM subscriptions s
    WHERE s.account_id = a.id
    ORDER BY s.status IN (${PLAN_KEEPING}) DESC, s.observed_at DESC, s.updated_at DESC
    LIMIT 1) AS subscription_status`;

/** The status of the account's most relevant subscription: a plan-keeping one, else the latest. */
export async function subscriptionStatus(
  db: D1Database,
  accountId: string,
): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT status FROM subscriptions WHERE account_id = ?
        ORDER BY status IN (${PLAN_KEEPING}) DESC, observed_at DESC, updated_at DESC LIMIT 1`,
    )
    .bind(accountId)
    .first<{ status: unknown }>();
  return row ? z.string().parse(row.status) : null;
}

export function upsertSubscription(
  db: D1Database,
  state: SubscriptionState,
  at = Date.now(),
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO subscriptions (id, account_id, plan, status, current_period_start,
                                  current_period_end, observed_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (id) DO UPDATE SET plan = ?3, status = ?4, current_period_start = ?5,
         current_period_end = ?6, observed_at = ?7, updated_at = ?8`,
    )
    .bind(
      state.id,
      state.accountId,
      state.plan,
      state.status,
      state.period.start,
      state.period.end,
      state.observedAt,
      at,
    );
}

/**
 * Entitled subscriptions whose current period has begun (and not ended) and whose allowance
 * is not in the ledger yet. The ledger's unique (kind, ref) index answers the NOT EXISTS.
 */
export async function findDueAllowances(
  db: D1Database,
  nowSeconds: number,
  limit: number,
): Promise<SubscriptionState[]> {
  const { results } = await db
    .prepare(
      `SELECT s.* FROM subscriptions s
        WHERE s.status IN ('active', 'trialing')
          AND s.current_period_start <= ?1 AND s.current_period_end > ?1
          AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.kind = 'allowance'
                            AND l.ref = 'sub:' || s.id || ':' || s.current_period_start)
        ORDER BY s.current_period_start LIMIT ?2`,
    )
    .bind(nowSeconds, limit)
    .all();
  return results.map(toState);
}

// ---- account plan ------------------------------------------------------------------------

/**
 * Moves the account to `plan` because of a subscription, with an audit row when it changes.
 * A paid plan without a cap of its own gets the default cap. Back to the trial only when no
 * other subscription of the account still keeps a paid plan.
 */
export function accountPlanStatements(
  db: D1Database,
  accountId: string,
  plan: PlanId,
  subscriptionId: string,
  at = Date.now(),
): D1PreparedStatement[] {
  const guard =
    plan === 'trial'
      ? `AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE account_id = ?1 AND id != ?3
                          AND status IN (${PLAN_KEEPING}))`
      : '';
  const statements = [
    // The audit row first: it reads the plan before the UPDATE changes it.
    db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, target, reason, detail)
         SELECT ?4, 'system', 'account.plan', id, 'Stripe subscription',
                json_object('from', plan, 'to', ?2, 'subscription', ?3)
           FROM accounts WHERE id = ?1 AND plan != ?2 ${guard}`,
      )
      .bind(accountId, plan, subscriptionId, at),
    db
      .prepare(`UPDATE accounts SET plan = ?2 WHERE id = ?1 AND plan != ?2 ${guard}`)
      .bind(...(plan === 'trial' ? [accountId, plan, subscriptionId] : [accountId, plan])),
  ];
  if (plan !== 'trial') {
    statements.push(
      db
        .prepare('UPDATE balances SET cap_cents = ? WHERE account_id = ? AND cap_cents = 0')
        .bind(DEFAULT_SPEND_CAP_CENTS, accountId),
    );
  }
  return statements;
}

// ---- webhook events ----------------------------------------------------------------------

export async function eventApplied(db: D1Database, eventId: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS seen FROM stripe_events WHERE event_id = ?')
    .bind(eventId)
    .first();
  return row !== null;
}

/** Fails on a replay (primary key): put it in the same batch as the event's effect. */
export function insertEvent(
  db: D1Database,
  event: { id: string; type: string },
  at = Date.now(),
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO stripe_events (event_id, type, received_at) VALUES (?, ?, ?)')
    .bind(event.id, event.type, at);
}

/** Records an event whose effect another event already applied. */
export async function recordEvent(
  db: D1Database,
  event: { id: string; type: string },
  at = Date.now(),
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO stripe_events (event_id, type, received_at) VALUES (?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
    )
    .bind(event.id, event.type, at)
    .run();
}
