// The one shape of every tool result. Success: the payload plus `_usage`. Failure: `isError`
// with `{ error: { code, message, field? }, _usage }`. Both in structuredContent and as text.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Usage } from '../billing/usage';

export type ToolErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'not_complete'
  | 'insufficient_tokens'
  | 'cap_exceeded'
  | 'rate_limited'
  | 'payments_unavailable'
  | 'internal';

/** An expected failure a tool throws; the dispatcher turns it into a tool error. */
export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly field?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function toolSuccess(payload: Record<string, unknown>, usage: Usage): CallToolResult {
  const structured = { ...payload, _usage: usage };
  return {
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured,
  };
}

export function toolFailure(error: ToolError, usage: Usage | null): CallToolResult {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  // `!== undefined`: an unknown field may be named "" (an empty key), still a field.
  if (error.field !== undefined) body.field = error.field;
  const structured = { error: body, ...error.extra, _usage: usage };
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured,
  };
}
