// The LLM engine and its two transports: Workers AI through the `AI` binding, and any
// OpenAI-compatible chat completions endpoint. `engineFor` (../index.ts) picks one by config.
export { llmEngine, PERSONAS_PER_CALL } from './engine';
export {
  ATTEMPTS,
  LlmError,
  MalformedOutputError,
  structuredModel,
  type ChatModel,
  type ChatRequest,
  type Transport,
} from './chat-model';
export { openAiTransport, type OpenAiOptions } from './openai';
export { workersAiTransport, type WorkersAiOptions } from './workers-ai';
