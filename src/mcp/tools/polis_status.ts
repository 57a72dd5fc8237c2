// polis_status: how far a run has got. Free.
import { ownRun } from '../../runs/own-run';
import { runRef } from '../schemas';
import { defineTool } from '../tool';

export const polisStatus = defineTool({
  name: 'polis_status',
  title: 'Persona test status',
  description:
    'Reports the progress of a run started by polis_test: pending, running, complete or ' +
    'failed, with reactions done out of the total. Free; poll every few seconds.',
  input: runRef,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ run_id }, { env, account }) {
    const run = await ownRun(env.DB, run_id, account.id);
    const done = run.status === 'complete' || run.status === 'failed';
    return {
      run_id: run.id,
      status: run.status,
      reactions_done: run.reactions_done,
      reactions_total: run.reactions_total,
      done,
      ...(run.status === 'failed' ? { failure: run.failure, refunded: true } : {}),
      ...(run.status === 'complete' ? { next: 'Read the report with polis_report.' } : {}),
    };
  },
});
