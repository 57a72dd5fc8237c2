// The ledger in real local D1: the SQL charge agrees with the pure decision, concurrent
// charges never overspend, refunds and credits apply at most once, and the ledger always
// sums to the balance.
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAccountWithKey } from '../../src/accounts/service';
import { decideCharge, type Balance } from '../../src/billing/charge';
import { charge, credit, readBalance, refund, renewAllowance } from '../../src/storage/ledger';
import { uniqueEmail } from '../helpers';

const db = env.DB;

async function newAccount(): Promise<string> {
  return (await createAccountWithKey(db, uniqueEmail('ledger'), 'test')).account.id;
}

async function setBalance(accountId: string, balance: Balance): Promise<void> {
  // Test set-up through the ledger, so the invariant "ledger sums to balance" still holds.
  await db.batch([
    db.prepare('DELETE FROM ledger WHERE account_id = ?').bind(accountId),
    db
      .prepare(
        `INSERT INTO ledger (account_id, at, kind, tokens, included_delta, purchased_delta,
           overage_tokens_delta, overage_cents_delta, reason)
         VALUES (?, 0, 'admin_credit', 0, ?, ?, ?, ?, 'test set-up')`,
      )
      .bind(
        accountId,
        balance.included_remaining,
        balance.purchased_remaining,
        balance.overage_tokens,
        balance.overage_cents,
      ),
    db
      .prepare(
        `UPDATE balances SET included_remaining = ?, purchased_remaining = ?, overage_tokens = ?,
           overage_cents = ?, cap_cents = ? WHERE account_id = ?`,
      )
      .bind(
        balance.included_remaining,
        balance.purchased_remaining,
        balance.overage_tokens,
        balance.overage_cents,
        balance.cap_cents,
        accountId,
      ),
  ]);
}

async function ledgerSums(accountId: string) {
  return db
    .prepare(
      `SELECT SUM(included_delta) AS included_remaining,
              SUM(purchased_delta) AS purchased_remaining,
              SUM(overage_tokens_delta) AS overage_tokens,
              SUM(overage_cents_delta) AS overage_cents
         FROM ledger WHERE account_id = ?`,
    )
    .bind(accountId)
    .first();
}

async function expectLedgerMatchesBalance(accountId: string): Promise<void> {
  const balance = (await readBalance(db, accountId))!;
  const { cap_cents: _cap, ...held } = balance;
  expect(await ledgerSums(accountId)).toEqual(held);
}

describe('the ledger', () => {
  it('opens a new account with its trial grant recorded', async () => {
    const accountId = await newAccount();
    expect(await readBalance(db, accountId)).toEqual({
      included_remaining: 1000,
      purchased_remaining: 0,
      overage_tokens: 0,
      overage_cents: 0,
      cap_cents: 0,
    });
    await expectLedgerMatchesBalance(accountId);
  });

  it('charges exactly as the pure decision says for any balance (SQL and TS agree)', async () => {
    const accountId = await newAccount();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          included_remaining: fc.integer({ min: 0, max: 400 }),
          purchased_remaining: fc.integer({ min: 0, max: 400 }),
          overage_tokens: fc.integer({ min: 0, max: 400 }),
          overage_cents: fc.integer({ min: 0, max: 300 }),
          cap_cents: fc.integer({ min: 0, max: 400 }),
        }),
        fc.integer({ min: 1, max: 1200 }),
        fc.constantFrom(null, 400, 500),
        async (balance, tokens, rate) => {
          await setBalance(accountId, balance);
          const expected = decideCharge(balance, tokens, rate);
          n += 1;
          const outcome = await charge(db, {
            accountId,
            tokens,
            overageCentsPer1000: rate,
            ref: `prop-${n}`,
            reason: 'test',
          });
          expect(outcome.charged).toBe(expected.fits);
          const { split } = expected;
          const after = expected.fits
            ? {
                ...balance,
                included_remaining: balance.included_remaining - split.included,
                purchased_remaining: balance.purchased_remaining - split.purchased,
                overage_tokens: balance.overage_tokens + split.overageTokens,
                overage_cents: balance.overage_cents + split.overageCents,
              }
            : balance;
          expect(outcome.balance).toEqual(after);
          await expectLedgerMatchesBalance(accountId);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lets through exactly as many of 50 simultaneous charges as the balance covers', async () => {
    const accountId = await newAccount();
    await setBalance(accountId, {
      included_remaining: 1500,
      purchased_remaining: 0,
      overage_tokens: 0,
      overage_cents: 0,
      cap_cents: 0,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        charge(db, {
          accountId,
          tokens: 150,
          overageCentsPer1000: null,
          ref: `run_conc_${accountId}_${i}`,
          reason: 'test',
        }),
      ),
    );
    expect(outcomes.filter((o) => o.charged)).toHaveLength(10);
    expect((await readBalance(db, accountId))!.included_remaining).toBe(0);
    await expectLedgerMatchesBalance(accountId);
  });

  it('refuses a second charge for the same run', async () => {
    const accountId = await newAccount();
    await charge(db, {
      accountId,
      tokens: 10,
      overageCentsPer1000: null,
      ref: 'run_dup',
      reason: 'test',
    });
    await expect(
      charge(db, {
        accountId,
        tokens: 10,
        overageCentsPer1000: null,
        ref: 'run_dup',
        reason: 'test',
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect((await readBalance(db, accountId))!.included_remaining).toBe(990);
  });

  it('refunds a charge to where it came from exactly once, however many retries race', async () => {
    const accountId = await newAccount();
    await setBalance(accountId, {
      included_remaining: 100,
      purchased_remaining: 30,
      overage_tokens: 0,
      overage_cents: 0,
      cap_cents: 1000,
    });
    const charged = await charge(db, {
      accountId,
      tokens: 150,
      overageCentsPer1000: 500,
      ref: 'run_refund',
      reason: 'test',
    });
    expect(charged.charged).toBe(true);
    expect(charged.balance).toMatchObject({
      included_remaining: 0,
      purchased_remaining: 0,
      overage_tokens: 20,
      overage_cents: 10,
    });

    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => refund(db, 'run_refund', 'run failed')),
    );
    expect(outcomes.filter((o) => o === 'refunded')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_refunded')).toHaveLength(7);
    expect(await readBalance(db, accountId)).toEqual({
      included_remaining: 100,
      purchased_remaining: 30,
      overage_tokens: 0,
      overage_cents: 0,
      cap_cents: 1000,
    });
    expect(await refund(db, 'run_never_charged', 'x')).toBe('no_charge');
    await expectLedgerMatchesBalance(accountId);
  });

  it('credits a payment once per payment reference', async () => {
    const accountId = await newAccount();
    expect(
      await credit(db, {
        accountId,
        kind: 'purchase',
        tokens: 1000,
        reason: 'pack small',
        ref: 'cs_test_1',
      }),
    ).toBe(true);
    expect(
      await credit(db, {
        accountId,
        kind: 'purchase',
        tokens: 1000,
        reason: 'pack small',
        ref: 'cs_test_1',
      }),
    ).toBe(false);
    expect((await readBalance(db, accountId))!.purchased_remaining).toBe(1000);
    await expectLedgerMatchesBalance(accountId);
  });

  it('renews the allowance once a period, expiring the rest and closing the overage', async () => {
    const accountId = await newAccount();
    await setBalance(accountId, {
      included_remaining: 37,
      purchased_remaining: 5,
      overage_tokens: 200,
      overage_cents: 100,
      cap_cents: 5000,
    });
    expect(await renewAllowance(db, accountId, 8000, `period:${accountId}:2026-12`)).toBe(true);
    expect(await renewAllowance(db, accountId, 8000, `period:${accountId}:2026-12`)).toBe(false);
    expect(await readBalance(db, accountId)).toEqual({
      included_remaining: 8000,
      purchased_remaining: 5,
      overage_tokens: 0,
      overage_cents: 0,
      cap_cents: 5000,
    });
    await expectLedgerMatchesBalance(accountId);
  });
});
