// Sentence-level clean-up for the rewrite: hype adjectives out, jargon swapped for plain
// words, shouting and emoji calmed, overlong sentences split. Works on the content's own
// sentences, so what survives is still the author's wording.
import { ACRONYMS, JARGON } from '../engines/heuristic/lexicon';

/** Hype that is an adjective: removing it leaves a grammatical sentence. */
const HYPE_ADJECTIVES = [
  'revolutionary',
  'groundbreaking',
  'incredible',
  'amazing',
  'insane',
  'ultimate',
  'world-class',
  'best-in-class',
  'cutting-edge',
  'game-changing',
  'mind-blowing',
  'unprecedented',
  'blazing fast',
  'lightning fast',
  'magical',
  'effortless',
  'epic',
  'killer',
  'unbelievable',
  'disruptive',
  'transformative',
  'limitless',
];

const escape = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ADJECTIVES_RE = new RegExp(`\\b(?:${HYPE_ADJECTIVES.map(escape).join('|')})\\b,?\\s*`, 'gi');
const JARGON_TERMS = Object.keys(JARGON).sort((a, b) => b.length - a.length);
const JARGON_RE = new RegExp(`\\b(?:${JARGON_TERMS.map(escape).join('|')})\\b`, 'gi');

export interface Cleaned {
  text: string;
  removedHype: string[];
  swapped: [string, string][];
}

function matchCase(original: string, replacement: string): string {
  if (replacement.length === 0) return replacement;
  return /^[A-Z]/.test(original)
    ? replacement.charAt(0).toUpperCase() + replacement.slice(1)
    : replacement;
}

export function cleanSentence(sentence: string): Cleaned {
  const removedHype: string[] = [];
  const swapped: [string, string][] = [];
  let text = sentence.replace(ADJECTIVES_RE, (found) => {
    removedHype.push(found.replace(/[,\s]+$/, ''));
    return '';
  });
  text = text.replace(JARGON_RE, (found) => {
    const plain = JARGON[found.toLowerCase()] ?? '';
    swapped.push([found, plain || '(cut)']);
    return matchCase(found, plain);
  });
  text = text
    .replace(/\b[A-Z][A-Z'’-]{2,}\b/g, (word) =>
      ACRONYMS.has(word.replace(/['’-]/g, '')) ? word : word.toLowerCase(),
    )
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, '')
    .replace(/!+/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\s+([,.;:])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
  if (text.length > 0) text = text.charAt(0).toUpperCase() + text.slice(1);
  return { text, removedHype, swapped };
}

/** A sentence past 25 words splits at its first comma or semicolon after word 8. */
export function splitLong(sentence: string): string[] {
  const words = sentence.split(/\s+/);
  if (words.length <= 25) return [sentence];
  for (let i = 8; i < words.length - 6; i += 1) {
    if (!/[,;]$/.test(words[i]!)) continue;
    const before = words
      .slice(0, i + 1)
      .join(' ')
      .slice(0, -1);
    // "…, and we believe" becomes "We believe": the joining word has nothing left to join.
    const rest = words.slice(i + 1);
    if (/^(and|but|so|or)$/i.test(rest[0]!)) rest.shift();
    const after = rest.join(' ');
    return [before, after.charAt(0).toUpperCase() + after.slice(1)];
  }
  return [sentence];
}
