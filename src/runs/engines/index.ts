// Which engine runs the personas: configuration (`ENGINE`), named in every report. A missing
// or wrong setting throws an Error that says what to set; a secret's value is never in it.
import { isLoopbackHost } from '../../config';
import type { Env } from '../../env';
import type { Engine } from '../types';
import { heuristicEngine } from './heuristic';
import { llmEngine, openAiTransport, structuredModel, workersAiTransport } from './llm';

export type EngineChoice = 'heuristic' | 'workers-ai' | 'openai';

/** An instruct model with JSON mode on Workers AI (developers.cloudflare.com/workers-ai). */
export const DEFAULT_WORKERS_AI_MODEL = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';

const CHOICES: readonly EngineChoice[] = ['heuristic', 'workers-ai', 'openai'];

export function engineFor(env: Env): Engine {
  const choice = setting(env.ENGINE) ?? 'heuristic';
  if (choice === 'heuristic') return heuristicEngine;

  if (choice === 'workers-ai') {
    if (!env.AI) {
      throw new Error(
        'ENGINE=workers-ai needs the Workers AI binding: add `[ai]` with `binding = "AI"` ' +
          'to wrangler.toml (Workers AI is not available in local development).',
      );
    }
    const model = setting(env.WORKERS_AI_MODEL) ?? DEFAULT_WORKERS_AI_MODEL;
    return llmEngine(structuredModel(workersAiTransport(env.AI, { model })));
  }

  if (choice === 'openai') {
    const baseUrl = setting(env.OPENAI_BASE_URL);
    const model = setting(env.OPENAI_MODEL);
    const apiKey = setting(env.OPENAI_API_KEY);
    const missing = [
      baseUrl ? '' : 'OPENAI_BASE_URL (a variable, e.g. https://api.openai.com/v1)',
      model ? '' : 'OPENAI_MODEL (a variable, e.g. gpt-4o-mini)',
      apiKey ? '' : 'OPENAI_API_KEY (a secret: npx wrangler secret put OPENAI_API_KEY)',
    ].filter(Boolean);
    if (missing.length > 0) throw new Error(`ENGINE=openai needs ${missing.join(', ')}.`);
    checkBaseUrl(baseUrl!);
    return llmEngine(
      structuredModel(openAiTransport({ baseUrl: baseUrl!, model: model!, apiKey: apiKey! })),
    );
  }

  throw new Error(
    `ENGINE must be one of ${CHOICES.join(', ')} (it is "${choice.slice(0, 40)}"); ` +
      'unset means heuristic.',
  );
}

function setting(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

// The URL is not echoed: a base URL with credentials in it would put them in a log.
function checkBaseUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('OPENAI_BASE_URL must be an absolute URL, e.g. https://api.openai.com/v1.');
  }
  const secure = url.protocol === 'https:';
  const local = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (!secure && !local) {
    throw new Error('OPENAI_BASE_URL must use https (http only for a loopback host).');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      'OPENAI_BASE_URL must not carry credentials, a query or a fragment; ' +
        'put the key in the OPENAI_API_KEY secret.',
    );
  }
}
