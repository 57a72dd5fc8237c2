// The vocabulary of a persona run, shared by the engines, the synthesis, the workflow and the
// tools. Report keys are camelCase (SPEC §5); tool inputs stay snake_case.
import { z } from 'zod';
import type { StoredLayout } from './render/layout';

export type ContentType = 'text' | 'tweet' | 'linkedin' | 'markdown' | 'url';
export type Detail = 'snapshot' | 'standard' | 'deep';
export type Decision = 'stay' | 'scroll' | 'click' | 'save';
export type Sentiment = 'positive' | 'neutral' | 'negative' | 'mixed';

/** What a run works on: the caller's input with the content resolved to text. */
export interface RunSubject {
  contentType: ContentType;
  /** The content as the audience meets it (for a url run: the page's readable text). */
  text: string;
  /** For url runs: the page title, when the page has one. */
  title?: string;
  url?: string;
  urlMode: 'copy' | 'visual';
  /** For url runs in visual mode: the page as measured in a browser. */
  layout?: StoredLayout;
  audience?: string;
  personaCount: number;
  detail: Detail;
  /** Determinism: the same subject and seed give the same run (heuristic engine). */
  seed: number;
}

/** Who the content reaches: the intended audience and the people around it. */
export interface Audience {
  /** One line, e.g. "early-stage B2B SaaS founders". */
  description: string;
  /** True when Polis inferred it from the content (no `audience` given). */
  inferred: boolean;
  /** Those the content is for. */
  core: string[];
  /** Those next to them who will also see it (colleagues, investors, competitors…). */
  adjacent: string[];
  /** Those who meet it by accident (the feed's general public). */
  accidental: string[];
}

export type Ring = 'core' | 'adjacent' | 'accidental';

/** Numeric traits, each in [0, 1]. */
export interface Traits {
  attention: number;
  skepticism: number;
  expertise: number;
  priceSensitivity: number;
  intentToAct: number;
}

export interface Archetype {
  name: string;
  description: string;
  ring: Ring;
  /** Share of the panel, in (0, 1]; the shares of a panel sum to 1. */
  weight: number;
  /** The centre the archetype's personas' traits vary around. */
  traits: Traits;
}

export interface Persona {
  /** "p_0001"…, unique within a run. */
  id: string;
  name: string;
  archetype: string;
  ring: Ring;
  traits: Traits;
  /** Where and how they meet the content, e.g. "scrolling X on the train, 2 minutes spare". */
  context: string;
}

export interface Panel {
  archetypes: Archetype[];
  personas: Persona[];
}

export const reactionSchema = z.object({
  persona_id: z.string(),
  archetype: z.string(),
  // snapshot
  firstGlance: z.string(),
  decision: z.enum(['stay', 'scroll', 'click', 'save']),
  noticedFirst: z.string(),
  pausePoint: z.string(),
  quote: z.string(),
  intent: z.number().int().min(0).max(10),
  // standard
  thinkAloud: z.string().optional(),
  resonated: z.array(z.string()).optional(),
  confused: z.array(z.string()).optional(),
  objections: z.array(z.string()).optional(),
  openQuestions: z.array(z.string()).optional(),
  trust: z.number().int().min(0).max(10).optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']).optional(),
  stickyPhrase: z.string().optional(),
  topChange: z.string().optional(),
  // deep
  emotionalArc: z.string().optional(),
  wouldPay: z.boolean().optional(),
  wouldPayWhy: z.string().optional(),
  shareWith: z.string().optional(),
  competitor: z.string().optional(),
  personalContext: z.string().optional(),
});
export type Reaction = z.infer<typeof reactionSchema>;

export const SNAPSHOT_FIELDS = [
  'firstGlance',
  'decision',
  'noticedFirst',
  'pausePoint',
  'quote',
  'intent',
] as const;
export const STANDARD_FIELDS = [
  'thinkAloud',
  'resonated',
  'confused',
  'objections',
  'openQuestions',
  'trust',
  'sentiment',
  'stickyPhrase',
  'topChange',
] as const;
export const DEEP_FIELDS = [
  'emotionalArc',
  'wouldPay',
  'wouldPayWhy',
  'shareWith',
  'competitor',
  'personalContext',
] as const;

/** The fields a reaction carries at a detail level (and no others). */
export function fieldsFor(detail: Detail): readonly string[] {
  if (detail === 'snapshot') return SNAPSHOT_FIELDS;
  if (detail === 'standard') return [...SNAPSHOT_FIELDS, ...STANDARD_FIELDS];
  return [...SNAPSHOT_FIELDS, ...STANDARD_FIELDS, ...DEEP_FIELDS];
}

export interface Segment {
  name: string;
  share: number;
  summary: string;
}

export interface Friction {
  point: string;
  severity: number;
  evidence: string;
}

export interface Histogram {
  mean: number;
  histogram: number[];
}

export interface ReportStats {
  persona_count: number;
  intent: Histogram;
  decision: Record<Decision, number>;
  trust?: Histogram;
  sentiment?: Record<Sentiment, number>;
}

/** What the synthesis produces from a run's reactions (the report minus run metadata). */
export interface Synthesis {
  segments: Segment[];
  topFriction: Friction[];
  rewrite: { text: string; rationale: string };
  structuralNotes?: string[];
  stats: ReportStats;
  archetypes: { name: string; count: number }[];
  sampleReactions: (Reaction & { segment: string })[];
}

/** Tokens an LLM engine used (prompt + completion); zero for the heuristic engine. */
export interface Usage {
  llmTokens: number;
}

/**
 * A persona engine. Every method is deterministic for the heuristic engine given the same
 * subject (its seed included); LLM engines are not, which is why the workflow stores each
 * step's output before moving on.
 */
export interface Engine {
  /** Named in the report, e.g. "heuristic" or "workers-ai:@cf/meta/llama-3.1-8b-instruct". */
  readonly name: string;
  settleAudience(subject: RunSubject): Promise<Audience & Partial<Usage>>;
  buildPanel(subject: RunSubject, audience: Audience): Promise<Panel & Partial<Usage>>;
  /** Reactions of a batch of personas, one per persona, in the same order. */
  react(
    subject: RunSubject,
    personas: Persona[],
  ): Promise<{ reactions: Reaction[] } & Partial<Usage>>;
  /** A persona's (or group's) answer to a follow-up question, in its voice. */
  answer(request: AskRequest): Promise<{ text: string } & Partial<Usage>>;
  /** Optional phrasing pass over the shared synthesis (names, rewrite); heuristic: identity. */
  polish?(subject: RunSubject, synthesis: Synthesis): Promise<Synthesis & Partial<Usage>>;
}

export interface AskRequest {
  subject: RunSubject;
  /** Who answers: one persona, or representatives of a group with their first reactions. */
  speakers: { persona: Persona; reaction: Reaction }[];
  /** "persona" | "archetype" | "segment" | "panel", and the group's name. */
  target: { kind: 'persona' | 'archetype' | 'segment' | 'panel'; name: string };
  question: string;
  /** Earlier turns of this thread, oldest first. */
  history: { question: string; answer: string }[];
}
