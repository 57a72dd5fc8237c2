// Follow-up questions: a persona, an archetype, a segment or the panel answers in character;
// threads continue by thread_id; everything is charged up front and scoped to the account.
import { env, introspectWorkflow } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { callTool, eventually, provision, type Provisioned } from '../helpers';

const POST =
  'We cut our CI build from 14 minutes to 90 seconds by caching test fixtures. ' +
  'The recipe is three steps and takes an afternoon. Read it here: https://example.com/fast';

let owner: Provisioned;
let runId: string;
let report: any;

beforeAll(async () => {
  await using workflows = await introspectWorkflow(env.RUNS);
  owner = await provision();
  const started = await callTool(owner.api_key, 'polis_test', {
    content_type: 'linkedin',
    content: POST,
    persona_count: 30,
    detail: 'standard',
  });
  runId = started.data.run_id;
  await workflows.get()[0]!.waitForStatus('complete');
  report = (await callTool(owner.api_key, 'polis_report', { run_id: runId })).data;
});

async function included(): Promise<number> {
  const row = await env.DB.prepare('SELECT included_remaining FROM balances WHERE account_id = ?')
    .bind(owner.account_id)
    .first<{ included_remaining: number }>();
  return row!.included_remaining;
}

describe('polis_ask', () => {
  it('lets a persona answer in its own voice, grounded in its reaction, for a charge', async () => {
    const persona = report.sampleReactions[0];
    const before = await included();
    const asked = await callTool(owner.api_key, 'polis_ask', {
      run_id: runId,
      target: 'persona',
      persona_id: persona.persona_id,
      question: 'What would make you try this?',
    });
    expect(asked.isError).toBe(false);
    expect(asked.data).toMatchObject({
      status: 'answered',
      target: 'persona',
      target_name: persona.persona_id,
    });
    expect(asked.data.answer.length).toBeGreaterThan(10);
    expect(asked.data.thread_id).toMatch(/^thr_/);
    expect(await included()).toBe(before - asked.data.charge.tokens);
    expect(asked.data._usage.included_remaining).toBe(before - asked.data.charge.tokens);

    const followUp = await callTool(owner.api_key, 'polis_ask', {
      run_id: runId,
      target: 'persona',
      persona_id: persona.persona_id,
      thread_id: asked.data.thread_id,
      question: 'And what would stop you?',
    });
    expect(followUp.data.thread_id).toBe(asked.data.thread_id);

    const thread = await callTool(owner.api_key, 'polis_thread', {
      thread_id: asked.data.thread_id,
    });
    expect(thread.data.status).toBe('answered');
    expect(thread.data.turns.map((t: { question: string }) => t.question)).toEqual([
      'What would make you try this?',
      'And what would stop you?',
    ]);
    expect(thread.data.turns.every((t: { answer: string }) => t.answer.length > 0)).toBe(true);
  });

  it('lets an archetype and a segment answer through several of their members', async () => {
    const archetype = report.archetypes[0].name;
    const byArchetype = await callTool(owner.api_key, 'polis_ask', {
      run_id: runId,
      target: 'archetype',
      archetype,
      question: 'Is this for you?',
    });
    expect(byArchetype.data.status).toBe('answered');
    expect(byArchetype.data.speakers.length).toBeGreaterThan(0);
    expect(
      byArchetype.data.speakers.every((s: { archetype: string }) => s.archetype === archetype),
    ).toBe(true);

    const segment = report.segments.find((s: { share: number }) => s.share > 0).name;
    const bySegment = await callTool(owner.api_key, 'polis_ask', {
      run_id: runId,
      target: 'segment',
      segment,
      question: 'What did you miss?',
    });
    expect(bySegment.data.status).toBe('answered');
    expect(bySegment.data.speakers.length).toBeGreaterThan(0);
  });

  it('answers a panel question in the background, readable with polis_thread', async () => {
    const asked = await callTool(owner.api_key, 'polis_ask', {
      run_id: runId,
      target: 'panel',
      question: 'What one change would you make?',
    });
    expect(asked.data.status).toBe('pending');
    const thread = await eventually(async () => {
      const read = await callTool(owner.api_key, 'polis_thread', {
        thread_id: asked.data.thread_id,
      });
      return read.data.status === 'answered' ? read.data : undefined;
    });
    expect(thread.turns[0].answer.length).toBeGreaterThan(10);
  });

  it('names the field of an unknown persona, archetype or segment; charges nothing', async () => {
    const before = await included();
    const cases = [
      [{ target: 'persona', persona_id: 'p_9999' }, 'persona_id'],
      [{ target: 'archetype', archetype: 'Astronauts' }, 'archetype'],
      [{ target: 'segment', segment: 'Nobody' }, 'segment'],
    ] as const;
    for (const [target, field] of cases) {
      const asked = await callTool(owner.api_key, 'polis_ask', {
        run_id: runId,
        question: 'Hi?',
        ...target,
      });
      expect(asked.data.error).toMatchObject({ code: 'not_found', field });
    }
    expect(await included()).toBe(before);
  });

  it('treats a run or thread of another account exactly like an unknown one', async () => {
    const stranger = await provision();
    const foreignRun = await callTool(stranger.api_key, 'polis_ask', {
      run_id: runId,
      target: 'panel',
      question: 'Hello?',
    });
    expect(foreignRun.data.error).toMatchObject({ code: 'not_found', field: 'run_id' });
    const mine = await callTool(owner.api_key, 'polis_ask', {
      run_id: runId,
      target: 'panel',
      question: 'Anyone?',
    });
    const foreignThread = await callTool(stranger.api_key, 'polis_thread', {
      thread_id: mine.data.thread_id,
    });
    expect(foreignThread.data.error).toMatchObject({ code: 'not_found', field: 'thread_id' });
  });

  it('refuses to ask before the run is complete, without charging', async () => {
    const fresh = await provision();
    const pendingRun = 'run_pendingRunForAskTest01';
    await env.DB.prepare(
      `INSERT INTO runs (id, account_id, status, input, engine, tokens_charged, reactions_total,
                         created_at)
       VALUES (?, ?, 'running', ?, 'heuristic', 15, 10, ?)`,
    )
      .bind(
        pendingRun,
        fresh.account_id,
        JSON.stringify({
          content_type: 'text',
          content: POST,
          url_mode: 'copy',
          persona_count: 10,
          detail: 'snapshot',
        }),
        Date.now(),
      )
      .run();
    const asked = await callTool(fresh.api_key, 'polis_ask', {
      run_id: pendingRun,
      target: 'panel',
      question: 'Too soon?',
    });
    expect(asked.data.error.code).toBe('not_complete');
    expect(asked.data._usage.included_remaining).toBe(1000);
  });
});
