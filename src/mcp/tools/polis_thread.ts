// polis_thread: the transcript of a follow-up conversation. Free.
import { findThread, listTurns } from '../../storage/threads';
import { ToolError } from '../result';
import { threadRef } from '../schemas';
import { defineTool } from '../tool';

export const polisThread = defineTool({
  name: 'polis_thread',
  title: 'Follow-up thread',
  description:
    'Returns the transcript and status of a follow-up conversation started by polis_ask. Free.',
  input: threadRef,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ thread_id }, { env, account }) {
    const thread = await findThread(env.DB, thread_id, account.id);
    if (!thread) {
      throw new ToolError(
        'not_found',
        `No thread ${thread_id} exists for this account.`,
        'thread_id',
      );
    }
    const turns = await listTurns(env.DB, thread.id);
    return {
      thread_id: thread.id,
      run_id: thread.run_id,
      target: thread.target,
      target_name: thread.target_name,
      status: thread.status,
      turns: turns.map((turn) => ({
        question: turn.question,
        answer: turn.answer,
        status: turn.status,
        ...(turn.failure ? { failure: turn.failure, refunded: true } : {}),
        asked_at: new Date(turn.asked_at).toISOString(),
        answered_at: turn.answered_at ? new Date(turn.answered_at).toISOString() : null,
      })),
    };
  },
});
