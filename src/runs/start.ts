// Starting a run: refuse what cannot run before charging, charge and record the run in one
// D1 batch, then start its Workflow. A Workflow that cannot be started is refunded at once.
import { planOf } from '../billing/catalogue';
import { testCost } from '../billing/cost';
import { paymentOptions } from '../billing/payment-options';
import { quote } from '../billing/quote';
import { randomBase62 } from '../lib/crypto';
import { log } from '../lib/log';
import { ToolError } from '../mcp/result';
import type { TestInput } from '../mcp/schemas';
import type { ToolContext } from '../mcp/tool';
import { charge, refund } from '../storage/ledger';
import { failRun, insertRunIfCharged } from '../storage/runs';
import { engineFor } from './engines';

export function newRunId(): string {
  return `run_${randomBase62(20)}`;
}

export async function startRun(
  input: TestInput,
  ctx: ToolContext,
): Promise<Record<string, unknown>> {
  if (input.content_type === 'url' && input.url_mode === 'visual' && !ctx.env.BROWSER) {
    // Refused before charging: nothing could render the page.
    throw new ToolError(
      'invalid_input',
      'url_mode "visual" needs Browser Rendering, which is not configured on this server; ' +
        'use "copy" to test the page text.',
      'url_mode',
    );
  }

  const { env, account } = ctx;
  const cost = testCost(input);
  const runId = newRunId();
  const engine = engineFor(env).name;
  const outcome = await charge(env.DB, {
    accountId: account.id,
    tokens: cost.tokens,
    overageCentsPer1000: planOf(account.plan).overageCentsPer1000,
    ref: runId,
    reason: `polis_test ${input.persona_count} personas, ${input.detail}`,
    withCharge: [
      insertRunIfCharged(env.DB, {
        id: runId,
        accountId: account.id,
        input,
        engine,
        tokens: cost.tokens,
        createdAt: Date.now(),
      }),
    ],
  });
  ctx.balance = outcome.balance;

  if (!outcome.charged) {
    const estimate = quote(account, outcome.balance, cost);
    const code = estimate.refusal ?? 'insufficient_tokens';
    const message =
      code === 'cap_exceeded'
        ? `This run (${cost.tokens} tokens) would take overage past the account's spend cap. ` +
          'Nothing was charged.'
        : `This run needs ${cost.tokens} tokens and the account cannot pay for it. ` +
          'Nothing was charged.';
    throw new ToolError(code, message, undefined, {
      estimate,
      payment_options: await paymentOptions(env, ctx.config, account.id),
    });
  }

  try {
    await env.RUNS.create({ id: runId, params: { runId } });
  } catch (error) {
    log('error', 'run.start_failed', {
      run_id: runId,
      error: error instanceof Error ? error.message : String(error),
    });
    // Refund first: if D1 fails on the status write, the charge is still returned; a run
    // left pending is settled by the hourly sweep (runs/stalled.ts).
    const giveBack = () => refund(env.DB, runId, 'run could not be started');
    await giveBack()
      .catch(giveBack)
      .catch(() => undefined);
    await failRun(env.DB, runId, 'The run could not be started.').catch(() => undefined);
    throw new ToolError('internal', 'The run could not be started. It was not charged (refunded).');
  }

  log('info', 'run.started', { run_id: runId, account_id: account.id, tokens: cost.tokens });
  const { entry } = outcome;
  return {
    run_id: runId,
    status: 'pending',
    reactions_total: input.persona_count,
    charge: {
      tokens: cost.tokens,
      from_included: -entry.included_delta,
      from_purchased: -entry.purchased_delta,
      overage_tokens: entry.overage_tokens_delta,
      overage_usd: entry.overage_cents_delta / 100,
    },
    next: 'Poll polis_status with this run_id, then read polis_report.',
  };
}
