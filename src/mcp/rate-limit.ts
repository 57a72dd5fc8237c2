// The per-account limit on /api/mcp (SPEC §3), counted once the account is known. A tools/call
// over it gets a `rate_limited` tool error, which an agent reads like any other tool result;
// every other message gets a 429 with a JSON-RPC error. Both carry Retry-After.
import type { Usage } from '../billing/usage';
import type { Env } from '../env';
import { readTextCapped } from '../lib/json-errors';
import { overLimit, retryAfterHeader, RETRY_AFTER_SECONDS } from '../lib/rate-limit';
import { MAX_BODY_BYTES } from './door';
import { toolFailure, ToolError } from './result';

export function accountOverLimit(env: Env, accountId: string): Promise<boolean> {
  return overLimit(env, 'mcp', accountId);
}

/** The refusal for a request over the account's limit, shaped by what the request asked. */
export async function mcpRateLimited(request: Request, usage: Usage): Promise<Response> {
  const message = await readMessage(request);
  const headers = { 'Content-Type': 'application/json', ...retryAfterHeader() };
  const text =
    `Too many requests for this account: the limit is counted per minute. ` +
    `Retry after ${RETRY_AFTER_SECONDS} seconds.`;

  if (message?.method === 'tools/call' && message.id !== undefined) {
    const failure = toolFailure(
      new ToolError('rate_limited', text, undefined, { retry_after_seconds: RETRY_AFTER_SECONDS }),
      usage,
    );
    const body = { jsonrpc: '2.0', id: message.id, result: failure };
    return new Response(JSON.stringify(body), { status: 200, headers });
  }
  const body = { jsonrpc: '2.0', id: message?.id ?? null, error: { code: -32000, message: text } };
  return new Response(JSON.stringify(body), { status: 429, headers });
}

/** A single JSON-RPC request's method and id; null for a batch, a bad body or a bad id. */
async function readMessage(request: Request): Promise<{ method: unknown; id?: unknown } | null> {
  const text = await readTextCapped(request, MAX_BODY_BYTES);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { method, id } = parsed as Record<string, unknown>;
  const validId = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  return validId ? { method, id } : { method };
}
