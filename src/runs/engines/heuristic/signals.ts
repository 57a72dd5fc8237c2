// Measured signals of the content: how long it is against the attention its context affords,
// how readable, how much jargon and hype, which claims lack proof, what is concrete, whether
// there is a next step, and the tone. Every quoted field is a verbatim span of the content.
import type { ContentType } from '../../types';
import { clamp } from './random';
import {
  ACRONYMS,
  CTA_PATTERNS,
  FIRST_PERSON,
  FREE_PATTERN,
  HYPE,
  HYPE_PATTERNS,
  JARGON,
  LINK_PATTERN,
  PRICE_PATTERN,
  PROOF_WORDS,
} from './lexicon';
import {
  clipPhrase,
  maskQuotable,
  plainText,
  splitClauses,
  splitSentences,
  syllables,
  wordsOf,
  type SentenceSpan,
  type Span,
} from './text';
import { candidatePhrases } from './phrases';

/** Words a reader gives content before deciding, by where they meet it. */
export const ATTENTION_SPAN: Readonly<Record<ContentType, number>> = {
  tweet: 45,
  linkedin: 180,
  url: 350,
  text: 600,
  markdown: 700,
};

export interface Tone {
  exclamations: number;
  /** Shouted words (verbatim), acronyms excluded. */
  capsWords: string[];
  emoji: number;
  questionHook: boolean;
  /** First-person words per 100 words. */
  firstPerson: number;
}

/** Normalised strengths in [0, 1], what the rubric works with. */
export interface SignalScores {
  specifics: number;
  proof: number;
  hype: number;
  unsupported: number;
  jargon: number;
  clarity: number;
}

export interface Signals {
  contentType: ContentType;
  words: number;
  span: number;
  /** words / span: above 1 the content outlasts a typical reader's patience. */
  lengthRatio: number;
  sentences: SentenceSpan[];
  clauses: Span[];
  avgSentenceWords: number;
  longWordShare: number;
  /** Flesch reading ease, clamped to 0–100 (higher reads easier). */
  readability: number;
  /** The longest sentence's opening, when that sentence runs past 25 words. */
  longSentence?: string;
  jargon: string[];
  jargonPer100: number;
  hype: string[];
  /** Spans with a superlative and no number or evidence in or next to their sentence. */
  claims: string[];
  numbers: string[];
  proof: string[];
  testimonial: boolean;
  cta?: string;
  links: number;
  /** A next step exists: a call to action or a link. */
  nextStep: boolean;
  price: string[];
  free: boolean;
  tone: Tone;
  /** The opening words a reader meets first. */
  hook: string;
  /** Candidate sticky phrases, best first; never empty for content with words. */
  phrases: string[];
  scores: SignalScores;
}

const escape = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const JARGON_RE = new RegExp(
  `\\b(?:${Object.keys(JARGON)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})\\b`,
  'gi',
);
const HYPE_RE = new RegExp(
  `\\b(?:${[...HYPE]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})\\b`,
  'gi',
);
const PROOF_RE = new RegExp(`\\b(?:${PROOF_WORDS.map(escape).join('|')})\\b`, 'i');
const NUMBER_RE = new RegExp(
  /(?<![\p{L}\d])[$€£]?\d[\d,.]*/u.source +
    /(?:\s?%|\s?(?:k|m|bn|percent|minutes?|hours?|days?|weeks?|months?|years?)\b)?/.source,
  'giu',
);
const QUOTED_RE = /["“][^"“”\n]{12,}["”]/;

function unique(found: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const item of found) {
    const key = item.toLowerCase();
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}

function matchesOf(text: string, pattern: RegExp): RegExpMatchArray[] {
  return [...text.matchAll(pattern)];
}

/** The verbatim words around a position inside a span (a claim quoted in its context). */
function around(span: Span, at: number, radius: number): string {
  const words = [...span.text.matchAll(/[\p{L}\p{N}$€£#][\p{L}\p{N}'’%-]*/gu)];
  const index = Math.max(
    0,
    words.findIndex((word) => word.index + word[0].length > at - span.start),
  );
  const first = words[Math.max(0, index - radius)];
  const last = words[Math.min(words.length - 1, index + radius)];
  if (!first || !last) return span.text;
  return clipPhrase(span.text.slice(first.index, last.index + last[0].length), 2 * radius + 1);
}

function spanAt(clauses: Span[], at: number): Span | undefined {
  return clauses.find((clause) => clause.start <= at && at < clause.start + clause.text.length);
}

function findClaims(text: string, sentences: SentenceSpan[], clauses: Span[]): string[] {
  const supported = sentences.map((sentence) => {
    const withoutHype = sentence.text.replace(/\b\d{1,3}x\b|#1\b/gi, '');
    return /\d/.test(withoutHype) || PROOF_RE.test(sentence.text);
  });
  const hits = [...matchesOf(text, HYPE_RE), ...HYPE_PATTERNS.flatMap((p) => matchesOf(text, p))];
  const claims: string[] = [];
  for (const hit of hits.sort((a, b) => a.index! - b.index!)) {
    const clause = spanAt(clauses, hit.index!);
    if (!clause) continue;
    const i = clause.sentence;
    if (supported[i] || supported[i - 1] || supported[i + 1]) continue;
    claims.push(around(clause, hit.index!, 4));
  }
  return unique(claims);
}

function findCta(text: string, clauses: Span[]): string | undefined {
  const calls = clauses.filter((clause) => CTA_PATTERNS.some((p) => p.test(clause.text)));
  if (calls.length > 0) return clipPhrase(calls[calls.length - 1]!.text, 10);
  // A bare link still says where to go; quote the words that lead into it.
  const link = matchesOf(text, LINK_PATTERN)[0];
  if (!link) return undefined;
  const before = clauses.filter((clause) => clause.start < link.index!);
  return before.length > 0 ? clipPhrase(before[before.length - 1]!.text, 10) : undefined;
}

function measureTone(text: string, plain: string, words: number, hook?: SentenceSpan): Tone {
  const capsWords = wordsOf(text).filter(
    (word) => /^[A-Z][A-Z'’-]{2,}$/.test(word) && !ACRONYMS.has(word.replace(/['’-]/g, '')),
  );
  const afterHook = hook ? text.slice(hook.start + hook.text.length).trimStart() : '';
  return {
    exclamations: (text.match(/!/g) ?? []).length,
    capsWords: unique(capsWords),
    emoji: (text.match(/\p{Extended_Pictographic}/gu) ?? []).length,
    questionHook: afterHook.startsWith('?'),
    firstPerson: words === 0 ? 0 : ((plain.match(FIRST_PERSON) ?? []).length * 100) / words,
  };
}

export function measure(text: string, contentType: ContentType): Signals {
  const plain = plainText(text, contentType);
  const plainWords = wordsOf(plain);
  const words = plainWords.length;
  const masked = maskQuotable(text, contentType);
  const sentences = splitSentences(text, masked);
  const clauses = splitClauses(text, masked, sentences);
  const sentenceCount = Math.max(1, splitSentences(plain, plain).length);
  const avgSentenceWords = words / sentenceCount;
  const syllableCount = plainWords.reduce((sum, word) => sum + syllables(word), 0);
  const longWordShare =
    words === 0 ? 0 : plainWords.filter((word) => syllables(word) >= 3).length / words;
  const flesch =
    words === 0 ? 100 : 206.835 - 1.015 * avgSentenceWords - 84.6 * (syllableCount / words);
  const readability = Math.round(clamp(flesch, 0, 100));
  const longest = [...sentences].sort((a, b) => b.words - a.words)[0];

  const jargon = unique(matchesOf(text, JARGON_RE).map((m) => m[0]));
  const hype = unique([
    ...matchesOf(text, HYPE_RE).map((m) => m[0]),
    ...HYPE_PATTERNS.flatMap((p) => matchesOf(text, p).map((m) => m[0])),
  ]);
  const claims = findClaims(text, sentences, clauses);
  const numbers = unique(matchesOf(text, NUMBER_RE).map((m) => m[0].trim()));
  const proof = clauses.filter((c) => PROOF_RE.test(c.text)).map((c) => clipPhrase(c.text, 10));
  const testimonial = QUOTED_RE.test(text) || /(^|\n)\s*[—–-]\s?[A-Z][a-z]+/.test(text);
  const cta = findCta(text, clauses);
  const links = matchesOf(text, LINK_PATTERN).length;
  const price = unique(matchesOf(text, PRICE_PATTERN).map((m) => m[0].trim()));
  const tone = measureTone(text, plain, words, sentences[0]);
  const jargonPer100 = words === 0 ? 0 : (matchesOf(plain, JARGON_RE).length * 100) / words;
  const span = ATTENTION_SPAN[contentType];
  // The hook is the opening sentence as a skimming eye takes it: its first dozen words.
  const opening = sentences[0] ?? clauses[0];
  const hook = opening ? clipPhrase(opening.text, 12) : text.trim() || text;
  const phrases = candidatePhrases(clauses, { jargon, hype, cta, proof });

  const scores: SignalScores = {
    specifics: clamp(0.22 * numbers.length + (testimonial ? 0.2 : 0)),
    proof: clamp(0.12 * numbers.length + (testimonial ? 0.4 : 0) + 0.15 * proof.length),
    hype: clamp(
      0.2 * hype.length +
        0.06 * Math.max(0, tone.exclamations - 1) +
        0.15 * tone.capsWords.length +
        0.05 * tone.emoji,
    ),
    unsupported: clamp(0.35 * claims.length),
    jargon: clamp(jargonPer100 / 4),
    clarity: clamp(readability / 100 - (avgSentenceWords > 25 ? 0.15 : 0)),
  };

  return {
    contentType,
    words,
    span,
    lengthRatio: words / span,
    sentences,
    clauses,
    avgSentenceWords,
    longWordShare,
    readability,
    longSentence: longest && longest.words > 25 ? clipPhrase(longest.text, 14) : undefined,
    jargon,
    jargonPer100,
    hype,
    claims,
    numbers,
    proof: unique(proof),
    testimonial,
    cta,
    links,
    nextStep: cta !== undefined || links > 0,
    price,
    free: FREE_PATTERN.test(text),
    tone,
    hook,
    phrases: phrases.length > 0 ? phrases : [hook],
    scores,
  };
}

/** Measuring is the costly part of a react call; batches of one run share the result. */
let memo: { key: string; signals: Signals } | undefined;

export function signalsOf(text: string, contentType: ContentType): Signals {
  const key = `${contentType}\u0000${text}`;
  if (memo?.key !== key) memo = { key, signals: measure(text, contentType) };
  return memo.signals;
}
