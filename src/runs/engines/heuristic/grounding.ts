// Which parts of the content a persona quotes: what caught the eye, where reading stopped,
// what stuck, what landed and what confused. Every string returned here is a verbatim span
// of the content (cut by position in text.ts), which is what keeps reactions honest.
import type { Persona } from '../../types';
import type { Reading } from './rubric';
import type { Rng } from './random';
import type { Signals } from './signals';
import { clipPhrase, type Span } from './text';

export interface Grounds {
  noticedFirst: string;
  pausePoint: string;
  stickyPhrase: string;
  resonated: string[];
  confused: string[];
}

const QUOTE_WORDS = 12;

/** The clause where a reader who gives it `readWords` words runs out. */
function stopClause(signals: Signals, readWords: number) {
  let seen = 0;
  for (const clause of signals.clauses) {
    seen += clause.words;
    if (seen >= readWords) return clause;
  }
  return signals.clauses[signals.clauses.length - 1];
}

function firstWith(signals: Signals, pattern: RegExp): string | undefined {
  return signals.phrases.find((phrase) => pattern.test(phrase));
}

function noticed(signals: Signals, persona: Persona, rng: Rng): string {
  const { skepticism, expertise, attention } = persona.traits;
  if (skepticism > 0.65 && signals.claims.length > 0) return signals.claims[0]!;
  const specific = firstWith(signals, /\d/);
  if (expertise > 0.6 && specific) return specific;
  if (attention < 0.4 || signals.phrases.length < 2) return signals.hook;
  return rng.chance(0.5) ? signals.hook : signals.phrases[0]!;
}

/** A clause too short to stand alone ("Our holistic") is quoted as its sentence's opening. */
function widen(signals: Signals, clause: Span): string {
  const sentence = signals.sentences[clause.sentence];
  if (clause.words >= 4 || !sentence || !sentence.text.includes(clause.text)) {
    return clipPhrase(clause.text, QUOTE_WORDS);
  }
  return clipPhrase(sentence.text, QUOTE_WORDS);
}

/** Where reading stopped, or (for those who finished) what made them stop and think. */
function pause(signals: Signals, reading: Reading): { quote: string; at: number } {
  const fallback = { quote: signals.hook, at: Number.MAX_SAFE_INTEGER };
  if (signals.clauses.length === 0) return fallback;
  const finished = reading.readFraction >= 1;
  if (!finished) {
    const clause = stopClause(signals, reading.readWords)!;
    return { quote: widen(signals, clause), at: clause.start + clause.text.length };
  }
  const end = Number.MAX_SAFE_INTEGER;
  const top = reading.issues[0]?.kind;
  if ((top === 'proof' || top === 'hype') && signals.claims[0]) {
    return { quote: signals.claims[0], at: end };
  }
  if (top === 'clarity' && signals.longSentence) return { quote: signals.longSentence, at: end };
  if (top === 'jargon' && signals.jargon[0]) {
    const clause = signals.clauses.find((c) => c.text.includes(signals.jargon[0]!));
    if (clause) return { quote: widen(signals, clause), at: end };
  }
  if (signals.cta) return { quote: signals.cta, at: end };
  const last = signals.clauses[signals.clauses.length - 1]!;
  return { quote: clipPhrase(last.text, QUOTE_WORDS), at: end };
}

function sticky(signals: Signals, persona: Persona, first: string, rng: Rng): string {
  const best = signals.phrases.slice(0, 4);
  // What stuck is usually not the very thing that caught the eye, when there is a choice.
  const top =
    best.filter((phrase) => phrase !== first).length >= 2 ? best.filter((p) => p !== first) : best;
  // Skeptics and experts remember the checkable detail; others remember the easy line.
  const detail = top.find((phrase) => /\d/.test(phrase));
  if (detail && persona.traits.skepticism + persona.traits.expertise > 1.3) return detail;
  return rng.pick(top.length > 0 ? top : [signals.hook]);
}

function seen(text: string, phrase: string, upTo: number): boolean {
  const at = text.indexOf(phrase);
  return at >= 0 && at < upTo;
}

function landedPhrases(
  text: string,
  signals: Signals,
  reading: Reading,
  upTo: number,
  rng: Rng,
): string[] {
  if (reading.trust < 4 && reading.intent < 4) return [];
  const wanted = reading.intent >= 6 ? 3 : reading.trust >= 5 ? 2 : 1;
  const concrete = signals.phrases.filter(
    (phrase) => seen(text, phrase, upTo) && (/\d/.test(phrase) || signals.proof.includes(phrase)),
  );
  const pool = [...concrete, ...signals.phrases.filter((phrase) => seen(text, phrase, upTo))];
  if (reading.intent >= 6 && signals.cta && seen(text, signals.cta, upTo))
    pool.unshift(signals.cta);
  const unique = [...new Set(pool)];
  // Skip a leading item now and then, so two similar readers do not list the same three.
  const offset = unique.length > wanted && rng.chance(0.3) ? 1 : 0;
  return unique.slice(offset, offset + wanted);
}

function confusing(signals: Signals, persona: Persona, reading: Reading, upTo: number): string[] {
  const { expertise, attention } = persona.traits;
  const items: string[] = [];
  if (expertise < 0.6) {
    const terms = signals.jargon.filter((term) => {
      const clause = signals.clauses.find((c) => c.text.includes(term));
      return !clause || clause.start < upTo;
    });
    items.push(...terms.slice(0, expertise < 0.35 ? 2 : 1));
  }
  const clarity = reading.issues.some((issue) => issue.kind === 'clarity');
  if (signals.longSentence && clarity && attention < 0.6) items.push(signals.longSentence);
  return items;
}

export function groundsFor(
  text: string,
  signals: Signals,
  persona: Persona,
  reading: Reading,
  rng: Rng,
): Grounds {
  const stop = pause(signals, reading);
  const first = noticed(signals, persona, rng);
  return {
    noticedFirst: first,
    pausePoint: stop.quote,
    stickyPhrase: sticky(signals, persona, first, rng),
    resonated: landedPhrases(text, signals, reading, stop.at, rng),
    confused: confusing(signals, persona, reading, stop.at),
  };
}
