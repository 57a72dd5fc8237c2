// What the fault and fuzz tests check after every request: the account's ledger and balance,
// read straight from D1, so "nothing was charged" and "the books balance" are exact assertions.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';

export interface LedgerSnapshot {
  entries: { id: number; kind: string; tokens: number; ref: string | null }[];
  balance: Record<string, number> | null;
}

export async function ledgerSnapshot(accountId: string): Promise<LedgerSnapshot> {
  const [entries, balance] = await env.DB.batch([
    env.DB.prepare(
      'SELECT id, kind, tokens, ref FROM ledger WHERE account_id = ? ORDER BY id',
    ).bind(accountId),
    env.DB.prepare(
      `SELECT included_remaining, purchased_remaining, overage_tokens, overage_cents
         FROM balances WHERE account_id = ?`,
    ).bind(accountId),
  ]);
  return {
    entries: entries!.results as LedgerSnapshot['entries'],
    balance: (balance!.results[0] as Record<string, number> | undefined) ?? null,
  };
}

/** The ledger's invariant: for every balance column, the account's rows sum to the balance. */
export async function expectBooksBalance(accountId: string): Promise<void> {
  const sums = await env.DB.prepare(
    `SELECT COALESCE(SUM(included_delta), 0) AS included_remaining,
            COALESCE(SUM(purchased_delta), 0) AS purchased_remaining,
            COALESCE(SUM(overage_tokens_delta), 0) AS overage_tokens,
            COALESCE(SUM(overage_cents_delta), 0) AS overage_cents
       FROM ledger WHERE account_id = ?`,
  )
    .bind(accountId)
    .first();
  expect(sums).toEqual((await ledgerSnapshot(accountId)).balance);
}
