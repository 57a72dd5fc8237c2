// The cost of a spending call: a pure function of its input, used by polis_estimate, the
// charge, and the docs. Same input, same price, always (SPEC §6).
import type { z } from 'zod';
import type { askInput, TestInput } from '../mcp/schemas';
import {
  ASK_TOKENS,
  BASE_TOKENS_PER_PERSONA,
  DETAIL_MULTIPLIER,
  LIST_PRICE_CENTS_PER_1000,
  VISUAL_MODE_MULTIPLIER,
} from './catalogue';

export interface Cost {
  tokens: number;
  /** What the tokens are worth at the list price (the small pack's rate), in cents. */
  cents: number;
}

/** persona_count × base × detail × mode, rounded up to a whole token. */
export function testCost(
  input: Pick<TestInput, 'persona_count' | 'detail' | 'content_type' | 'url_mode'>,
): Cost {
  const mode =
    input.content_type === 'url' && input.url_mode === 'visual' ? VISUAL_MODE_MULTIPLIER : 1;
  // Multiply in tenths so 1.5 and 2.5 stay exact integers before rounding.
  const tenths =
    input.persona_count *
    BASE_TOKENS_PER_PERSONA *
    Math.round(DETAIL_MULTIPLIER[input.detail] * 10) *
    mode;
  return withCents(Math.ceil(tenths / 10));
}

export function askCost(input: Pick<z.output<typeof askInput>, 'target'>): Cost {
  return withCents(ASK_TOKENS[input.target]);
}

export function tokensToCents(tokens: number, centsPer1000: number): number {
  return Math.ceil((tokens * centsPer1000) / 1000);
}

function withCents(tokens: number): Cost {
  return { tokens, cents: tokensToCents(tokens, LIST_PRICE_CENTS_PER_1000) };
}

export function centsToUsd(cents: number): number {
  return Math.round(cents) / 100;
}
