// Persona runs end to end in workerd: polis_test charges and starts a Workflow, the status
// climbs, the report arrives; a failing engine step leads to `failed` and exactly one refund.
import { env, introspectWorkflow } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { callTool, provision } from '../helpers';

const TWEET =
  'We cut our build times from 14 minutes to 90 seconds by caching test fixtures. ' +
  'Here is the 3-step recipe we used: https://example.com/blog/fast-builds';

async function balanceOf(accountId: string) {
  return env.DB.prepare('SELECT included_remaining FROM balances WHERE account_id = ?')
    .bind(accountId)
    .first<{ included_remaining: number }>();
}

async function waitForStatus(key: string, runId: string, statuses: string[], timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const { data } = await callTool(key, 'polis_status', { run_id: runId });
    if (statuses.includes(data.status)) return data;
    if (Date.now() - started > timeoutMs) throw new Error(`run still ${data.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('persona runs', () => {
  it('charges up front, completes, and reports exactly 3 segments and 3 frictions', async () => {
    await using workflows = await introspectWorkflow(env.RUNS);
    const owner = await provision();
    const started = await callTool(owner.api_key, 'polis_test', {
      content_type: 'tweet',
      content: TWEET,
      persona_count: 60,
      detail: 'standard',
    });
    expect(started.isError).toBe(false);
    expect(started.data).toMatchObject({ status: 'pending', reactions_total: 60 });
    expect(started.data.charge).toEqual({
      tokens: 90,
      from_included: 90,
      from_purchased: 0,
      overage_tokens: 0,
      overage_usd: 0,
    });
    expect(started.data._usage.included_remaining).toBe(910);
    expect((await balanceOf(owner.account_id))!.included_remaining).toBe(910);

    const runId = started.data.run_id as string;
    const notYet = await callTool(owner.api_key, 'polis_report', { run_id: runId });
    if (notYet.isError) expect(notYet.data.error.code).toBe('not_complete');

    const [instance] = workflows.get();
    await instance!.waitForStatus('complete');
    const status = await waitForStatus(owner.api_key, runId, ['complete']);
    expect(status).toMatchObject({
      status: 'complete',
      reactions_done: 60,
      reactions_total: 60,
      done: true,
    });

    const report = await callTool(owner.api_key, 'polis_report', { run_id: runId });
    expect(report.isError).toBe(false);
    expect(report.data.run_id).toBe(runId);
    expect(report.data.engine).toBe('heuristic');
    expect(report.data.input).toMatchObject({
      content_type: 'tweet',
      content: TWEET,
      persona_count: 60,
    });
    expect(report.data.input.audience.inferred).toBe(true);
    expect(report.data.segments).toHaveLength(3);
    expect(report.data.topFriction).toHaveLength(3);
    expect(report.data.stats.persona_count).toBe(60);
    expect(report.data.stats.trust).toBeDefined();
    expect(report.data._usage.included_remaining).toBe(910);
  });

  it('marks a run whose engine keeps failing as failed and refunds it exactly once', async () => {
    await using workflows = await introspectWorkflow(env.RUNS);
    await workflows.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: 'react 1' }, new Error('engine exploded'), 4);
    });
    const owner = await provision();
    const started = await callTool(owner.api_key, 'polis_test', {
      content_type: 'text',
      content: TWEET,
      persona_count: 20,
      detail: 'snapshot',
    });
    expect(started.isError).toBe(false);
    const runId = started.data.run_id as string;
    await workflows.get()[0]!.waitForStatus('complete');

    const status = await waitForStatus(owner.api_key, runId, ['failed']);
    expect(status).toMatchObject({ status: 'failed', done: true, refunded: true });
    expect(status.failure).toContain('engine exploded');
    expect((await balanceOf(owner.account_id))!.included_remaining).toBe(1000);
    const refunds = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM ledger WHERE kind = 'refund' AND ref = ?",
    )
      .bind(runId)
      .first<{ n: number }>();
    expect(refunds!.n).toBe(1);
    const report = await callTool(owner.api_key, 'polis_report', { run_id: runId });
    expect(report.data.error.code).toBe('not_complete');
  });

  it('keeps concurrent runs of one account separate', async () => {
    await using workflows = await introspectWorkflow(env.RUNS);
    const owner = await provision();
    const texts = [TWEET, 'A completely different post about gardening tomatoes on a balcony.'];
    const runs = await Promise.all(
      texts.map((content) =>
        callTool(owner.api_key, 'polis_test', {
          content_type: 'text',
          content,
          persona_count: 10,
          detail: 'snapshot',
        }),
      ),
    );
    for (const instance of workflows.get()) await instance.waitForStatus('complete');
    const reports = await Promise.all(
      runs.map((run) => callTool(owner.api_key, 'polis_report', { run_id: run.data.run_id })),
    );
    expect(reports.map((r) => r.data.input.content)).toEqual(texts);
    expect((await balanceOf(owner.account_id))!.included_remaining).toBe(1000 - 2 * 10);
  });

  it('answers a run of another account exactly like an unknown run', async () => {
    await using workflows = await introspectWorkflow(env.RUNS);
    const owner = await provision();
    const stranger = await provision();
    const started = await callTool(owner.api_key, 'polis_test', {
      content_type: 'text',
      content: TWEET,
      persona_count: 10,
      detail: 'snapshot',
    });
    await workflows.get()[0]!.waitForStatus('complete');
    const foreign = await callTool(stranger.api_key, 'polis_report', {
      run_id: started.data.run_id,
    });
    const unknown = await callTool(stranger.api_key, 'polis_report', {
      run_id: 'run_AAAAAAAAAAAAAAAAAAAA',
    });
    expect(foreign.data.error.code).toBe('not_found');
    expect(unknown.data.error.code).toBe('not_found');
    expect(foreign.data.error.message.replace(started.data.run_id, 'X')).toBe(
      unknown.data.error.message.replace('run_AAAAAAAAAAAAAAAAAAAA', 'X'),
    );
  });

  it('refuses an unaffordable run before anything runs, with payment options', async () => {
    const owner = await provision();
    const refused = await callTool(owner.api_key, 'polis_test', {
      content_type: 'text',
      content: TWEET,
      persona_count: 1000,
      detail: 'deep',
    });
    expect(refused.isError).toBe(true);
    expect(refused.data.error.code).toBe('insufficient_tokens');
    expect(refused.data.estimate.tokens).toBe(2500);
    expect(refused.data.payment_options.payments_available).toBe(false);
    expect(refused.data._usage.included_remaining).toBe(1000);
    const runs = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs WHERE account_id = ?')
      .bind(owner.account_id)
      .first<{ n: number }>();
    expect(runs!.n).toBe(0);
  });

  it.each([
    ['http://localhost:8080/'],
    ['http://127.0.0.1/'],
    ['http://10.0.0.5/admin'],
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://[::1]/'],
    ['ftp://example.com/file'],
    ['https://user:pass@example.com/'],
    ['http://2130706433/'],
  ])('refuses %s as a url with invalid_input and no charge', async (url) => {
    const owner = await provision();
    const refused = await callTool(owner.api_key, 'polis_test', { content_type: 'url', url });
    expect(refused.data.error).toMatchObject({ code: 'invalid_input', field: 'url' });
    expect(refused.data._usage.included_remaining).toBe(1000);
  });
});

describe('charging runs concurrently', () => {
  it('lets exactly the 10 affordable of 50 simultaneous polis_test calls through', async () => {
    await using workflows = await introspectWorkflow(env.RUNS);
    const owner = await provision();
    // 1,500 included tokens: ten standard runs of 100 personas (150 tokens each).
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO ledger (account_id, at, kind, tokens, included_delta, reason)
         VALUES (?, ?, 'admin_credit', 500, 500, 'test set-up')`,
      ).bind(owner.account_id, Date.now()),
      env.DB.prepare(
        'UPDATE balances SET included_remaining = included_remaining + 500 WHERE account_id = ?',
      ).bind(owner.account_id),
    ]);
    const calls = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        callTool(owner.api_key, 'polis_test', {
          content_type: 'text',
          content: `${TWEET} (variant ${i})`,
          persona_count: 100,
          detail: 'standard',
        }),
      ),
    );
    const started = calls.filter((call) => !call.isError);
    const refused = calls.filter((call) => call.isError);
    expect(started).toHaveLength(10);
    expect(refused.every((call) => call.data.error.code === 'insufficient_tokens')).toBe(true);
    expect((await balanceOf(owner.account_id))!.included_remaining).toBe(0);

    for (const instance of workflows.get()) await instance.waitForStatus('complete');
    const books = await env.DB.prepare(
      `SELECT SUM(included_delta) AS included, COUNT(*) FILTER (WHERE kind = 'charge') AS charges
         FROM ledger WHERE account_id = ?`,
    )
      .bind(owner.account_id)
      .first<{ included: number; charges: number }>();
    expect(books).toEqual({ included: 0, charges: 10 });
    const runs = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs WHERE account_id = ?')
      .bind(owner.account_id)
      .first<{ n: number }>();
    expect(runs!.n).toBe(10);
  });
});
