/*
 * THE RUBRIC: how a persona's traits meet the content's signals. Pure arithmetic, no text.
 * Traits and signal scores are in [0, 1]; trust and intent come out as integers 0–10.
 *
 * | quantity      | rule                                                                      |
 * | ------------- | ------------------------------------------------------------------------- |
 * | budget        | words the persona gives it: span of the context (tweet 45, LinkedIn 180,  |
 * |               | page 350, text 600, Markdown 700) × (0.4 + 1.2 × attention) × pace of     |
 * |               | their moment × ring patience (core 1.15, adjacent 1, accidental 0.75) ×   |
 * |               | hook pull (+25% for a question or number up front; −30% × skepticism      |
 * |               | when the opening is hype)                                                 |
 * | read fraction | min(1, budget / words); where it ends is the persona's pause point        |
 * | length strain | (words / budget − 1) / 2, clamped: how far past their patience it runs    |
 * | relevance     | by ring: core 1, adjacent 0.65, accidental 0.35                           |
 * | trust         | 0.45 − 0.15 × skepticism + 0.3 × proof × (0.6 + 0.4 × expertise)          |
 * |               |     + 0.1 × specifics − 0.3 × hype × (0.15 + 0.6 × skepticism)            |
 * |               |     − 0.3 × unsupported × (0.15 + 0.75 × max(skepticism, expertise))      |
 * |               |     − 0.1 × jargon × expertise − 0.1 × length strain + 0.05 × next step   |
 * | intent        | 1.35 × relevance^0.7 × (0.2 + 0.8 × intentToAct) × (0.3 + 0.7 × trust)    |
 * |               |     × value (0.45 + 0.3 × specifics + 0.25 × proof)                       |
 * |               |     × (next step ? 1 : 0.7) × price factor × (0.35 + 0.65 × √read)        |
 * | price factor  | an amount shown: 1 − 0.4 × price sensitivity (+ 0.2 × it with "free");   |
 * |               | only "free": 1 + 0.1 × sensitivity; nothing: 1 − 0.1 × sensitivity (an    |
 * |               | unknown price worries the careful)                                        |
 * | decision      | click: intent ≥ 7 and a next step; save: intent ≥ 6 (≥ 5 for experts on   |
 * |               | long reads) having read 60%; scroll: read < 35%, intent ≤ 2, an outsider  |
 * |               | (relevance < 0.5) at intent ≤ 3, or ½ read + ½ intent < 0.3; else stay    |
 * | sentiment     | positive: trust ≥ 6 and intent ≥ 5; negative: trust ≤ 3, or gave up early |
 * |               | on something long; mixed: positive with a strong issue, or negative while |
 * |               | something concrete landed; else neutral                                   |
 * | issues        | what bothered them, strongest first (≥ 0.15 to count):                    |
 * |               |   length: strain × (1.2 − attention)                                      |
 * |               |   unsupported claims: unsupported × (0.4 + 0.6 × skepticism) × early      |
 * |               |   hype: hype × (0.3 + 0.7 × skepticism) × early (× 0.6 beside claims)     |
 * |               |   jargon: jargon × (1 − 0.7 × expertise) × seen                           |
 * |               |   long sentences: (1 − clarity) × (1 − attention / 2) × seen              |
 * |               |   no next step: (0.3 + 0.5 × intentToAct) × relevance                     |
 * |               |   price: 0.7 × price sensitivity × seen (an amount, no "free")            |
 * |               |   relevance: 0.6 × (1 − relevance) × (1 − intentToAct / 2)                |
 * |               |   no numbers: 0.3 × (0.5 + expertise) × seen                              |
 * |               | where seen = 0.3 + 0.7 × read and early = 0.4 + 0.6 × read: what sits in |
 * |               | the text bothers only those who got to it                                 |
 * | on screen     | visual mode: a call to action below the first screen is a next step only  |
 * |               | for those whose read fraction reaches it (on-screen.ts)                   |
 *
 * Each persona adds a little seeded noise (σ 0.06 on trust and intent, 0.05 on issues), so two
 * personas with the same traits can still land a point apart, as people do.
 */
import type { Decision, Persona, Ring, Sentiment } from '../../types';
import { clamp, type Rng } from './random';
import type { Signals } from './signals';

export type IssueKind =
  | 'length'
  | 'proof'
  | 'hype'
  | 'jargon'
  | 'clarity'
  | 'nextStep'
  | 'price'
  | 'relevance'
  | 'specifics';

export interface Issue {
  kind: IssueKind;
  weight: number;
}

export interface Reading {
  budget: number;
  readWords: number;
  readFraction: number;
  lengthStrain: number;
  relevance: number;
  trust01: number;
  trust: number;
  intent: number;
  decision: Decision;
  sentiment: Sentiment;
  issues: Issue[];
}

const RING_PATIENCE: Readonly<Record<Ring, number>> = { core: 1.15, adjacent: 1, accidental: 0.75 };
const RELEVANCE: Readonly<Record<Ring, number>> = { core: 1, adjacent: 0.65, accidental: 0.35 };
const ISSUE_FLOOR = 0.15;

export function attentionBudget(signals: Signals, persona: Persona, pace: number): number {
  const { attention, skepticism } = persona.traits;
  const strongHook = signals.tone.questionHook || /\d/.test(signals.hook);
  const hypedHook = signals.hype.some((word) => signals.hook.includes(word));
  const pull = 1 + (strongHook ? 0.25 : 0) - (hypedHook ? 0.3 * skepticism : 0);
  return signals.span * (0.4 + 1.2 * attention) * pace * RING_PATIENCE[persona.ring] * pull;
}

export function trustScore(signals: Signals, persona: Persona, lengthStrain: number): number {
  const { skepticism, expertise } = persona.traits;
  const s = signals.scores;
  return clamp(
    0.45 -
      0.15 * skepticism +
      0.3 * s.proof * (0.6 + 0.4 * expertise) +
      0.1 * s.specifics -
      0.3 * s.hype * (0.15 + 0.6 * skepticism) -
      0.3 * s.unsupported * (0.15 + 0.75 * Math.max(skepticism, expertise)) -
      0.1 * s.jargon * expertise -
      0.1 * lengthStrain +
      (signals.nextStep ? 0.05 : 0),
  );
}

export function priceFactor(signals: Signals, priceSensitivity: number): number {
  if (signals.price.length > 0) return 1 - (signals.free ? 0.2 : 0.4) * priceSensitivity;
  return 1 + (signals.free ? 0.1 : -0.1) * priceSensitivity;
}

export function intentScore(
  signals: Signals,
  persona: Persona,
  trust01: number,
  readFraction: number,
): number {
  const s = signals.scores;
  const value = 0.45 + 0.3 * s.specifics + 0.25 * s.proof;
  return clamp(
    1.35 *
      RELEVANCE[persona.ring] ** 0.7 *
      (0.2 + 0.8 * persona.traits.intentToAct) *
      (0.3 + 0.7 * trust01) *
      value *
      (signals.nextStep ? 1 : 0.7) *
      priceFactor(signals, persona.traits.priceSensitivity) *
      (0.35 + 0.65 * Math.sqrt(readFraction)),
  );
}

export function issuesOf(
  signals: Signals,
  persona: Persona,
  lengthStrain: number,
  readFraction: number,
): Issue[] {
  const { attention, skepticism, expertise, priceSensitivity, intentToAct } = persona.traits;
  const s = signals.scores;
  const relevance = RELEVANCE[persona.ring];
  // What sits in the text only bothers those who read that far; claims tend to come early.
  const seen = 0.3 + 0.7 * readFraction;
  const seenEarly = 0.4 + 0.6 * readFraction;
  const weights: Record<IssueKind, number> = {
    length: lengthStrain * (1.2 - attention),
    proof: s.unsupported * (0.4 + 0.6 * skepticism) * seenEarly,
    hype: s.hype * (0.3 + 0.7 * skepticism) * (signals.claims.length > 0 ? 0.6 : 1) * seenEarly,
    jargon: s.jargon * (1 - 0.7 * expertise) * seen,
    clarity: signals.longSentence ? (1 - s.clarity) * (1 - attention / 2) * seen : 0,
    nextStep: signals.nextStep ? 0 : (0.3 + 0.5 * intentToAct) * relevance,
    price: signals.price.length > 0 && !signals.free ? 0.7 * priceSensitivity * seen : 0,
    relevance: 0.6 * (1 - relevance) * (1 - intentToAct / 2),
    specifics: signals.numbers.length === 0 ? 0.3 * (0.5 + expertise) * seen : 0,
  };
  return (Object.entries(weights) as [IssueKind, number][])
    .map(([kind, weight]) => ({ kind, weight }))
    .filter((issue) => issue.weight >= ISSUE_FLOOR)
    .sort((a, b) => b.weight - a.weight);
}

export function decide(
  intent: number,
  readFraction: number,
  relevance: number,
  signals: Signals,
  expertise: number,
): Decision {
  if (intent >= 7 && signals.nextStep) return 'click';
  const longRead = signals.words > 150;
  const saveBar = longRead && expertise > 0.6 ? 5 : 6;
  if (intent >= saveBar && readFraction >= 0.6) return 'save';
  if (readFraction < 0.35 || intent <= 2) return 'scroll';
  // Read it, but it was never meant for them: the thumb moves on.
  if (relevance < 0.5 && intent <= 3) return 'scroll';
  if (0.5 * readFraction + 0.05 * intent < 0.3) return 'scroll';
  return 'stay';
}

export function feel(
  trust: number,
  intent: number,
  reading: { readFraction: number; lengthStrain: number; topIssue: number },
  landed: boolean,
): Sentiment {
  const positive = trust >= 6 && intent >= 5;
  const negative = trust <= 3 || (reading.readFraction < 0.3 && reading.lengthStrain > 0.5);
  if (positive) return reading.topIssue >= 0.35 ? 'mixed' : 'positive';
  if (negative) return landed ? 'mixed' : 'negative';
  return 'neutral';
}

/** How much of the content a budget of words covers, 0–1. */
export function readFractionOf(signals: Signals, budget: number): number {
  return signals.words === 0 ? 1 : Math.min(1, budget / signals.words);
}

/** The whole reading of one persona; `rng` is that persona's own stream. */
export function read(signals: Signals, persona: Persona, pace: number, rng: Rng): Reading {
  const budget = attentionBudget(signals, persona, pace);
  const readWords = Math.min(signals.words, Math.round(budget));
  const readFraction = readFractionOf(signals, budget);
  const lengthStrain = clamp((signals.words / budget - 1) / 2);
  const trust01 = clamp(trustScore(signals, persona, lengthStrain) + rng.jitter(0.06));
  const intent01 = clamp(intentScore(signals, persona, trust01, readFraction) + rng.jitter(0.06));
  const trust = Math.round(10 * trust01);
  const intent = Math.round(10 * intent01);
  const issues = issuesOf(signals, persona, lengthStrain, readFraction)
    .map((issue) => ({ ...issue, weight: issue.weight + rng.jitter(0.05) }))
    .filter((issue) => issue.weight >= ISSUE_FLOOR)
    .sort((a, b) => b.weight - a.weight);
  const relevance = RELEVANCE[persona.ring];
  const decision = decide(intent, readFraction, relevance, signals, persona.traits.expertise);
  const landed = signals.scores.specifics > 0.3 && readFraction > 0.5;
  const sentiment = feel(
    trust,
    intent,
    { readFraction, lengthStrain, topIssue: issues[0]?.weight ?? 0 },
    landed,
  );
  return {
    budget,
    readWords,
    readFraction,
    lengthStrain,
    relevance,
    trust01,
    trust,
    intent,
    decision,
    sentiment,
    issues,
  };
}
