// The one thing the LLM engine needs from a model: a system and a user prompt in, a value that
// passed a zod schema out, with the tokens it cost. Transports (Workers AI, OpenAI-compatible)
// only move bytes; parsing, validation and the retry of malformed output live here, once.
import { z } from 'zod';

/** A zod schema with the JSON Schema sent to the model for constrained decoding. */
export interface OutputSchema<T> {
  /** Letters, digits, `_` and `-` only (OpenAI's rule for `json_schema.name`). */
  name: string;
  zod: z.ZodType<T>;
  json: Record<string, unknown>;
}

export interface ChatRequest<T> {
  system: string;
  user: string;
  schema: OutputSchema<T>;
  maxTokens: number;
}

export interface ChatModel {
  /** e.g. "openai:gpt-4o-mini"; the engine's name in the report. */
  readonly name: string;
  complete<T>(request: ChatRequest<T>): Promise<{ value: T; tokens: number }>;
}

export interface RawCall {
  system: string;
  user: string;
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  maxTokens: number;
}

/** What a transport got back: text to parse, an already-parsed value, or nothing. */
export interface RawReply {
  content: unknown;
  tokens: number;
}

export interface Transport {
  readonly name: string;
  send(call: RawCall): Promise<RawReply>;
}

/** The model could not be reached or answered outside the protocol (status, time, shape). */
export class LlmError extends Error {
  override readonly name = 'LlmError';
}

/** The model answered, but never with output that passed validation. */
export class MalformedOutputError extends Error {
  override readonly name = 'MalformedOutputError';
  constructor(
    message: string,
    /** Tokens spent on the failed attempts, for whoever wants to record them. */
    readonly tokens: number,
  ) {
    super(message);
  }
}

/** The time limit of one model call unless a transport is told otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** One try and two more, each told what was wrong with the previous answer. */
export const ATTEMPTS = 3;

/**
 * Builds an `OutputSchema` from zod. Left out of the JSON Schema, and checked by zod alone:
 * `$schema`, and string lengths, which strict structured-output modes have not always accepted.
 */
export function outputSchema<T>(name: string, schema: z.ZodType<T>): OutputSchema<T> {
  const { $schema: _dropped, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
  return { name, zod: schema, json: withoutStringLengths(json) as Record<string, unknown> };
}

function withoutStringLengths(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutStringLengths);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(
    ([key]) => key !== 'minLength' && key !== 'maxLength',
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutStringLengths(value)]));
}

export function structuredModel(transport: Transport): ChatModel {
  return {
    name: transport.name,
    async complete<T>(request: ChatRequest<T>) {
      let tokens = 0;
      let problem = '';
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        const reply = await transport.send({
          system: request.system,
          user: problem ? `${request.user}\n\n${feedback(problem)}` : request.user,
          schemaName: request.schema.name,
          jsonSchema: request.schema.json,
          maxTokens: request.maxTokens,
        });
        tokens += reply.tokens;
        const checked = check(reply.content, request.schema.zod);
        if (checked.ok) return { value: checked.value, tokens };
        problem = checked.problem;
      }
      throw new MalformedOutputError(
        `The model's output was malformed: ${transport.name} gave no valid ` +
          `${request.schema.name} in ${ATTEMPTS} attempts (last problem: ${problem}).`,
        tokens,
      );
    },
  };
}

function feedback(problem: string): string {
  return (
    `Your previous reply was rejected: ${problem}. ` +
    'Reply again with one JSON object that matches the schema exactly.'
  );
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parses and validates one reply. A problem names paths and rules, never the model's values. */
export function check<T>(content: unknown, schema: z.ZodType<T>): Checked<T> {
  let value = content;
  if (content === undefined || content === null || content === '') {
    return { ok: false, problem: 'the reply was empty' };
  }
  if (typeof content === 'string') {
    try {
      value = JSON.parse(stripFences(content));
    } catch {
      return { ok: false, problem: 'the reply was not valid JSON' };
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: describeIssues(parsed.error.issues) };
}

// Some models wrap JSON in a Markdown code fence even in JSON mode.
function stripFences(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1]! : text;
}

function describeIssues(issues: z.ZodError['issues']): string {
  const shown = issues.slice(0, 4).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : 'the reply';
    return `${path}: ${issue.message}`;
  });
  const more = issues.length > 4 ? ` (and ${issues.length - 4} more)` : '';
  return `${shown.join('; ')}${more}`.slice(0, 400);
}

/** `usage` as both formats report it; estimated (4 characters a token) when a model omits it. */
export function tokensOf(usage: unknown, call: RawCall, content: unknown): number {
  const parsed = usageSchema.safeParse(usage);
  if (parsed.success) {
    const { total_tokens, prompt_tokens = 0, completion_tokens = 0 } = parsed.data;
    const total = total_tokens ?? prompt_tokens + completion_tokens;
    if (total > 0) return Math.round(total);
  }
  const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
  return Math.ceil((call.system.length + call.user.length + text.length) / 4);
}

const usageSchema = z.object({
  prompt_tokens: z.number().nonnegative().optional(),
  completion_tokens: z.number().nonnegative().optional(),
  total_tokens: z.number().nonnegative().optional(),
});

/**
 * Settles with `work`, or rejects when `signal` fires first: a transport whose client ignores
 * the signal still cannot hold a workflow step past its time limit.
 */
export function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Turns a failed call into an `LlmError` that names the model and, for time, the limit. */
export function callFailure(name: string, error: unknown, signal: AbortSignal, ms: number) {
  if (signal.aborted) {
    return new LlmError(`${name} did not answer within ${formatSeconds(ms)}.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError(`${name} could not be called: ${message.split('\n')[0]!.slice(0, 200)}`);
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
