// Follow-up questions to a finished run's audience. One persona, an archetype, a segment or
// the whole panel answers in character, grounded in their first reactions. Each question is
// charged up front with its turn recorded in the same batch, and refunded if no answer comes.
import type { z } from 'zod';
import { planOf } from '../billing/catalogue';
import { askCost } from '../billing/cost';
import { paymentOptions } from '../billing/payment-options';
import { quote } from '../billing/quote';
import { randomBase62 } from '../lib/crypto';
import { log } from '../lib/log';
import { ToolError } from '../mcp/result';
import type { askInput } from '../mcp/schemas';
import type { ToolContext } from '../mcp/tool';
import { charge, refund } from '../storage/ledger';
import { loadReactions, type Run } from '../storage/runs';
import { ownRun } from './own-run';
import { askStatements, findThread, finishTurn, listTurns, type Thread } from '../storage/threads';
import { engineFor } from './engines';
import { seedOf } from './subject';
import { segmentReactions } from './synthesis';
import type { AskRequest, Persona, Reaction, RunSubject, Synthesis } from './types';

type AskInput = z.output<typeof askInput>;
type Speaker = AskRequest['speakers'][number];

/** How many members of a group speak for it. */
const GROUP_SPEAKERS = 5;

export async function ask(input: AskInput, ctx: ToolContext): Promise<Record<string, unknown>> {
  const { env, account } = ctx;
  const run = await ownRun(env.DB, input.run_id, account.id);
  if (run.status !== 'complete' || !run.report) {
    throw new ToolError('not_complete', `Run ${run.id} is ${run.status}; ask once it is complete.`);
  }

  let thread: Thread | null = null;
  if (input.thread_id) {
    thread = await findThread(env.DB, input.thread_id, account.id);
    if (!thread || thread.run_id !== run.id) {
      throw new ToolError(
        'not_found',
        `No thread ${input.thread_id} exists for this run.`,
        'thread_id',
      );
    }
  }
  const target = thread
    ? { kind: thread.target, name: thread.target_name }
    : { kind: input.target, name: targetName(input) };
  const speakers = await chooseSpeakers(env.DB, run, target);
  const history = thread
    ? (await listTurns(env.DB, thread.id)).filter((t) => t.answer !== null)
    : [];

  const threadRecord = thread ?? {
    id: `thr_${randomBase62(20)}`,
    account_id: account.id,
    run_id: run.id,
    target: target.kind,
    target_name: target.name,
  };
  const cost = askCost({ target: target.kind });
  const chargeRef = `ask_${randomBase62(20)}`;
  const outcome = await charge(env.DB, {
    accountId: account.id,
    tokens: cost.tokens,
    overageCentsPer1000: planOf(account.plan).overageCentsPer1000,
    ref: chargeRef,
    reason: `polis_ask ${target.kind} on ${run.id}`,
    withCharge: askStatements(env.DB, {
      thread: threadRecord,
      create: !thread,
      question: input.question,
      chargeRef,
      at: Date.now(),
    }),
  });
  ctx.balance = outcome.balance;
  if (!outcome.charged) {
    const estimate = quote(account, outcome.balance, cost);
    throw new ToolError(
      estimate.refusal ?? 'insufficient_tokens',
      'The account cannot pay for this question. Nothing was charged.',
      undefined,
      {
        estimate,
        payment_options: await paymentOptions(env, ctx.config, account.id),
      },
    );
  }

  const request: AskRequest = {
    subject: subjectOf(run),
    speakers,
    target,
    question: input.question,
    history: history.map((turn) => ({ question: turn.question, answer: turn.answer! })),
  };
  const answerNow = async () => {
    try {
      const { text } = await engineFor(env).answer(request);
      await finishTurn(env.DB, threadRecord.id, chargeRef, { answer: text });
      return text;
    } catch (error) {
      log('warn', 'ask.failed', { thread_id: threadRecord.id, error: String(error).slice(0, 200) });
      // Refund first: it matters more than the turn's status. If D1 is down for both, the
      // hourly sweep (runs/stalled.ts) refunds the turn once it has been pending too long.
      await refund(env.DB, chargeRef, 'follow-up could not be answered').catch(() => undefined);
      await finishTurn(env.DB, threadRecord.id, chargeRef, {
        failure: 'The audience could not answer.',
      }).catch(() => undefined);
      return null;
    }
  };

  const base = {
    thread_id: threadRecord.id,
    run_id: run.id,
    target: target.kind,
    target_name: target.name,
    question: input.question,
    speakers: speakers.map((s) => ({
      persona_id: s.persona.id,
      name: s.persona.name,
      archetype: s.persona.archetype,
    })),
    charge: { tokens: cost.tokens },
  };
  if (target.kind === 'panel') {
    // The whole panel takes longer: answer after replying; polis_thread shows the result.
    ctx.waitUntil(answerNow());
    return { ...base, status: 'pending', next: 'Read the answer with polis_thread.' };
  }
  const answer = await answerNow();
  if (answer === null) {
    throw new ToolError(
      'internal',
      'The audience could not answer this question. It was refunded.',
    );
  }
  return { ...base, status: 'answered', answer };
}

function targetName(input: AskInput): string {
  if (input.target === 'persona') return input.persona_id!;
  if (input.target === 'archetype') return input.archetype!;
  if (input.target === 'segment') return input.segment!;
  return 'panel';
}

export function subjectOf(run: Run): RunSubject {
  return {
    contentType: run.input.content_type,
    text: run.input.content ?? run.page_text ?? '',
    title: run.page_title ?? undefined,
    url: run.input.url,
    urlMode: run.input.url_mode,
    audience: run.input.audience,
    personaCount: run.input.persona_count,
    detail: run.input.detail,
    seed: seedOf(run.id),
  };
}

async function chooseSpeakers(
  db: D1Database,
  run: Run,
  target: { kind: AskRequest['target']['kind']; name: string },
): Promise<Speaker[]> {
  const all = await loadReactions(db, run.id);
  const report = JSON.parse(run.report!) as Synthesis;
  const matchName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  if (target.kind === 'persona') {
    const found = all.find((item) => item.persona.id === target.name);
    if (!found)
      throw new ToolError('not_found', `No persona ${target.name} in run ${run.id}.`, 'persona_id');
    return [found];
  }
  if (target.kind === 'archetype') {
    const members = all.filter((item) => matchName(item.persona.archetype, target.name));
    if (members.length === 0) {
      const names = report.archetypes.map((a) => a.name).join(', ');
      throw new ToolError(
        'not_found',
        `No archetype "${target.name}" in run ${run.id}. Archetypes: ${names}.`,
        'archetype',
      );
    }
    return spread(members, GROUP_SPEAKERS);
  }
  const sample = report.sampleReactions;
  const byId = new Map<string, { persona: Persona; reaction: Reaction }>(
    all.map((item) => [item.persona.id, item]),
  );
  if (target.kind === 'segment') {
    const position = report.segments.findIndex((s) => matchName(s.name, target.name));
    if (position < 0) {
      const names = report.segments.map((s) => s.name).join(', ');
      throw new ToolError(
        'not_found',
        `No segment "${target.name}" in run ${run.id}. Segments: ${names}.`,
        'segment',
      );
    }
    // Recompute membership (deterministic, same order as the report's segments, whose names
    // an LLM engine may have rephrased): the segment's members are those at its position.
    const segmentation = segmentReactions(all.map((item) => item.reaction));
    const original = segmentation.segments[position]?.name;
    const members = all.filter((_, i) => segmentation.membership[i] === original);
    if (members.length === 0) {
      throw new ToolError('not_found', `Segment "${target.name}" has no members.`, 'segment');
    }
    return spread(members, GROUP_SPEAKERS);
  }
  return spread(sample.map((r) => byId.get(r.persona_id)!).filter(Boolean), GROUP_SPEAKERS);
}

/** Up to `n` items spread evenly through the list (deterministic). */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}
