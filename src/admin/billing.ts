// Admin billing routes: credit tokens, set an account's plan or spend cap. Each change is one
// D1 batch holding the ledger row (when tokens move), the account change and the audit row.
import type { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_SPEND_CAP_CENTS, PLANS, planOf, type PlanId } from '../billing/catalogue';
import type { Env } from '../env';
import { issueField, jsonError, readJsonBody } from '../lib/json-errors';
import { log } from '../lib/log';
import { findAccount } from '../storage/accounts';
import { insertAudit } from '../storage/audit';
import { creditStatements, readBalance } from '../storage/ledger';

const reason = z
  .string({ error: 'reason is required: say why, for the audit log' })
  .trim()
  .min(1, 'reason must not be empty')
  .max(500, 'reason must be at most 500 characters');

const creditBody = z
  .object({
    tokens: z
      .number({ error: 'tokens must be a number' })
      .int('tokens must be a whole number')
      .min(1, 'tokens must be at least 1')
      .max(10_000_000, 'tokens must be at most 10,000,000'),
    reason,
  })
  .strict();

const patchBody = z
  .object({
    plan: z.enum(Object.keys(PLANS) as [PlanId, ...PlanId[]]).optional(),
    cap_usd: z
      .number({ error: 'cap_usd must be a number' })
      .min(0, 'cap_usd must not be negative')
      .max(100_000, 'cap_usd must be at most 100000')
      .refine(
        (usd) => Math.abs(usd * 100 - Math.round(usd * 100)) < 1e-6,
        'cap_usd has at most 2 decimals',
      )
      .optional(),
    reason,
  })
  .strict()
  .refine((body) => body.plan !== undefined || body.cap_usd !== undefined, {
    message: 'give plan, cap_usd, or both',
    path: ['plan'],
  });

async function parse<T>(request: Request, schema: z.ZodType<T>): Promise<T | Response> {
  const body = await readJsonBody(request, 8 * 1024);
  if (!body.ok) return body.response;
  const parsed = schema.safeParse(body.value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issueField(issue);
  return jsonError(400, 'invalid_input', issue.message, { field });
}

export function registerBillingRoutes(admin: Hono<{ Bindings: Env }>): void {
  admin.post('/accounts/:id/credit', async (c) => {
    const body = await parse(c.req.raw, creditBody);
    if (body instanceof Response) return body;
    const account = await findAccount(c.env.DB, c.req.param('id'));
    if (!account) return jsonError(404, 'not_found', 'No account has this id.');

    const db = c.env.DB;
    await db.batch([
      ...creditStatements(db, {
        accountId: account.id,
        kind: 'admin_credit',
        tokens: body.tokens,
        reason: body.reason,
      }),
      insertAudit(db, {
        actor: 'admin',
        action: 'account.credit',
        target: account.id,
        reason: body.reason,
        detail: { tokens: body.tokens },
      }),
    ]);
    log('info', 'admin.action', {
      action: 'account.credit',
      target: account.id,
      tokens: body.tokens,
    });
    const balance = await readBalance(db, account.id);
    return c.json({
      account_id: account.id,
      credited: body.tokens,
      purchased_remaining: balance?.purchased_remaining,
    });
  });

  admin.patch('/accounts/:id', async (c) => {
    const body = await parse(c.req.raw, patchBody);
    if (body instanceof Response) return body;
    const account = await findAccount(c.env.DB, c.req.param('id'));
    if (!account) return jsonError(404, 'not_found', 'No account has this id.');
    const balance = await readBalance(c.env.DB, account.id);
    if (!balance) return jsonError(404, 'not_found', 'This account has no balance row.');

    const db = c.env.DB;
    const now = Date.now();
    const statements: D1PreparedStatement[] = [];
    const plan = body.plan ? planOf(body.plan) : planOf(account.plan);
    if (body.plan && body.plan !== account.plan) {
      statements.push(
        db.prepare('UPDATE accounts SET plan = ? WHERE id = ?').bind(plan.id, account.id),
      );
    }
    // A paid plan without a cap of its own gets the default; the trial never has overage.
    const capCents =
      body.cap_usd !== undefined
        ? Math.round(body.cap_usd * 100)
        : plan.overageCentsPer1000 !== null && balance.cap_cents === 0
          ? DEFAULT_SPEND_CAP_CENTS
          : balance.cap_cents;
    if (capCents !== balance.cap_cents) {
      statements.push(
        db
          .prepare('UPDATE balances SET cap_cents = ? WHERE account_id = ?')
          .bind(capCents, account.id),
      );
    }
    statements.push(
      insertAudit(
        db,
        {
          actor: 'admin',
          action: 'account.update_billing',
          target: account.id,
          reason: body.reason,
          detail: {
            plan: { from: account.plan, to: plan.id },
            cap_cents: { from: balance.cap_cents, to: capCents },
          },
        },
        now,
      ),
    );
    await db.batch(statements);
    log('info', 'admin.action', { action: 'account.update_billing', target: account.id });
    return c.json({ account_id: account.id, plan: plan.id, cap_usd: capCents / 100 });
  });
}
