// POST /app/runs/<id>/ask: a person's follow-up question from the run page, answered by the
// same code as polis_ask (charged and refunded the same way), then shown on the run page.
import type { Context } from 'hono';
import { z } from 'zod';
import { signedInAccount } from '../../auth/session';
import { readConfig } from '../../config';
import type { Env } from '../../env';
import { newRequestId } from '../../lib/log';
import { ToolError } from '../../mcp/result';
import { askInput } from '../../mcp/schemas';
import { ask } from '../../runs/ask';
import { findAccountState } from '../../storage/accounts';
import { SignInPage } from '../pages';
import { html } from '../layout';

type Ctx = Context<{ Bindings: Env }>;

const form = z.object({
  target: z.string().optional(),
  thread_id: z.string().optional(),
  question: z.string(),
});

/** The outcome as a redirect back to the run page (with the thread, or the error to show). */
export async function askFromRunPage(c: Ctx): Promise<Response> {
  const runId = c.req.param('runId') ?? '';
  const back = `/app/runs/${encodeURIComponent(runId)}`;
  const account = await signedInAccount(c, c.env.DB);
  if (!account) return html(<SignInPage returnTo={back} />, 401);
  const state = await findAccountState(c.env.DB, account.id);
  if (!state) return html(<SignInPage returnTo={back} />, 401);

  const fields = form.safeParse(Object.fromEntries(await c.req.formData()));
  const raw = fields.success ? fields.data : { question: '' };
  const [kind, personaId] = (raw.target ?? 'panel').split(':');
  const input = askInput.safeParse({
    run_id: runId,
    target: raw.thread_id ? 'panel' : kind === 'persona' ? 'persona' : 'panel',
    persona_id: kind === 'persona' ? personaId : undefined,
    question: raw.question.trim(),
    thread_id: raw.thread_id || undefined,
  });
  if (!input.success) return redirect(back, { error: 'invalid_input' });

  try {
    const result = await ask(input.data, {
      env: c.env,
      config: readConfig(c.env),
      account: state.account,
      balance: state.balance,
      subscriptionStatus: state.subscriptionStatus,
      via: 'oauth',
      requestId: newRequestId(),
      waitUntil: (work) => c.executionCtx.waitUntil(work),
    });
    return redirect(back, { thread: String(result.thread_id) });
  } catch (error) {
    if (error instanceof ToolError) return redirect(back, { error: error.code });
    throw error;
  }
}

/**
 * What the run page says for each refusal. The redirect carries only the code, so a crafted
 * link cannot put words on our page.
 */
export const ASK_ERRORS: Record<string, string> = {
  invalid_input: 'Write a question of up to 2,000 characters.',
  not_found: 'That persona or conversation is not part of this run.',
  not_complete: 'Questions can be asked once the run is complete.',
  insufficient_tokens: 'The account has no tokens left for a question. Top up or subscribe first.',
  cap_exceeded: 'A question would take the account past its spend cap. Nothing was charged.',
  rate_limited: 'Too many questions at once. Wait a minute and try again.',
  internal: 'The audience could not answer just now. Nothing was charged for it.',
};

function redirect(path: string, query: Record<string, string>): Response {
  const location = `${path}?${new URLSearchParams(query).toString()}#ask`;
  return new Response(null, {
    status: 303,
    headers: { Location: location, 'Cache-Control': 'no-store' },
  });
}
