// The ledger and the balances kept in step with it. Every write is one D1 batch (a single
// transaction): the ledger row first, then the balance moved by exactly that row's deltas.
// Uniqueness (one charge per ref, one refund per charge, one credit per payment or period)
// lives in the schema, so a retry cannot apply anything twice.
import { z } from 'zod';
import type { Balance } from '../billing/charge';
import { balanceRow } from './accounts';

export const ledgerRow = z.object({
  id: z.number(),
  account_id: z.string(),
  at: z.number(),
  kind: z.enum(['trial_grant', 'allowance', 'charge', 'refund', 'purchase', 'admin_credit']),
  tokens: z.number(),
  included_delta: z.number(),
  purchased_delta: z.number(),
  overage_tokens_delta: z.number(),
  overage_cents_delta: z.number(),
  reason: z.string().nullable(),
  ref: z.string().nullable(),
  refund_of: z.number().nullable(),
});
export type LedgerEntry = z.infer<typeof ledgerRow>;

const BALANCE_COLUMNS =
  'included_remaining, purchased_remaining, overage_tokens, overage_cents, cap_cents';

/** Moves the account's balance by the deltas of the ledger rows `where` selects (one row). */
function applyDeltas(db: D1Database, where: string, ...params: unknown[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE balances SET
         included_remaining = included_remaining + l.included_delta,
         purchased_remaining = purchased_remaining + l.purchased_delta,
         overage_tokens = overage_tokens + l.overage_tokens_delta,
         overage_cents = overage_cents + l.overage_cents_delta
       FROM (SELECT account_id, included_delta, purchased_delta, overage_tokens_delta,
                    overage_cents_delta FROM ledger WHERE ${where}) AS l
       WHERE balances.account_id = l.account_id`,
    )
    .bind(...params);
}

function selectBalance(db: D1Database, accountId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${BALANCE_COLUMNS} FROM balances WHERE account_id = ?`).bind(accountId);
}

export async function readBalance(db: D1Database, accountId: string): Promise<Balance | null> {
  const row = await selectBalance(db, accountId).first();
  return row ? balanceRow.parse(row) : null;
}

/** The balance row and the trial grant of a new account, for its creation batch. */
export function openingStatements(
  db: D1Database,
  accountId: string,
  trialTokens: number,
  at: number,
): D1PreparedStatement[] {
  return [
    db
      .prepare('INSERT INTO balances (account_id, included_remaining) VALUES (?, ?)')
      .bind(accountId, trialTokens),
    db
      .prepare(
        `INSERT INTO ledger (account_id, at, kind, tokens, included_delta, reason)
         VALUES (?, ?, 'trial_grant', ?, ?, 'trial tokens')`,
      )
      .bind(accountId, at, trialTokens, trialTokens),
  ];
}

export interface ChargeRequest {
  accountId: string;
  tokens: number;
  /** null: the plan has no overage, so the charge must fit in included and purchased tokens. */
  overageCentsPer1000: number | null;
  /** The run or ask charged for; at most one charge per ref. */
  ref: string;
  reason: string;
  at?: number;
  /** Statements for the same transaction, written after the charge (they must check for it). */
  withCharge?: D1PreparedStatement[];
}

export type ChargeOutcome =
  { charged: true; entry: LedgerEntry; balance: Balance } | { charged: false; balance: Balance };

/**
 * Charges atomically. The INSERT computes the split from the balance row and inserts nothing
 * when it does not fit (the same rule as billing/charge.ts `decideCharge`); the UPDATE then
 * moves the balance by the inserted row, or by nothing. D1 runs the batch as one transaction,
 * and writes are serialized, so concurrent charges never overspend.
 */
export async function charge(db: D1Database, request: ChargeRequest): Promise<ChargeOutcome> {
  const rate = request.overageCentsPer1000 ?? -1;
  const at = request.at ?? Date.now();
  const [inserted, , after] = await db.batch([
    db
      .prepare(
        // D1 binds JS numbers as REAL: cast, so the cents arithmetic is integer arithmetic.
        `WITH p AS (SELECT CAST(?3 AS INTEGER) AS n, CAST(?4 AS INTEGER) AS rate),
              need AS (SELECT b.*, p.n, p.rate,
                              max(0, p.n - b.included_remaining - b.purchased_remaining) AS over
                         FROM balances b, p WHERE b.account_id = ?1)
         INSERT INTO ledger (account_id, at, kind, tokens, included_delta, purchased_delta,
                             overage_tokens_delta, overage_cents_delta, reason, ref)
         SELECT account_id, ?2, 'charge', -n,
                -min(n, included_remaining),
                -min(n - min(n, included_remaining), purchased_remaining),
                over,
                (over * max(rate, 0) + 999) / 1000,
                ?5, ?6
           FROM need
          WHERE over = 0
             OR (rate >= 0 AND overage_cents + (over * rate + 999) / 1000 <= cap_cents)
         RETURNING *`,
      )
      .bind(request.accountId, at, request.tokens, rate, request.reason, request.ref),
    applyDeltas(db, "kind = 'charge' AND ref = ?", request.ref),
    selectBalance(db, request.accountId),
    ...(request.withCharge ?? []),
  ]);
  const balance = balanceRow.parse(after!.results[0]);
  const row = inserted!.results[0];
  return row
    ? { charged: true, entry: ledgerRow.parse(row), balance }
    : { charged: false, balance };
}

export type RefundOutcome = 'refunded' | 'already_refunded' | 'no_charge';

/** Returns a charge's tokens to where they came from, at most once, whatever retries do. */
export async function refund(
  db: D1Database,
  ref: string,
  reason: string,
  at = Date.now(),
): Promise<RefundOutcome> {
  try {
    const [inserted] = await db.batch([
      db
        .prepare(
          `INSERT INTO ledger (account_id, at, kind, tokens, included_delta, purchased_delta,
                               overage_tokens_delta, overage_cents_delta, reason, ref, refund_of)
           SELECT account_id, ?, 'refund', -tokens, -included_delta, -purchased_delta,
                  -overage_tokens_delta, -overage_cents_delta, ?, ref, id
             FROM ledger WHERE kind = 'charge' AND ref = ?
           RETURNING id`,
        )
        .bind(at, reason, ref),
      applyDeltas(db, "kind = 'refund' AND ref = ?", ref),
    ]);
    return inserted!.results.length > 0 ? 'refunded' : 'no_charge';
  } catch (error) {
    if (isUniqueViolation(error)) return 'already_refunded';
    throw error;
  }
}

export interface CreditRequest {
  accountId: string;
  kind: 'purchase' | 'admin_credit';
  tokens: number;
  reason: string;
  /** The payment credited (purchases): one credit per ref. */
  ref?: string;
  at?: number;
}

/** Adds purchased tokens (never expire). Returns false when this ref was already credited. */
export async function credit(db: D1Database, request: CreditRequest): Promise<boolean> {
  try {
    await db.batch(creditStatements(db, request));
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export function creditStatements(db: D1Database, request: CreditRequest): D1PreparedStatement[] {
  const ref = request.ref ?? `${request.kind}:${crypto.randomUUID()}`;
  return [
    db
      .prepare(
        `INSERT INTO ledger (account_id, at, kind, tokens, purchased_delta, reason, ref)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        request.accountId,
        request.at ?? Date.now(),
        request.kind,
        request.tokens,
        request.tokens,
        request.reason,
        ref,
      ),
    applyDeltas(db, 'kind = ? AND ref = ?', request.kind, ref),
  ];
}

/** Renews the monthly allowance: included tokens set to `tokens`, the period's overage closed. */
export async function renewAllowance(
  db: D1Database,
  accountId: string,
  tokens: number,
  periodRef: string,
  at = Date.now(),
): Promise<boolean> {
  try {
    await db.batch([
      db
        .prepare(
          `INSERT INTO ledger (account_id, at, kind, tokens, included_delta,
                               overage_tokens_delta, overage_cents_delta, reason, ref)
           SELECT account_id, ?2, 'allowance', ?3 - included_remaining, ?3 - included_remaining,
                  -overage_tokens, -overage_cents, 'monthly allowance', ?4
             FROM balances WHERE account_id = ?1`,
        )
        .bind(accountId, at, tokens, periodRef),
      applyDeltas(db, "kind = 'allowance' AND ref = ?", periodRef),
    ]);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function setCap(db: D1Database, accountId: string, capCents: number): Promise<void> {
  await db
    .prepare('UPDATE balances SET cap_cents = ? WHERE account_id = ?')
    .bind(capCents, accountId)
    .run();
}

export async function recentLedger(
  db: D1Database,
  accountId: string,
  limit = 20,
): Promise<LedgerEntry[]> {
  const { results } = await db
    .prepare('SELECT * FROM ledger WHERE account_id = ? ORDER BY id DESC LIMIT ?')
    .bind(accountId, limit)
    .all();
  return results.map((row) => ledgerRow.parse(row));
}

export function isUniqueViolation(error: unknown): boolean {
  return String(error).includes('UNIQUE constraint failed');
}
