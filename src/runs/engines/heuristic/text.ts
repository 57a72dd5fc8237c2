// Verbatim spans of the content. Everything a persona quotes is cut from the original text
// by position (never rebuilt from words), so `text.includes(quote)` always holds; measurement
// uses a separate plain copy with Markdown syntax, code and links taken out.
import type { ContentType } from '../../types';
import { CONNECTIVES, DANGLING, LINK_PATTERN } from './lexicon';

export interface Span {
  text: string;
  start: number;
  words: number;
  /** Index of the sentence the span sits in. */
  sentence: number;
}

export interface SentenceSpan {
  text: string;
  start: number;
  words: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

export function countWords(text: string): number {
  return wordsOf(text).length;
}

/** The shortest verbatim prefix of `text` holding its first `limit` words. */
export function clipWords(text: string, limit: number): string {
  let seen = 0;
  for (const match of text.matchAll(WORD)) {
    seen += 1;
    if (seen === limit) return text.slice(0, match.index + match[0].length);
  }
  return text;
}

/**
 * A quotable phrase of at most `limit` words: a verbatim slice of `text` that neither ends on
 * a word like "to" or "the" nor starts on "and" or "that", so it never reads as cut off.
 */
export function clipPhrase(text: string, limit: number): string {
  const words = [...text.matchAll(WORD)].slice(0, limit);
  while (words.length > 1 && DANGLING.has(words[words.length - 1]![0].toLowerCase())) words.pop();
  while (words.length > 1 && CONNECTIVES.has(words[0]![0].toLowerCase())) words.shift();
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return text;
  const end = last.index + last[0].length;
  // Keep a closing % that belongs to the last word, and an opening currency sign.
  const tail = text.charAt(end) === '%' ? 1 : 0;
  const head = first.index > 0 && /[$€£]/.test(text.charAt(first.index - 1)) ? 1 : 0;
  const clipped = text.slice(first.index - head, end + tail);
  // A cut inside **emphasis** closes it if the marks follow, or stops before it opened.
  const open = clipped.match(/\*+|_+/g) ?? [];
  if (open.length % 2 === 0) return clipped;
  const mark = open[open.length - 1]!;
  if (text.startsWith(mark, end + tail))
    return text.slice(first.index - head, end + tail + mark.length);
  const before = clipped.slice(0, clipped.lastIndexOf(mark));
  return countWords(before) > 0 ? clipPhrase(before, limit) : clipped;
}

/** Stands in for masked characters; always a boundary, never part of a quote. */
const BLANK = '\u0000';

/**
 * The content with what no one would quote (code, links) blanked out, position for position,
 * so spans found in it can be cut from the original.
 */
export function maskQuotable(text: string, contentType: ContentType): string {
  const blank = (found: string) => BLANK.repeat(found.length);
  let masked = text.replace(LINK_PATTERN, blank);
  if (contentType === 'markdown') {
    masked = masked
      .replace(/```[\s\S]*?(```|$)/g, blank)
      .replace(/`[^`\n]*`/g, blank)
      .replace(/\]\([^)\n]*\)/g, blank);
  }
  return masked;
}

/** The text as a reader takes it in: for Markdown without its syntax. */
export function plainText(text: string, contentType: ContentType): string {
  let plain = text.replace(LINK_PATTERN, ' link ');
  if (contentType !== 'markdown') return plain;
  plain = plain
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_~|]+/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return plain;
}

/**
 * Sentence ends: terminal punctuation before a space, a masked stretch, or a line break,
 * unless the next line carries on in lower case (hard-wrapped prose).
 */
const SENTENCE_END = /[.!?]+(?=\s|$|\u0000)|\u0000+|\n(?![^\S\n]*\p{Ll})/gu;

/**
 * Where a quotable clause ends: punctuation, brackets, Markdown marks, dashes, emoji.
 * Emphasis (* and _) is not an end: "into **one feed** that" stays one clause.
 */
const CLAUSE_END =
  /\n|\u0000+|[!?;()[\]{}#>|"“”•…—–~`<]|[.,:](?=\s|$|\u0000)|\s-\s|\p{Extended_Pictographic}/gu;

/** Leading and trailing characters a quote should not start or end on. */
const LEAD = /^[^\p{L}\p{N}$€£@]+/u;
const TRAIL = /[^\p{L}\p{N}%]+$/u;

function piecesOf(original: string, masked: string, boundary: RegExp): SentenceSpan[] {
  const pieces: SentenceSpan[] = [];
  let from = 0;
  const push = (end: number) => {
    const raw = original.slice(from, end);
    let lead = raw.match(LEAD)?.[0].length ?? 0;
    if (lead === raw.length) return;
    let trail = raw.match(TRAIL)?.[0].length ?? 0;
    // Trimming must not leave half an emphasis pair ("Bold** rest"): take the marks back in.
    const inner = raw.slice(lead, raw.length - trail);
    for (const [mark, runs] of [
      ['*', /\*+/g],
      ['_', /_+/g],
    ] as const) {
      if ((inner.match(runs)?.length ?? 0) % 2 === 0) continue;
      if (raw.charAt(lead - 1) === mark) {
        while (lead > 0 && raw.charAt(lead - 1) === mark) lead -= 1;
      } else {
        while (trail > 0 && raw.charAt(raw.length - trail) === mark) trail -= 1;
      }
    }
    const text = raw.slice(lead, raw.length - trail);
    const words = countWords(text);
    if (words > 0) pieces.push({ text, start: from + lead, words });
  };
  for (const match of masked.matchAll(boundary)) {
    push(match.index);
    from = match.index + match[0].length;
  }
  push(masked.length);
  return pieces;
}

export function splitSentences(original: string, masked: string): SentenceSpan[] {
  // Sentences keep their closing punctuation out, which is fine for quoting a stretch of them.
  return piecesOf(original, masked, SENTENCE_END);
}

export function splitClauses(original: string, masked: string, sentences: SentenceSpan[]): Span[] {
  const clauses = piecesOf(original, masked, CLAUSE_END);
  let sentence = 0;
  return clauses.map((clause) => {
    while (sentence + 1 < sentences.length && sentences[sentence + 1]!.start <= clause.start) {
      sentence += 1;
    }
    return { ...clause, sentence };
  });
}

/** Syllables by vowel groups, with the silent final e: close enough for a reading score. */
export function syllables(word: string): number {
  const lower = word.toLowerCase().replace(/[^a-z]/g, '');
  if (lower.length === 0) return 1;
  const groups = lower.match(/[aeiouy]+/g)?.length ?? 0;
  const silentE = lower.length > 2 && lower.endsWith('e') && !lower.endsWith('le') ? 1 : 0;
  return Math.max(1, groups - silentE);
}
