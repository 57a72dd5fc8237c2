// The hourly safety net for charges whose work never finished: a follow-up turn still pending
// long after it was asked, or a run still pending or running long after its Workflow stopped
// (or never started). Each is marked failed and refunded; the ledger refunds a charge at most
// once, so running this again, or beside the normal failure path, changes nothing twice.
import type { Env } from '../env';
import { log } from '../lib/log';
import { refund } from '../storage/ledger';
import { failRun } from '../storage/runs';
import { finishTurn } from '../storage/threads';

/** A follow-up answer takes seconds; a quarter of an hour pending means it was lost. */
export const STALE_TURN_MS = 15 * 60 * 1000;
/** A run whose Workflow is not running after this long will not finish. */
export const STALE_RUN_MS = 60 * 60 * 1000;
const BATCH = 100;

export async function settleStalled(
  env: Env,
  now = Date.now(),
): Promise<{ turns: number; runs: number }> {
  const { results: turns } = await env.DB.prepare(
    `SELECT thread_id, charge_ref FROM thread_turns
      WHERE status = 'pending' AND asked_at < ? LIMIT ?`,
  )
    .bind(now - STALE_TURN_MS, BATCH)
    .all<{ thread_id: string; charge_ref: string }>();
  for (const turn of turns) {
    await refund(env.DB, turn.charge_ref, 'follow-up was never answered', now);
    await finishTurn(
      env.DB,
      turn.thread_id,
      turn.charge_ref,
      { failure: 'The answer was lost.' },
      now,
    );
  }

  const { results: runs } = await env.DB.prepare(
    `SELECT id FROM runs WHERE status IN ('pending', 'running') AND created_at < ? LIMIT ?`,
  )
    .bind(now - STALE_RUN_MS, BATCH)
    .all<{ id: string }>();
  let settled = 0;
  for (const run of runs) {
    if (await workflowStillGoing(env, run.id)) continue;
    await refund(env.DB, run.id, 'run stopped without finishing', now);
    await failRun(env.DB, run.id, 'The run stopped without finishing.', now);
    settled += 1;
  }
  if (turns.length > 0 || settled > 0) {
    log('warn', 'stalled.settled', { turns: turns.length, runs: settled });
  }
  return { turns: turns.length, runs: settled };
}

async function workflowStillGoing(env: Env, runId: string): Promise<boolean> {
  try {
    const { status } = await (await env.RUNS.get(runId)).status();
    return ['queued', 'running', 'waiting', 'waitingForPause', 'paused'].includes(status);
  } catch {
    return false; // no such instance: the Workflow was never started
  }
}
