// Tool input schemas, shared by the tools, tools/list, the cost function and the docs. Field
// descriptions are written for the model that calls the tools.
import { z } from 'zod';
import { checkPublicUrl } from '../lib/public-url';

export const CONTENT_TYPES = ['text', 'tweet', 'linkedin', 'markdown', 'url'] as const;
export const URL_MODES = ['copy', 'visual'] as const;
export const DETAIL_LEVELS = ['snapshot', 'standard', 'deep'] as const;
export const ASK_TARGETS = ['persona', 'archetype', 'segment', 'panel'] as const;
export const PACK_IDS = ['small', 'medium', 'large', 'scale'] as const;

export const PERSONA_COUNT = { min: 10, max: 1000, default: 100 } as const;
export const MAX_CONTENT_CHARS = 50_000;

const runId = z
  .string()
  .regex(/^run_[0-9A-Za-z]{10,40}$/, 'run_id must look like "run_…" as returned by polis_test')
  .describe('The run id returned by polis_test.');

export const testInput = z
  .object({
    content_type: z
      .enum(CONTENT_TYPES)
      .describe('What the content is; it sets where the audience meets it (a feed, a page).'),
    content: z
      .string()
      .min(1, 'content must not be empty')
      .max(MAX_CONTENT_CHARS, `content must be at most ${MAX_CONTENT_CHARS} characters`)
      .optional()
      .describe('The content to test, verbatim. Required unless content_type is "url".'),
    url: z
      .string()
      .max(2048, 'url must be at most 2048 characters')
      .optional()
      .describe('The public http(s) page to test. Required when content_type is "url".'),
    url_mode: z
      .enum(URL_MODES)
      .default('copy')
      .describe('"copy" reads the page text; "visual" also judges layout (costs 3×).'),
    audience: z
      .string()
      .min(1, 'audience must not be empty')
      .max(2000, 'audience must be at most 2000 characters')
      .optional()
      .describe('Who the content is for, in plain words. Omitted: Polis infers it.'),
    persona_count: z
      .number()
      .int('persona_count must be a whole number')
      .min(PERSONA_COUNT.min, `persona_count must be at least ${PERSONA_COUNT.min}`)
      .max(PERSONA_COUNT.max, `persona_count must be at most ${PERSONA_COUNT.max}`)
      .default(PERSONA_COUNT.default)
      .describe('How many personas react. More personas, steadier statistics, higher cost.'),
    detail: z
      .enum(DETAIL_LEVELS)
      .default('standard')
      .describe('How much each persona says: snapshot (1×), standard (1.5×), deep (2.5×).'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.content_type === 'url') {
      const verdict = input.url === undefined ? null : checkPublicUrl(input.url);
      if (verdict && !verdict.ok) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: verdict.reason });
      }
      if (input.url === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'url is required when content_type is "url"',
        });
      }
      if (input.content !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['content'],
          message: 'content must be omitted when content_type is "url"',
        });
      }
    } else {
      if (input.content === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['content'],
          message: `content is required when content_type is "${input.content_type}"`,
        });
      }
      if (input.url !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'url is only for content_type "url"',
        });
      }
    }
  });
export type TestInput = z.infer<typeof testInput>;

export const runRef = z.object({ run_id: runId }).strict();

export const askInput = z
  .object({
    run_id: runId,
    target: z
      .enum(ASK_TARGETS)
      .describe('Who answers: one persona, an archetype, a segment, or the panel.'),
    persona_id: z.string().max(64).optional().describe('Required when target is "persona".'),
    archetype: z.string().max(200).optional().describe('Required when target is "archetype".'),
    segment: z.string().max(200).optional().describe('Required when target is "segment".'),
    question: z
      .string()
      .min(1, 'question must not be empty')
      .max(2000, 'question must be at most 2000 characters')
      .describe('The follow-up question, as you would ask a person.'),
    thread_id: z
      .string()
      .regex(/^thr_[0-9A-Za-z]{10,40}$/, 'thread_id must look like "thr_…"')
      .optional()
      .describe('Continue an earlier conversation instead of starting one.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const needs = { persona: 'persona_id', archetype: 'archetype', segment: 'segment' } as const;
    if (input.target !== 'panel') {
      const field = needs[input.target];
      if (input[field] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is required when target is "${input.target}"`,
        });
      }
    }
  });

export const threadRef = z
  .object({
    thread_id: z
      .string()
      .regex(/^thr_[0-9A-Za-z]{10,40}$/, 'thread_id must look like "thr_…"')
      .describe('The thread id returned by polis_ask.'),
  })
  .strict();

export const topupInput = z
  .object({
    pack: z
      .enum(PACK_IDS)
      .describe(
        'small $5 → 1,000 tokens; medium $20 → 4,000; large $50 → 12,500; scale $200 → 55,000.',
      ),
  })
  .strict();

export const noInput = z.object({}).strict();
