// The product flow an agent runs, through any connected MCP SDK client: estimate → test →
// poll status → report → ask a persona → read the thread, with the charges checked against
// `_usage` along the way.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';

export interface Usage {
  plan: string;
  included_remaining: number;
  purchased_remaining: number;
  in_overage: boolean;
}

export interface ToolResult {
  isError?: boolean;
  structuredContent: Record<string, unknown> & { _usage: Usage };
  content: { type: string; text?: string }[];
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as unknown as ToolResult;
}

/** The structured payload of a result that must not be an error. */
export async function ok<T>(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = await callTool(client, name, args);
  if (result.isError)
    throw new Error(`${name} failed: ${JSON.stringify(result.structuredContent)}`);
  // SPEC §4: the text content carries the same payload as structuredContent, _usage included.
  expect(JSON.parse(result.content[0]!.text!)).toEqual(result.structuredContent);
  return result.structuredContent as unknown as T & { _usage: Usage };
}

const tokensLeft = (usage: Usage) => usage.included_remaining + usage.purchased_remaining;

export const LAUNCH_POST =
  'We built Polis: test your launch post on a synthetic audience before you publish it. ' +
  'Three segments, the three biggest frictions with quotes, and a rewrite. Free trial, no card.';

interface Report {
  run_id: string;
  status: string;
  segments: { name: string; share: number; summary: string }[];
  topFriction: { point: string; severity: number; evidence: string }[];
  rewrite: { text: string; rationale: string };
  stats: { persona_count: number };
  sampleReactions: { persona_id: string; archetype: string; segment: string; quote: string }[];
}

interface Thread {
  thread_id: string;
  run_id: string;
  status: string;
  turns: { question: string; answer: string | null; status: string }[];
}

/** Runs the whole flow and returns the run and thread it made. */
export async function runProductFlow(client: Client): Promise<{ runId: string; threadId: string }> {
  const input = { content_type: 'linkedin', content: LAUNCH_POST, persona_count: 10 };
  const detail = { ...input, detail: 'snapshot' };
  const before = await ok<Record<string, unknown>>(client, 'polis_account');

  const estimate = await ok<{ tokens: number; would_exceed_cap: boolean }>(
    client,
    'polis_estimate',
    detail,
  );
  expect(estimate.tokens).toBe(10); // 10 personas × 1 base × snapshot 1 (SPEC §6)
  expect(estimate.would_exceed_cap).toBe(false);
  expect(tokensLeft(estimate._usage)).toBe(tokensLeft(before._usage)); // free

  const started = await ok<{ run_id: string; status: string; charge: { tokens: number } }>(
    client,
    'polis_test',
    detail,
  );
  expect(started.run_id).toMatch(/^run_[0-9A-Za-z]+$/);
  expect(started.status).toBe('pending');
  expect(started.charge.tokens).toBe(estimate.tokens);
  expect(tokensLeft(started._usage)).toBe(tokensLeft(before._usage) - estimate.tokens);

  const runId = started.run_id;
  const until = Date.now() + 30_000;
  let status: { status: string; done: boolean; reactions_done: number; reactions_total: number };
  for (;;) {
    status = await ok(client, 'polis_status', { run_id: runId });
    if (status.done || Date.now() > until) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toMatchObject({ status: 'complete', done: true, reactions_total: 10 });
  expect(status.reactions_done).toBe(10);

  const report = await ok<Report>(client, 'polis_report', { run_id: runId });
  expect(report.run_id).toBe(runId);
  expect(report.status).toBe('complete');
  expect(report.stats.persona_count).toBe(10);
  expect(report.segments).toHaveLength(3);
  const shares = report.segments.reduce((sum, segment) => sum + segment.share, 0);
  expect(shares).toBeCloseTo(1, 6);
  expect(report.topFriction).toHaveLength(3);
  const severities = report.topFriction.map((friction) => friction.severity);
  expect(severities).toEqual([...severities].sort((a, b) => b - a));
  for (const friction of report.topFriction) expect(friction.evidence.length).toBeGreaterThan(0);
  expect(report.rewrite.text.length).toBeGreaterThan(0);

  const persona = report.sampleReactions[0]!;
  const question = 'What would make you click through?';
  const asked = await ok<{ thread_id: string; status: string; charge: { tokens: number } }>(
    client,
    'polis_ask',
    { run_id: runId, target: 'persona', persona_id: persona.persona_id, question },
  );
  expect(asked.thread_id).toMatch(/^thr_[0-9A-Za-z]+$/);
  expect(asked.charge.tokens).toBe(2); // ASK_TOKENS.persona
  expect(tokensLeft(asked._usage)).toBe(tokensLeft(started._usage) - 2);

  const thread = await ok<Thread>(client, 'polis_thread', { thread_id: asked.thread_id });
  expect(thread).toMatchObject({ thread_id: asked.thread_id, run_id: runId, status: 'answered' });
  expect(thread.turns).toHaveLength(1);
  expect(thread.turns[0]).toMatchObject({ question, status: 'answered' });
  expect(thread.turns[0]!.answer!.length).toBeGreaterThan(0);
  return { runId, threadId: asked.thread_id };
}
