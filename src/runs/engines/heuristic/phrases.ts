// Candidate sticky phrases: the short, concrete, quotable spans a reader might carry away.
// Scored so that numbers, proof and a plain next step rise, and jargon and hype sink; the
// engine then lets each persona pick among the best few, so not everyone remembers the same.
import { clipPhrase, countWords, type Span } from './text';

interface Marks {
  jargon: string[];
  hype: string[];
  cta?: string;
  proof: string[];
}

const MAX_PHRASES = 12;
const RESULT =
  /%|\b(cut|cuts|dropped|grew|saved|saves|increased|reduced|doubled|tripled|halved|from .+ to)\b/i;

function containsAny(text: string, terms: string[]): boolean {
  const lower = text.toLowerCase();
  return terms.some((term) => lower.includes(term.toLowerCase()));
}

function score(text: string, words: number, sentence: number, marks: Marks): number {
  let value = 0;
  if (/\d/.test(text)) value += 3;
  if (containsAny(text, marks.proof)) value += 2;
  // A result (a number that moved) is what people repeat; a call to action rarely is.
  if (/\d/.test(text) && RESULT.test(text)) value += 2;
  if (marks.cta && (marks.cta.includes(text) || text.includes(marks.cta))) value += 0.5;
  if (words >= 3 && words <= 7) value += 1;
  if (words <= 2 && !/\d/.test(text)) value -= 1;
  if (containsAny(text, marks.jargon)) value -= 1.5;
  if (containsAny(text, marks.hype)) value -= 0.5;
  if (sentence < 2) value += 0.5;
  // Names of things (a capital mid-span) are concrete and memorable.
  if (/\s[A-Z][a-z]{2,}/.test(text)) value += 0.5;
  return value;
}

export function candidatePhrases(clauses: Span[], marks: Marks): string[] {
  const scored: { text: string; value: number; at: number }[] = [];
  const seen = new Set<string>();
  for (const clause of clauses) {
    if (clause.words < 2) continue;
    // Long clauses are quoted by their opening, which is where a skimming eye lands.
    const text = clipPhrase(clause.text, clause.words > 10 ? 8 : clause.words);
    const words = countWords(text);
    if (words < 2) continue;
    const key = text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    scored.push({
      text,
      value: score(text, words, clause.sentence, marks),
      at: clause.start,
    });
  }
  return scored
    .sort((a, b) => b.value - a.value || a.at - b.at)
    .slice(0, MAX_PHRASES)
    .map((item) => item.text);
}
