// The persona engine on top of any `ChatModel`. The model infers the audience, proposes the
// archetypes, reacts in small groups and answers follow-ups; everything that must hold for the
// report (persona ids, counts, the fields of a detail level, shares and evidence) is decided
// or checked on our side.
import {
  reactionSchema,
  type AskRequest,
  type Engine,
  type Persona,
  type Reaction,
  type RunSubject,
  type Synthesis,
} from '../../types';
import type { ChatModel } from './chat-model';
import { expandPanel } from './panel';
import {
  answerPrompt,
  archetypesPrompt,
  audiencePrompt,
  polishPrompt,
  reactPrompt,
  SYSTEM,
} from './prompts';
import {
  answersOutput,
  archetypesOutput,
  audienceOutput,
  polishOutput,
  reactionsOutput,
  type PolishOutput,
  type ReactionFields,
} from './schemas';

/** Personas per model call: enough to share one prompt, few enough to keep replies valid. */
export const PERSONAS_PER_CALL = 10;
/** Model calls in flight at once for one react batch (Workers allow six connections). */
const PARALLEL_CALLS = 5;

/** Completion budget per reaction at each detail level, with room to spare. */
const TOKENS_PER_REACTION = { snapshot: 200, standard: 480, deep: 760 } as const;

export function llmEngine(model: ChatModel): Engine {
  return {
    name: model.name,

    async settleAudience(subject) {
      const { value, tokens } = await model.complete({
        system: SYSTEM,
        user: audiencePrompt(subject),
        schema: audienceOutput,
        maxTokens: 600,
      });
      // A given audience is the caller's words: it stays the description, as in every engine.
      const given = subject.audience?.trim();
      const description = given || value.description;
      return { ...value, description, inferred: !given, llmTokens: tokens };
    },

    async buildPanel(subject, audience) {
      const { value, tokens } = await model.complete({
        system: SYSTEM,
        user: archetypesPrompt(subject, audience),
        schema: archetypesOutput,
        maxTokens: 2500,
      });
      const plans = value.archetypes.slice(0, subject.personaCount);
      return { ...expandPanel(subject, plans), llmTokens: tokens };
    },

    async react(subject, personas) {
      const groups: Persona[][] = [];
      for (let i = 0; i < personas.length; i += PERSONAS_PER_CALL) {
        groups.push(personas.slice(i, i + PERSONAS_PER_CALL));
      }
      const reactions: Reaction[] = [];
      let llmTokens = 0;
      for (let i = 0; i < groups.length; i += PARALLEL_CALLS) {
        const wave = groups.slice(i, i + PARALLEL_CALLS);
        const results = await Promise.all(wave.map((group) => reactGroup(model, subject, group)));
        for (const result of results) {
          reactions.push(...result.reactions);
          llmTokens += result.tokens;
        }
      }
      return { reactions, llmTokens };
    },

    async answer(request) {
      const { value, tokens } = await model.complete({
        system: SYSTEM,
        user: answerPrompt(request),
        schema: answersOutput(request.speakers.length),
        maxTokens: 120 + 320 * request.speakers.length,
      });
      return { text: joinAnswers(request, value.answers), llmTokens: tokens };
    },

    async polish(subject, synthesis) {
      const maxRewrite = Math.max(2 * subject.text.length, 1200);
      const { value, tokens } = await model.complete({
        system: SYSTEM,
        user: polishPrompt(subject, synthesis),
        schema: polishOutput(synthesis.segments.length, maxRewrite),
        maxTokens: Math.min(8000, 600 + Math.ceil(maxRewrite / 3)),
      });
      return { ...applyPolish(synthesis, value), llmTokens: tokens };
    },
  };
}

async function reactGroup(model: ChatModel, subject: RunSubject, personas: Persona[]) {
  const { value, tokens } = await model.complete({
    system: SYSTEM,
    user: reactPrompt(subject, personas),
    schema: reactionsOutput(subject.detail, personas.length),
    maxTokens: 200 + TOKENS_PER_REACTION[subject.detail] * personas.length,
  });
  // Who reacted is ours to say, never the model's: ids and archetypes come from the panel.
  const reactions = personas.map((persona, i) => toReaction(persona, value.reactions[i]!));
  return { reactions, tokens };
}

function toReaction(persona: Persona, fields: ReactionFields): Reaction {
  return reactionSchema.parse({ ...fields, persona_id: persona.id, archetype: persona.archetype });
}

function joinAnswers(request: AskRequest, answers: string[]): string {
  if (request.speakers.length === 1) return answers[0]!.trim();
  return request.speakers
    .map(({ persona }, i) => `${persona.name} (${persona.archetype}): ${answers[i]!.trim()}`)
    .join('\n\n');
}

/**
 * Takes only the names and the rewrite from the model: shares, summaries, frictions with their
 * evidence, stats and samples stay as the shared synthesis made them, with sample reactions
 * following their segment's new name.
 */
export function applyPolish(synthesis: Synthesis, polished: PolishOutput): Synthesis {
  const renamed = new Map(
    synthesis.segments.map((segment, i) => [segment.name, polished.segments[i]!.name.trim()]),
  );
  return {
    ...synthesis,
    segments: synthesis.segments.map((segment) => ({
      ...segment,
      name: renamed.get(segment.name)!,
    })),
    sampleReactions: synthesis.sampleReactions.map((sample) => ({
      ...sample,
      segment: renamed.get(sample.segment) ?? sample.segment,
    })),
    rewrite: { text: polished.rewrite.text.trim(), rationale: polished.rewrite.rationale.trim() },
  };
}
