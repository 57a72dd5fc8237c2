// Shared by the fuzz tests: calling the Worker directly, an account that has something to
// find (a finished run, a thread) but cannot pay for anything more, and the arbitraries for
// near-valid input that most of a fuzz run should be made of.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Env } from '../../src/env';
import worker from '../../src/index';
import { charge } from '../../src/storage/ledger';
import { callTool, MCP_URL, provision, type Provisioned } from '../helpers';
import { expectBooksBalance, ledgerSnapshot, type LedgerSnapshot } from '../ledger-probe';

/** Runs per property: enough to find the usual mistakes, few enough to keep the suite fast. */
export const RUNS = { numRuns: 80 } as const;

export async function send(request: Request, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...overrides } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export function mcpRequest(token: string, body: string, headers: Record<string, string> = {}) {
  return new Request(MCP_URL, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2025-11-25',
      ...headers,
    },
    body,
  });
}

export interface FuzzAccount extends Provisioned {
  runId: string;
  threadId: string;
  personaIds: string[];
  archetypes: string[];
  segments: string[];
  /** The ledger once drained: every fuzz case must leave it exactly so. */
  ledger: LedgerSnapshot;
}

/**
 * An account with one finished run and one answered thread, then drained of every token (by a
 * ledger charge, so the books still balance) so that no fuzzed call can charge it.
 */
export async function fuzzAccount(): Promise<FuzzAccount> {
  const owner = await provision();
  const started = await callTool(owner.api_key, 'polis_test', {
    content_type: 'tweet',
    content: 'We cut our build times from 14 minutes to 90 seconds. Ask me how.',
    persona_count: 10,
    detail: 'snapshot',
  });
  const runId = started.data.run_id as string;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { data } = await callTool(owner.api_key, 'polis_status', { run_id: runId });
    if (data.status === 'complete') break;
    if (Date.now() > deadline) throw new Error(`run still ${data.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { data: report } = await callTool(owner.api_key, 'polis_report', { run_id: runId });
  const personaIds = report.sampleReactions.map((item: { persona_id: string }) => item.persona_id);
  // A persona answers at once (a panel answers later, which could still move the ledger).
  const { data: asked } = await callTool(owner.api_key, 'polis_ask', {
    run_id: runId,
    target: 'persona',
    persona_id: personaIds[0],
    question: 'Would you try it?',
  });
  expect(asked.status).toBe('answered');

  const { balance } = (await ledgerSnapshot(owner.account_id)) as { balance: any };
  await charge(env.DB, {
    accountId: owner.account_id,
    tokens: balance.included_remaining + balance.purchased_remaining,
    overageCentsPer1000: null,
    ref: `fuzz_drain_${owner.account_id}`,
    reason: 'fuzz tests: drained so that nothing can be charged',
  });
  await expectBooksBalance(owner.account_id);
  return {
    ...owner,
    runId,
    threadId: asked.thread_id,
    personaIds,
    archetypes: report.archetypes.map((item: { name: string }) => item.name),
    segments: report.segments.map((item: { name: string }) => item.name),
    ledger: await ledgerSnapshot(owner.account_id),
  };
}

/** Nothing was charged, credited or refunded: the ledger and balance are as they were. */
export async function expectLedgerUnchanged(account: FuzzAccount): Promise<void> {
  expect(await ledgerSnapshot(account.account_id)).toEqual(account.ledger);
}

// ---- arbitraries -------------------------------------------------------------------------------

/** Any JSON value, including deep nesting and odd strings. */
export const anyJson = fc.jsonValue({ maxDepth: 4 });

/** Strings that tend to break parsers and validators. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '%00',
    'null',
    '__proto__',
    'constructor',
    'a'.repeat(5000),
  ),
);

/** A value of the wrong kind for most fields. */
export const wrongKind = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** Mostly `valid`, sometimes a nasty string or a value of the wrong kind. */
export function nearly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: valid }, nastyString, wrongKind);
}

/** An object of `fields` in which any field may be missing, plus sometimes an unknown one. */
export function nearlyObject(
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson), { freq: 5 }),
    )
    .map(([record, extra]) => (extra ? { ...record, [extra[0]]: extra[1] } : record));
}
