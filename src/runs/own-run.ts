// The caller's run, or the one answer for a run that is unknown or another account's.
import { ToolError } from '../mcp/result';
import { findRun, type Run } from '../storage/runs';

export async function ownRun(db: D1Database, runId: string, accountId: string): Promise<Run> {
  const run = await findRun(db, runId, accountId);
  if (!run) throw new ToolError('not_found', `No run ${runId} exists for this account.`, 'run_id');
  return run;
}
