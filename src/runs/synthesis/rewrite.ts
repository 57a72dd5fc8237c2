// The rewrite: the content revised against its frictions. It keeps the author's concrete
// sentences, cuts unsupported hype, swaps jargon, trims to what the context affords, and
// leaves a bracketed placeholder where something only the author can supply is missing
// (a link, a real number). The rationale says which friction each change answers.
import type { Signals } from '../engines/heuristic/signals';
import { LINK_PATTERN } from '../engines/heuristic/lexicon';
import type { ContentType, RunSubject } from '../types';
import { cleanSentence, splitLong } from './clean';
import type { Candidate } from './evidence';

/** Words a revised piece aims for, by where it is read. */
const TARGET_WORDS: Readonly<Record<ContentType, number>> = {
  tweet: 40,
  linkedin: 150,
  url: 250,
  text: 400,
  markdown: 500,
};
const TWEET_CHARS = 280;

const NEXT_STEP: Readonly<Record<ContentType, string>> = {
  tweet: 'Try it: [your link]',
  linkedin: 'Try it here: [your link]',
  url: '[Primary button: Start free trial]',
  text: 'Next step: [your link]',
  markdown: 'Next step: [your link]',
};
const PROOF_SLOT = '[Add one concrete result with a number, e.g. what a customer saw.]';
const WHAT_IT_DOES = '[What it does and for whom, in one plain sentence.]';

interface Line {
  text: string;
  score: number;
  order: number;
  /** The separator before this sentence in the original: a paragraph break or a space. */
  breakBefore: boolean;
  cta: boolean;
  price: boolean;
  /** The first half of a sentence split for length. */
  split: boolean;
  /** The last sentence of the content this line holds. */
  sentence: number;
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

function linesOf(subject: RunSubject, signals: Signals, changes: Changes): Line[] {
  const lines: Line[] = [];
  const seen = new Set<string>();
  const last = signals.sentences.length - 1;
  signals.sentences.forEach((sentence, i) => {
    // A superlative with nothing behind it goes; the sentence goes too if little else is left.
    const claim = signals.claims.find((c) => sentence.text.includes(c));
    const cleaned = cleanSentence(sentence.text);
    changes.hype.push(...cleaned.removedHype);
    changes.jargon.push(...cleaned.swapped);
    const stillHyped = signals.hype.some((h) =>
      cleaned.text.toLowerCase().includes(h.toLowerCase()),
    );
    if (claim && (stillHyped || countWords(cleaned.text) < 5)) {
      changes.droppedClaims.push(claim);
      return;
    }
    // Repeated sentences are said once.
    if (countWords(cleaned.text) === 0 || seen.has(cleaned.text.toLowerCase())) return;
    seen.add(cleaned.text.toLowerCase());
    const after = subject.text.slice(sentence.start + sentence.text.length);
    const end = after.trimStart();
    // A short line with no punctuation of its own is a heading: it stays without a full stop.
    const heading = /^[^\S\n]*(\n|$)/.test(after) && sentence.words <= 6 && i < last;
    const mark = end.startsWith('?') ? '?' : heading ? '' : '.';
    const gap = subject.text.slice(0, sentence.start).match(/\s*$/)?.[0] ?? '';
    const cta = signals.cta !== undefined && sentence.text.includes(signals.cta);
    // A sentence that carries on in lower case after a link belongs to the line before.
    const previous = lines[lines.length - 1];
    if (previous && /^\p{Ll}/u.test(sentence.text) && previous.sentence === i - 1) {
      const tail = cleaned.text.charAt(0).toLowerCase() + cleaned.text.slice(1);
      previous.text = `${previous.text.replace(/[.?]$/, '')} ${tail}${mark}`;
      previous.score += /\d/.test(tail) ? 3 : 0;
      previous.sentence = i;
      previous.cta ||= cta;
      return;
    }
    const parts = splitLong(cleaned.text);
    // An opening quotation mark sits just before the span; keep it with its sentence.
    const opener = /["“]/.test(subject.text.charAt(sentence.start - 1))
      ? subject.text.charAt(sentence.start - 1)
      : '';
    parts.forEach((part, k) => {
      const text = (k === 0 ? opener : '') + (/[.?:]$/.test(part) ? part : `${part}${mark}`);
      lines.push({
        text,
        score:
          (i === 0 ? 2 : 0) +
          (cta ? 5 : 0) +
          (/\d/.test(part) ? 3 : 0) +
          (signals.proof.some((p) => part.includes(p)) ? 2 : 0) -
          0.01 * i,
        order: lines.length,
        breakBefore: k === 0 && i > 0 && gap.includes('\n'),
        cta,
        price: signals.price.some((p) => part.includes(p)),
        split: parts.length > 1 && k === 0,
        sentence: i,
      });
    });
  });
  return lines;
}

interface Changes {
  hype: string[];
  droppedClaims: string[];
  jargon: [string, string][];
  split: number;
  added: string[];
}

/**
 * The best lines that fit the budget, in their original order: the next step always stays;
 * the rest go in by score. If nothing else fits, the best line stays (a tweet clips it).
 */
function trim(lines: Line[], budget: number): Line[] {
  const keep = new Set<Line>();
  let words = 0;
  const cta = lines.filter((line) => line.cta).pop();
  if (cta) {
    keep.add(cta);
    words += countWords(cta.text);
  }
  const ranked = [...lines].sort((a, b) => b.score - a.score || a.order - b.order);
  for (const line of ranked) {
    const size = countWords(line.text);
    if (keep.has(line) || words + size > budget) continue;
    keep.add(line);
    words += size;
  }
  const best = ranked.find((line) => !line.cta);
  if (best && keep.size === (cta ? 1 : 0)) keep.add(best);
  return lines.filter((line) => keep.has(line));
}

/** Within `room` characters: drop the weakest lines, then clip the last at a word. */
function fitTweet(lines: Line[], room: number): string {
  let kept = [...lines];
  while (join(kept).length > room && kept.length > 1) {
    // Weakest first; among equals the later line goes, so the opening survives.
    const weakest = [...kept]
      .filter((l) => !l.cta)
      .sort((a, b) => a.score - b.score || b.order - a.order)[0];
    if (!weakest) break;
    kept = kept.filter((line) => line !== weakest);
  }
  const text = join(kept);
  if (text.length <= room) return text;
  const cut = text.lastIndexOf(' ', room - 2);
  return `${text.slice(0, cut > 0 ? cut : room - 1)}…`;
}

function join(lines: Line[]): string {
  return lines
    .map((line, i) => (i === 0 ? '' : line.breakBefore ? '\n\n' : ' ') + line.text)
    .join('');
}

export function rewrite(
  subject: RunSubject,
  signals: Signals,
  frictions: Candidate[],
): { text: string; rationale: string } {
  const changes: Changes = { hype: [], droppedClaims: [], jargon: [], split: 0, added: [] };
  const kinds = new Set(frictions.map((f) => f.kind));
  let lines = linesOf(subject, signals, changes);
  const budget = TARGET_WORDS[subject.contentType];
  if (countWords(join(lines)) > budget) lines = trim(lines, budget);

  if (kinds.has('price')) {
    // Value first: the price moves to just before the next step.
    const priced = lines.filter((line) => line.price && !line.cta);
    lines = [
      ...lines.filter((line) => !priced.includes(line) && !line.cta),
      ...priced,
      ...lines.filter((line) => line.cta),
    ];
  }
  const who = subject.audience?.trim() || '[who it is for]';
  // Naming the reader up front costs words; it is worth it only when many were lost on it.
  const lost = frictions.some((f) => f.kind === 'relevance' && f.severity >= 5);
  const prefix = lost && lines.length > 0 ? `For ${who}: ` : '';
  if (prefix) changes.added.push('who it is for, up front');
  const additions: string[] = [];
  if (!lines.some((line) => /\d/.test(line.text))) {
    additions.push(PROOF_SLOT);
    changes.added.push('a slot for one real number');
  }
  const link = subject.text.match(LINK_PATTERN)?.[0];
  if (!signals.nextStep) {
    additions.push(NEXT_STEP[subject.contentType]);
    changes.added.push(`a next step ("${NEXT_STEP[subject.contentType]}")`);
  } else if (link && !lines.some((line) => line.text.includes(link))) {
    additions.push(link);
  }
  const tweet = subject.contentType === 'tweet';
  // A tweet's 280 characters hold the body, the additions and the spaces between them.
  const room = TWEET_CHARS - prefix.length - additions.reduce((sum, a) => sum + a.length + 1, 0);
  const body = prefix + (tweet ? fitTweet(lines, room) : join(lines));
  const parts = lines.length > 0 ? [body, ...additions] : [WHAT_IT_DOES, ...additions];
  const separator = tweet ? ' ' : '\n\n';
  changes.split = lines.filter((line) => line.split).length;
  const text = parts.join(separator);
  const words = countWords(body);
  return { text, rationale: rationaleOf(frictions, signals, changes, words) };
}

function quoted(items: string[]): string {
  return [...new Set(items)]
    .slice(0, 3)
    .map((item) => `"${item}"`)
    .join(', ');
}

function actionFor(kind: string, signals: Signals, changes: Changes, words: number): string {
  switch (kind) {
    case 'length':
      return `cut from ${signals.words} to ${words} words, keeping the concrete lines`;
    case 'proof':
      return changes.droppedClaims.length > 0
        ? `removed the unsupported claims (${quoted(changes.droppedClaims)})`
        : 'kept only claims that sit next to a number';
    case 'hype':
      return changes.hype.length + changes.droppedClaims.length > 0
        ? `took out the hype (${quoted([...changes.hype, ...changes.droppedClaims])})`
        : 'calmed the tone';
    case 'jargon':
      return changes.jargon.length > 0
        ? `swapped jargon for plain words (${[
            ...new Set(changes.jargon.map(([from, to]) => `${from.toLowerCase()} → ${to}`)),
          ]
            .slice(0, 3)
            .join(', ')})`
        : 'kept the wording plain';
    case 'clarity':
      return changes.split > 0 ? `split ${changes.split} long sentence(s)` : 'shortened sentences';
    case 'nextStep':
      return 'ended on one clear next step';
    case 'price':
      return 'moved the price after the value';
    case 'relevance':
      return changes.added.some((item) => item.startsWith('who'))
        ? 'said who it is for in the first line'
        : 'kept the opening: mostly readers outside the audience raised it';
    case 'specifics':
      return 'left a slot for one concrete number';
    default:
      return 'kept the concrete lines and put the strongest up front';
  }
}

function rationaleOf(
  frictions: Candidate[],
  signals: Signals,
  changes: Changes,
  words: number,
): string {
  const steps = frictions.map((f, i) => {
    const action = actionFor(f.kind, signals, changes, words);
    return `${i + 1}) ${f.point} (severity ${f.severity}): ${action}.`;
  });
  const added = changes.added.length > 0 ? ` Added ${changes.added.join(' and ')}.` : '';
  return `Revised against the top frictions. ${steps.join(' ')}${added}`;
}
