// What the model must return at each step, as zod schemas and the JSON Schemas derived from
// them. The descriptions are model-facing. A reaction carries exactly the fields of its detail
// level (`fieldsFor`): the object is strict, so a missing or extra field is malformed output.
import { z } from 'zod';
import { fieldsFor, type Detail, type Reaction } from '../../types';
import { outputSchema, type OutputSchema } from './chat-model';

type ReactionField = Exclude<keyof Reaction, 'persona_id' | 'archetype'>;

const score = z.number().int().min(0).max(10);
const list = z.array(z.string().min(1)).max(3);
const text = z.string().min(1);

/** Each reaction field, its type and what it means to the persona writing it. */
const REACTION_FIELDS: Record<ReactionField, z.ZodType> = {
  firstGlance: text.describe('exactly three words: the first impression'),
  decision: z
    .enum(['stay', 'scroll', 'click', 'save'])
    .describe('what they do next: keep reading, scroll past, click through, or save it'),
  noticedFirst: text.describe('what caught the eye first, quoted or described'),
  pausePoint: text.describe('where attention stopped or dropped off'),
  quote: text.describe('what they would say out loud about it, one sentence, in their voice'),
  intent: score.describe('0-10: how likely they are to act on it'),
  thinkAloud: text.describe('their inner monologue while reading, two or three sentences'),
  resonated: list.describe('up to 3 things that landed'),
  confused: list.describe('up to 3 things that were unclear'),
  objections: list.describe('up to 3 objections, most serious first'),
  openQuestions: list.describe('up to 3 questions left unanswered'),
  trust: score.describe('0-10: how much they believe it'),
  sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']).describe('overall feeling'),
  stickyPhrase: text.describe('a short phrase of the content, verbatim, that stuck with them'),
  topChange: text.describe('the one change that would most improve it for them'),
  emotionalArc: text.describe('how their feeling moved from start to end'),
  wouldPay: z.boolean().describe('whether they would pay for what is offered'),
  wouldPayWhy: text.describe('why or why not'),
  shareWith: text.describe('who they would share it with, or "no one"'),
  competitor: text.describe('the alternative they compare it with, or "none"'),
  personalContext: text.describe('what in their own situation shaped the reaction'),
};

/** "firstGlance: exactly three words: …" lines for the fields of a detail level. */
export function fieldGuide(detail: Detail): string {
  return fieldsFor(detail)
    .map((field) => `- ${field}: ${REACTION_FIELDS[field as ReactionField].description ?? ''}`)
    .join('\n');
}

export type ReactionFields = Omit<Reaction, 'persona_id' | 'archetype'>;

export function reactionsOutput(
  detail: Detail,
  count: number,
): OutputSchema<{ reactions: ReactionFields[] }> {
  const shape = Object.fromEntries(
    fieldsFor(detail).map((field) => [field, REACTION_FIELDS[field as ReactionField]]),
  );
  const reaction = z.strictObject(shape) as unknown as z.ZodType<ReactionFields>;
  return outputSchema(
    'reactions',
    z.strictObject({
      reactions: z
        .array(reaction)
        .length(count)
        .describe(`exactly ${count} reactions, one per person, in the order given`),
    }),
  );
}

export const audienceOutput = outputSchema(
  'audience',
  z.strictObject({
    description: text.max(200).describe('one line naming the intended audience'),
    core: z.array(text).min(1).max(4).describe('the groups the content is for'),
    adjacent: z.array(text).min(1).max(4).describe('groups next to them who will also see it'),
    accidental: z.array(text).min(1).max(3).describe('groups who meet it by chance'),
  }),
);

const unit = z.number().min(0).max(1);

export const archetypesOutput = outputSchema(
  'archetypes',
  z
    .strictObject({
      archetypes: z
        .array(
          z.strictObject({
            name: text.max(60).describe('short and distinct, e.g. "Skeptical staff engineer"'),
            description: text.max(300),
            ring: z.enum(['core', 'adjacent', 'accidental']),
            weight: z.number().positive().max(1).describe('share of the panel'),
            traits: z.strictObject({
              attention: unit,
              skepticism: unit,
              expertise: unit,
              priceSensitivity: unit,
              intentToAct: unit,
            }),
            contexts: z
              .array(text.max(160))
              .min(1)
              .max(3)
              .describe('where and how they meet the content, e.g. "on the train, 2 minutes"'),
          }),
        )
        .min(3)
        .max(8),
    })
    .superRefine((value, ctx) => {
      const names = value.archetypes.map((archetype) => archetype.name.trim().toLowerCase());
      if (new Set(names).size !== names.length) {
        ctx.addIssue({ code: 'custom', path: ['archetypes'], message: 'names must be distinct' });
      }
      if (!value.archetypes.some((archetype) => archetype.ring === 'core')) {
        ctx.addIssue({ code: 'custom', path: ['archetypes'], message: 'none is core' });
      }
    }),
);
export type ArchetypePlan = z.infer<typeof archetypesOutput.zod>['archetypes'][number];

export function answersOutput(count: number): OutputSchema<{ answers: string[] }> {
  return outputSchema(
    'answers',
    z.strictObject({
      answers: z
        .array(text.max(2000))
        .length(count)
        .describe(`exactly ${count} answers, one per speaker, in the order given`),
    }),
  );
}

export interface PolishOutput {
  segments: { name: string }[];
  rewrite: { text: string; rationale: string };
}

/** Names stay distinct and behaviour-named; the rewrite stays within reach of the original. */
export function polishOutput(segments: number, maxRewrite: number): OutputSchema<PolishOutput> {
  const schema = z
    .strictObject({
      segments: z
        .array(z.strictObject({ name: text.max(60) }))
        .length(segments)
        .describe('the segments renamed, in the order given'),
      rewrite: z.strictObject({
        text: text.max(maxRewrite),
        rationale: text.max(600),
      }),
    })
    .superRefine((value, ctx) => {
      const names = value.segments.map((segment) => segment.name.trim().toLowerCase());
      if (new Set(names).size !== names.length) {
        ctx.addIssue({ code: 'custom', path: ['segments'], message: 'names must be distinct' });
      }
    });
  return outputSchema('polish', schema);
}
