// Queries on runs and their reactions. A run of another account reads exactly like an unknown
// one: every lookup is keyed by (id, account_id).
import { z } from 'zod';
import {
  reactionSchema,
  type Audience,
  type Persona,
  type Reaction,
  type Synthesis,
} from '../runs/types';

export const RUN_STATUSES = ['pending', 'running', 'complete', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The polis_test input as stored: validated, defaults applied. */
export const storedInput = z.object({
  content_type: z.enum(['text', 'tweet', 'linkedin', 'markdown', 'url']),
  content: z.string().optional(),
  url: z.string().optional(),
  url_mode: z.enum(['copy', 'visual']),
  audience: z.string().optional(),
  persona_count: z.number().int(),
  detail: z.enum(['snapshot', 'standard', 'deep']),
});
export type StoredInput = z.infer<typeof storedInput>;

const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return schema.parse(JSON.parse(text)) as z.output<T>;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'stored JSON does not match its schema' });
      return z.NEVER;
    }
  });

export const runRow = z.object({
  id: z.string(),
  account_id: z.string(),
  status: z.enum(RUN_STATUSES),
  input: json(storedInput),
  engine: z.string(),
  tokens_charged: z.number(),
  reactions_done: z.number(),
  reactions_total: z.number(),
  page_title: z.string().nullable(),
  page_text: z.string().nullable(),
  audience: z.string().nullable(),
  report: z.string().nullable(),
  failure: z.string().nullable(),
  llm_tokens: z.number(),
  created_at: z.number(),
  started_at: z.number().nullable(),
  completed_at: z.number().nullable(),
});
export type Run = z.infer<typeof runRow>;

/**
 * The run row, written only if its charge (ledger ref = run id) exists: it goes in the
 * charge's batch, so a run is recorded exactly when it was paid for.
 */
export function insertRunIfCharged(
  db: D1Database,
  run: {
    id: string;
    accountId: string;
    input: StoredInput;
    engine: string;
    tokens: number;
    createdAt: number;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO runs (id, account_id, status, input, engine, tokens_charged, reactions_total,
                         created_at)
       SELECT ?1, ?2, 'pending', ?3, ?4, ?5, ?6, ?7
        WHERE EXISTS (SELECT 1 FROM ledger WHERE kind = 'charge' AND ref = ?1)`,
    )
    .bind(
      run.id,
      run.accountId,
      JSON.stringify(run.input),
      run.engine,
      run.tokens,
      run.input.persona_count,
      run.createdAt,
    );
}

export async function findRun(db: D1Database, id: string, accountId: string): Promise<Run | null> {
  const row = await db
    .prepare('SELECT * FROM runs WHERE id = ? AND account_id = ?')
    .bind(id, accountId)
    .first();
  return row ? runRow.parse(row) : null;
}

/** For the workflow, which acts for the system rather than a caller. */
export async function findRunById(db: D1Database, id: string): Promise<Run | null> {
  const row = await db.prepare('SELECT * FROM runs WHERE id = ?').bind(id).first();
  return row ? runRow.parse(row) : null;
}

export async function listRuns(db: D1Database, accountId: string, limit = 20): Promise<Run[]> {
  const { results } = await db
    .prepare('SELECT * FROM runs WHERE account_id = ? ORDER BY created_at DESC LIMIT ?')
    .bind(accountId, limit)
    .all();
  return results.map((row) => runRow.parse(row));
}

export async function markRunning(db: D1Database, id: string, at = Date.now()): Promise<void> {
  await db
    .prepare(
      `UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?)
        WHERE id = ? AND status IN ('pending', 'running')`,
    )
    .bind(at, id)
    .run();
}

export async function savePage(
  db: D1Database,
  id: string,
  page: { title?: string; text: string },
): Promise<void> {
  await db
    .prepare('UPDATE runs SET page_title = ?, page_text = ? WHERE id = ?')
    .bind(page.title ?? null, page.text, id)
    .run();
}

export async function saveAudience(db: D1Database, id: string, audience: Audience): Promise<void> {
  await db
    .prepare('UPDATE runs SET audience = ? WHERE id = ?')
    .bind(JSON.stringify(audience), id)
    .run();
}

export async function addLlmTokens(db: D1Database, id: string, tokens: number): Promise<void> {
  if (tokens <= 0) return;
  await db
    .prepare('UPDATE runs SET llm_tokens = llm_tokens + ? WHERE id = ?')
    .bind(tokens, id)
    .run();
}

/**
 * Stores a batch of reactions and the progress they make, in one batch. Replaying the same
 * batch (a retried step) rewrites the same rows and leaves the count right.
 */
export async function saveReactions(
  db: D1Database,
  runId: string,
  items: { seq: number; persona: Persona; reaction: Reaction }[],
): Promise<void> {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO run_reactions (run_id, persona_id, seq, persona, reaction)
     VALUES (?, ?, ?, ?, ?)`,
  );
  await db.batch([
    ...items.map((item) =>
      insert.bind(
        runId,
        item.persona.id,
        item.seq,
        JSON.stringify(item.persona),
        JSON.stringify(item.reaction),
      ),
    ),
    db
      .prepare(
        `UPDATE runs SET reactions_done = (SELECT COUNT(*) FROM run_reactions WHERE run_id = ?1)
          WHERE id = ?1`,
      )
      .bind(runId),
  ]);
}

const reactionRow = z.object({
  persona: json(z.custom<Persona>((value) => typeof value === 'object' && value !== null)),
  reaction: json(reactionSchema),
});

export async function loadReactions(
  db: D1Database,
  runId: string,
): Promise<{ persona: Persona; reaction: Reaction }[]> {
  const { results } = await db
    .prepare('SELECT persona, reaction FROM run_reactions WHERE run_id = ? ORDER BY seq')
    .bind(runId)
    .all();
  return results.map((row) => reactionRow.parse(row));
}

export async function completeRun(
  db: D1Database,
  id: string,
  report: Synthesis,
  at = Date.now(),
): Promise<void> {
  await db
    .prepare(
      `UPDATE runs SET status = 'complete', report = ?, completed_at = ?
        WHERE id = ? AND status IN ('pending', 'running')`,
    )
    .bind(JSON.stringify(report), at, id)
    .run();
}

/** Marks a run failed; returns false when it had already finished (complete or failed). */
export async function failRun(
  db: D1Database,
  id: string,
  reason: string,
  at = Date.now(),
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE runs SET status = 'failed', failure = ?, completed_at = ?
        WHERE id = ? AND status IN ('pending', 'running')`,
    )
    .bind(reason.slice(0, 500), at, id)
    .run();
  return result.meta.changes > 0;
}
