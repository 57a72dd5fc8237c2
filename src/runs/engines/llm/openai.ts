// Any OpenAI-compatible chat completions endpoint with structured outputs
// (`response_format: { type: "json_schema", json_schema: { name, strict, schema } }`).
// Errors name the model and the HTTP status only: a provider's error body can echo part of the
// key (OpenAI's 401 does), so it is never read into a message.
import { z } from 'zod';
import { callFailure, DEFAULT_TIMEOUT_MS, LlmError, tokensOf, type Transport } from './chat-model';

export interface OpenAiOptions {
  /** e.g. "https://api.openai.com/v1"; `/chat/completions` is appended. */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Per call; default 60 s. */
  timeoutMs?: number;
}

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
        }),
      }),
    )
    .min(1),
  usage: z.unknown().optional(),
});

export function openAiTransport(options: OpenAiOptions): Transport {
  const name = `openai:${options.model}`;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name,
    async send(call) {
      const body = {
        model: options.model,
        messages: [
          { role: 'system', content: call.system },
          { role: 'user', content: call.user },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: call.schemaName, strict: true, schema: call.jsonSchema },
        },
        max_tokens: call.maxTokens,
      };
      const signal = AbortSignal.timeout(timeoutMs);
      let parsed: z.infer<typeof completionSchema>;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify(body),
          signal,
        });
        if (!response.ok) {
          await response.body?.cancel();
          const { status } = response;
          throw new LlmError(`${name} answered HTTP ${status}${hintFor(status)}`);
        }
        const envelope = completionSchema.safeParse(await response.json().catch(() => null));
        if (!envelope.success) throw new LlmError(`${name} answered in an unexpected shape.`);
        parsed = envelope.data;
      } catch (error) {
        if (error instanceof LlmError) throw error;
        throw callFailure(name, error, signal, timeoutMs);
      }
      // A refusal has no content; the structured layer counts it as an empty reply.
      const content = parsed.choices[0]!.message.content ?? undefined;
      return { content, tokens: tokensOf(parsed.usage, call, content) };
    },
  };
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return ' (check OPENAI_API_KEY).';
  if (status === 404) return ' (check OPENAI_BASE_URL and OPENAI_MODEL).';
  if (status === 429) return ' (rate limited or out of quota).';
  if (status >= 500) return ' (the provider failed; the step will be retried).';
  return '.';
}
