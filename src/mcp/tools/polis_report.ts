// polis_report: the finished report of a run. Free.
import { ownRun } from '../../runs/own-run';
import { ToolError } from '../result';
import { runRef } from '../schemas';
import { defineTool } from '../tool';

export const polisReport = defineTool({
  name: 'polis_report',
  title: 'Persona test report',
  description:
    'Returns the report of a completed run: three behaviour-named audience segments, the three ' +
    'biggest frictions with quoted evidence, a suggested rewrite, statistics and sample ' +
    'reactions. Free. Answers not_complete while the run is still going.',
  input: runRef,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ run_id }, { env, account }) {
    const run = await ownRun(env.DB, run_id, account.id);
    if (run.status === 'failed') {
      throw new ToolError(
        'not_complete',
        `Run ${run_id} failed and has no report: ${run.failure ?? 'unknown reason'}. ` +
          'Its charge was refunded.',
        undefined,
        { status: run.status },
      );
    }
    if (run.status !== 'complete' || !run.report) {
      throw new ToolError(
        'not_complete',
        `Run ${run_id} is ${run.status} ` +
          `(${run.reactions_done}/${run.reactions_total} reactions). ` +
          'Poll polis_status until done.',
        undefined,
        {
          status: run.status,
          reactions_done: run.reactions_done,
          reactions_total: run.reactions_total,
        },
      );
    }
    return {
      run_id: run.id,
      status: run.status,
      input: { ...run.input, audience: run.audience ? JSON.parse(run.audience) : null },
      created_at: new Date(run.created_at).toISOString(),
      completed_at: run.completed_at ? new Date(run.completed_at).toISOString() : null,
      engine: run.engine,
      ...JSON.parse(run.report),
    };
  },
});
