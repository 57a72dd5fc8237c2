// Workers AI through the `AI` binding, in JSON mode: `response_format.json_schema` carries the
// bare JSON Schema (https://developers.cloudflare.com/workers-ai/json-mode). The binding answers
// `{ response, usage }`, where `response` is already an object in JSON mode and a string
// otherwise; both are accepted.
import {
  callFailure,
  DEFAULT_TIMEOUT_MS,
  LlmError,
  tokensOf,
  withDeadline,
  type Transport,
} from './chat-model';

export interface WorkersAiOptions {
  model: string;
  /** Per call; default 60 s. */
  timeoutMs?: number;
}

export function workersAiTransport(ai: Ai, options: WorkersAiOptions): Transport {
  const name = `workers-ai:${options.model}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name,
    async send(call) {
      const inputs = {
        messages: [
          { role: 'system', content: call.system },
          { role: 'user', content: call.user },
        ],
        response_format: { type: 'json_schema', json_schema: call.jsonSchema },
        max_tokens: call.maxTokens,
      };
      const signal = AbortSignal.timeout(timeoutMs);
      let result: unknown;
      try {
        result = await withDeadline(ai.run(options.model, inputs, { signal }), signal);
      } catch (error) {
        throw callFailure(name, error, signal, timeoutMs);
      }
      // Some models answer with a bare string instead of the `{ response }` envelope.
      if (typeof result === 'string') {
        return { content: result, tokens: tokensOf(null, call, result) };
      }
      if (!result || typeof result !== 'object') {
        throw new LlmError(`${name} answered in an unexpected shape.`);
      }
      const { response, usage } = result as { response?: unknown; usage?: unknown };
      return { content: response, tokens: tokensOf(usage, call, response) };
    },
  };
}
