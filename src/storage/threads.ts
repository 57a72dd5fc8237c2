// Follow-up threads and their turns. A thread of another account reads like an unknown one.
import { z } from 'zod';

export const threadRow = z.object({
  id: z.string(),
  account_id: z.string(),
  run_id: z.string(),
  target: z.enum(['persona', 'archetype', 'segment', 'panel']),
  target_name: z.string(),
  status: z.enum(['pending', 'answered', 'failed']),
  created_at: z.number(),
  updated_at: z.number(),
});
export type Thread = z.infer<typeof threadRow>;

export const turnRow = z.object({
  thread_id: z.string(),
  seq: z.number(),
  question: z.string(),
  answer: z.string().nullable(),
  charge_ref: z.string(),
  status: z.enum(['pending', 'answered', 'failed']),
  failure: z.string().nullable(),
  asked_at: z.number(),
  answered_at: z.number().nullable(),
});
export type Turn = z.infer<typeof turnRow>;

export async function findThread(
  db: D1Database,
  id: string,
  accountId: string,
): Promise<Thread | null> {
  const row = await db
    .prepare('SELECT * FROM threads WHERE id = ? AND account_id = ?')
    .bind(id, accountId)
    .first();
  return row ? threadRow.parse(row) : null;
}

export async function listTurns(db: D1Database, threadId: string): Promise<Turn[]> {
  const { results } = await db
    .prepare('SELECT * FROM thread_turns WHERE thread_id = ? ORDER BY seq')
    .bind(threadId)
    .all();
  return results.map((row) => turnRow.parse(row));
}

/**
 * A new thread (when `create`) and its next turn, written only if the turn's charge exists:
 * they go in the charge's batch.
 */
export function askStatements(
  db: D1Database,
  ask: {
    thread: Pick<Thread, 'id' | 'account_id' | 'run_id' | 'target' | 'target_name'>;
    create: boolean;
    question: string;
    chargeRef: string;
    at: number;
  },
): D1PreparedStatement[] {
  const { thread } = ask;
  const charged = `EXISTS (SELECT 1 FROM ledger WHERE kind = 'charge' AND ref = ?)`;
  const statements: D1PreparedStatement[] = [];
  if (ask.create) {
    statements.push(
      db
        .prepare(
          `INSERT INTO threads (id, account_id, run_id, target, target_name, status, created_at,
                                updated_at)
           SELECT ?, ?, ?, ?, ?, 'pending', ?, ? WHERE ${charged}`,
        )
        .bind(
          thread.id,
          thread.account_id,
          thread.run_id,
          thread.target,
          thread.target_name,
          ask.at,
          ask.at,
          ask.chargeRef,
        ),
    );
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO thread_turns (thread_id, seq, question, charge_ref, status, asked_at)
         SELECT ?1, COALESCE((SELECT MAX(seq) FROM thread_turns WHERE thread_id = ?1), 0) + 1,
                ?2, ?3, 'pending', ?4
          WHERE ${charged.replace('?', '?3')}`,
      )
      .bind(thread.id, ask.question, ask.chargeRef, ask.at),
    db
      .prepare(`UPDATE threads SET status = 'pending', updated_at = ? WHERE id = ? AND ${charged}`)
      .bind(ask.at, thread.id, ask.chargeRef),
  );
  return statements;
}

export async function finishTurn(
  db: D1Database,
  threadId: string,
  chargeRef: string,
  outcome: { answer: string } | { failure: string },
  at = Date.now(),
): Promise<void> {
  const answered = 'answer' in outcome;
  await db.batch([
    db
      .prepare(
        `UPDATE thread_turns SET status = ?, answer = ?, failure = ?, answered_at = ?
          WHERE thread_id = ? AND charge_ref = ? AND status = 'pending'`,
      )
      .bind(
        answered ? 'answered' : 'failed',
        answered ? outcome.answer : null,
        answered ? null : outcome.failure.slice(0, 500),
        at,
        threadId,
        chargeRef,
      ),
    db
      .prepare('UPDATE threads SET status = ?, updated_at = ? WHERE id = ?')
      .bind(answered ? 'answered' : 'failed', at, threadId),
  ]);
}
