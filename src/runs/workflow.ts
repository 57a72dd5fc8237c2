// One durable Workflow instance per run. Each step stores its output (in D1 or as the step's
// result) before the next begins, so a restart resumes where it stopped and a retried step
// redoes only its own work. A run that cannot finish is marked failed and refunded once.
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers';
import { NonRetryableError } from 'cloudflare:workflows';
import type { Env } from '../env';
import { log } from '../lib/log';
import { refund } from '../storage/ledger';
import {
  addLlmTokens,
  completeRun,
  failRun,
  findRunById,
  loadReactions,
  markRunning,
  saveAudience,
  savePage,
  saveReactions,
} from '../storage/runs';
import { engineFor } from './engines';
import { PageError } from './fetch-page';
import { resolveSubject } from './subject';
import { synthesize } from './synthesis';
import type { Panel, RunSubject } from './types';

export interface RunParams {
  runId: string;
}

/** Personas per react step: small enough to retry cheaply, large enough to keep steps few. */
export const REACT_BATCH = 50;

const RETRY = {
  retries: { limit: 3, delay: '2 seconds' as const, backoff: 'exponential' as const },
  timeout: '5 minutes' as const,
};

export class RunWorkflow extends WorkflowEntrypoint<Env, RunParams> {
  override async run(
    event: WorkflowEvent<RunParams>,
    step: WorkflowStep,
  ): Promise<{ status: string }> {
    const { runId } = event.payload;
    try {
      await this.execute(runId, step);
      return { status: 'complete' };
    } catch (error) {
      const reason = failureReason(error);
      await step.do('fail and refund', RETRY, async () => {
        await failRun(this.env.DB, runId, reason);
        // The ledger refunds a charge at most once, whatever retries of this step do.
        await refund(this.env.DB, runId, `run failed: ${reason}`);
      });
      log('warn', 'run.failed', { run_id: runId, reason });
      return { status: 'failed' };
    }
  }

  private async execute(runId: string, step: WorkflowStep): Promise<void> {
    const db = this.env.DB;
    const engine = engineFor(this.env);

    const subject: RunSubject = await step.do('load content', RETRY, async () => {
      const run = await findRunById(db, runId);
      if (!run) throw permanent('The run record is missing.');
      await markRunning(db, runId);
      try {
        const resolved = await resolveSubject(runId, run.input, this.env.BROWSER);
        if (resolved.url) await savePage(db, runId, resolved);
        return resolved;
      } catch (error) {
        // A page that is not there or not text will not be there on the next try either.
        if (error instanceof PageError) throw permanent(error.message);
        throw error;
      }
    });

    const audience = await step.do('settle audience', RETRY, async () => {
      const { llmTokens = 0, ...settled } = await engine.settleAudience(subject);
      await saveAudience(db, runId, settled);
      await addLlmTokens(db, runId, llmTokens);
      return settled;
    });

    const panel: Panel = await step.do('build panel', RETRY, async () => {
      const { llmTokens = 0, ...built } = await engine.buildPanel(subject, audience);
      if (built.personas.length !== subject.personaCount) {
        throw new Error(
          `the engine built ${built.personas.length} personas, not ${subject.personaCount}`,
        );
      }
      await addLlmTokens(db, runId, llmTokens);
      return built;
    });

    for (let start = 0; start < panel.personas.length; start += REACT_BATCH) {
      const batch = panel.personas.slice(start, start + REACT_BATCH);
      await step.do(`react ${start / REACT_BATCH + 1}`, RETRY, async () => {
        const { reactions, llmTokens = 0 } = await engine.react(subject, batch);
        if (reactions.length !== batch.length) {
          throw new Error(
            `the engine returned ${reactions.length} reactions for ${batch.length} personas`,
          );
        }
        await saveReactions(
          db,
          runId,
          batch.map((persona, i) => ({ seq: start + i, persona, reaction: reactions[i]! })),
        );
        await addLlmTokens(db, runId, llmTokens);
      });
    }

    await step.do('synthesize', RETRY, async () => {
      const stored = await loadReactions(db, runId);
      let report = synthesize(
        subject,
        panel,
        stored.map((item) => item.reaction),
      );
      if (engine.polish) {
        const { llmTokens = 0, ...polished } = await engine.polish(subject, report);
        report = polished;
        await addLlmTokens(db, runId, llmTokens);
      }
      await completeRun(db, runId, report);
    });
  }
}

/**
 * A failure no retry can fix; its message is written for the caller. The Workflows engine
 * recognises a NonRetryableError by its name, so the name stays and a mark in the message
 * tells our failures from others when the engine hands the error back re-wrapped.
 */
const PERMANENT = '[polis] ';

function permanent(message: string): NonRetryableError {
  return new NonRetryableError(`${PERMANENT}${message}`);
}

function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const mark = message.indexOf(PERMANENT);
  if (mark >= 0) {
    // Wrapped as: Step threw a NonRetryableError with message "[polis] …"
    const reason = message.slice(mark + PERMANENT.length);
    return message.slice(0, mark).endsWith('"') ? reason.replace(/"$/, '') : reason;
  }
  // Step errors arrive re-wrapped; keep their message but never more than a line.
  return `The run could not finish: ${message.split('\n')[0]!.slice(0, 300)}`;
}
