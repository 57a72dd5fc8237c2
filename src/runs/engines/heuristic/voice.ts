// How a persona says what it thinks: objections, open questions, the one change, the quote,
// the think-aloud and the three-word first glance. The wording varies by persona (seeded),
// but each kind of complaint keeps a plain marker word ("too long", "proof", "hype",
// "jargon", "next step", "price"…) that the shared synthesis groups frictions by.
import type { ContentType, Persona } from '../../types';
import type { Grounds } from './grounding';
import type { Rng } from './random';
import type { IssueKind, Reading } from './rubric';
import type { Signals } from './signals';
import { clipWords } from './text';

export interface Voice {
  signals: Signals;
  persona: Persona;
  reading: Reading;
  grounds: Grounds;
  rng: Rng;
  /** Visual mode: they left before the page's first button (its label, when quotable). */
  missed?: { label?: string };
}

/** "the "Book a demo" button", or "the button" when its label is not a phrase of the page. */
const buttonOf = (missed: { label?: string }) =>
  missed.label ? `the "${missed.label}" button` : 'the button';

const WHERE: Readonly<Record<ContentType, string>> = {
  tweet: 'a tweet',
  linkedin: 'a LinkedIn post',
  url: 'a landing page',
  text: 'a piece like this',
  markdown: 'a post like this',
};

/** The complaint this persona voices most loudly, if any is loud enough to voice. */
export function mainIssue(v: Voice): IssueKind | undefined {
  const top = v.reading.issues[0];
  if (!top) return undefined;
  const unhappy = v.reading.decision === 'scroll' || v.reading.sentiment !== 'positive';
  return top.weight >= 0.3 || unhappy ? top.kind : undefined;
}

export function objection(kind: IssueKind, v: Voice): string | undefined {
  const s = v.signals;
  switch (kind) {
    case 'length':
      return (
        `Too long for ${WHERE[s.contentType]}: ${s.words} words, ` +
        `and I gave it about ${v.reading.readWords}.`
      );
    case 'proof':
      return s.claims[0] && `"${s.claims[0]}" is claimed with no proof behind it.`;
    case 'hype':
      return s.hype[0] && `The hype ("${s.hype[0]}") makes me trust it less.`;
    case 'jargon':
      return s.jargon[0] && `Jargon like "${s.jargon[0]}" hides what it actually does.`;
    case 'clarity':
      return s.longSentence && `Sentences run long: "${s.longSentence}" lost me.`;
    case 'nextStep':
      return v.missed
        ? `No next step in sight: ${buttonOf(v.missed)} sits further down than I got.`
        : 'No clear next step: it never says what to do after reading.';
    case 'price':
      return s.price[0] && `The price ("${s.price[0]}") comes before I know what I get.`;
    case 'relevance':
      return 'Not clear this is for someone like me.';
    case 'specifics':
      return 'Nothing concrete: no numbers, names or examples to check.';
  }
}

export function objections(v: Voice): string[] {
  return v.reading.issues
    .map((issue) => objection(issue.kind, v))
    .filter((text): text is string => Boolean(text))
    .slice(0, 3);
}

export function openQuestions(v: Voice): string[] {
  const s = v.signals;
  const { priceSensitivity, expertise, skepticism } = v.persona.traits;
  const kinds = new Set(v.reading.issues.map((issue) => issue.kind));
  const questions: string[] = [];
  if (s.price.length === 0 && !s.free && priceSensitivity > 0.5)
    questions.push('What does it cost?');
  if (kinds.has('proof') || (!s.testimonial && skepticism > 0.6)) {
    questions.push('Who has used this, and what changed for them?');
  }
  if (!s.nextStep) questions.push('Where do I go if I want to try it?');
  if (s.jargon[0] && expertise < 0.6) questions.push(`What does "${s.jargon[0]}" mean here?`);
  // A result worth asking about: a number that is not the call to action or the price.
  const measured = s.phrases.find(
    (phrase) =>
      /\d/.test(phrase) && phrase !== s.cta && !s.price.some((price) => phrase.includes(price)),
  );
  if (expertise > 0.7) {
    questions.push(measured ? `How was "${measured}" measured?` : 'How does it work underneath?');
  }
  if (kinds.has('relevance')) questions.push('Who is this actually for?');
  if (s.price.length > 0 && !s.free && priceSensitivity > 0.6) {
    questions.push('Is there a free trial?');
  }
  if (questions.length === 0) questions.push('What happens right after I start?');
  return questions.slice(0, 3);
}

export function topChange(v: Voice, kind = v.reading.issues[0]?.kind): string {
  const s = v.signals;
  const sticky = v.grounds.stickyPhrase;
  switch (kind) {
    case 'length':
      return `Cut it to about ${s.span} words and lead with "${sticky}".`;
    case 'proof':
      if (s.claims[0]) return `Back up "${s.claims[0]}" with a number or a customer's result.`;
      break;
    case 'hype':
      if (s.hype[0]) return `Drop "${s.hype[0]}" and say plainly what it does.`;
      break;
    case 'jargon':
      if (s.jargon[0]) return `Replace "${s.jargon[0]}" with plain words.`;
      break;
    case 'clarity':
      if (s.longSentence)
        return `Split the long sentence that starts "${clipWords(s.longSentence, 6)}".`;
      break;
    case 'nextStep':
      return v.missed
        ? `Move ${buttonOf(v.missed)} into the first screen.`
        : 'Add one clear next step at the end, such as a link to try it.';
    case 'price':
      if (s.price[0]) return `Show what I get before the price ("${s.price[0]}").`;
      break;
    case 'relevance':
      return 'Say in the first line who this is for.';
    case 'specifics':
      return 'Add one number: a result, a time saved or a price.';
  }
  if (sticky !== s.hook) return `Open with "${sticky}"; it is the strongest line.`;
  return `Keep "${sticky}" up front and trim anything that does not support it.`;
}

function complaint(kind: IssueKind, v: Voice): string | undefined {
  const s = v.signals;
  const g = v.grounds;
  const pick = (...options: string[]) => v.rng.pick(options);
  switch (kind) {
    case 'length':
      return pick(
        `Too long for ${WHERE[s.contentType]}: I was gone by "${g.pausePoint}".`,
        `I got as far as "${g.pausePoint}" and gave up; it's too long.`,
      );
    case 'proof':
      return (
        s.claims[0] &&
        pick(
          `"${s.claims[0]}"? Says who? There's no proof here.`,
          `I stopped believing it at "${s.claims[0]}"; where's the proof?`,
        )
      );
    case 'hype':
      return (
        s.hype[0] &&
        pick(
          `All hype: "${s.hype[0]}" and nothing I can check.`,
          `"${s.hype[0]}" is a red flag for me; too much hype.`,
        )
      );
    case 'jargon':
      return s.jargon[0] && `"${s.jargon[0]}" is jargon; I still don't know what it does.`;
    case 'clarity':
      return s.longSentence && `"${s.longSentence}" lost me; it's hard to read.`;
    case 'nextStep':
      if (v.missed) return `"${g.stickyPhrase}" is interesting, but I saw no next step, so I left.`;
      return pick(
        `"${g.stickyPhrase}" is interesting, but there's no next step, so I moved on.`,
        `I liked "${g.stickyPhrase}", then it just ends; no next step.`,
      );
    case 'price':
      return s.price[0] && `"${s.price[0]}" before I even know what I get? The price puts me off.`;
    case 'relevance':
      return `"${g.noticedFirst}"? Not for me; this isn't my world.`;
    case 'specifics':
      return `"${g.noticedFirst}" sounds nice, but there's nothing concrete to check.`;
  }
}

function praise(v: Voice): string {
  const g = v.grounds;
  const pick = (...options: string[]) => v.rng.pick(options);
  switch (v.reading.decision) {
    case 'click':
      return pick(
        `"${v.signals.cta ?? g.stickyPhrase}": easy enough, I'm doing it.`,
        `"${g.stickyPhrase}" sold me; I'm clicking through.`,
      );
    case 'save':
      return pick(`Saving this for "${g.stickyPhrase}".`, `"${g.stickyPhrase}" is worth keeping.`);
    case 'stay':
      return v.reading.readFraction >= 1
        ? `"${g.stickyPhrase}" caught me; I read to the end.`
        : `"${g.stickyPhrase}" caught me for a moment.`;
    case 'scroll':
      return `"${g.noticedFirst}"... fine, but I kept scrolling.`;
  }
}

export function quote(v: Voice): string {
  const kind = mainIssue(v);
  return (kind && complaint(kind, v)) || praise(v);
}

function middle(kind: IssueKind | undefined, v: Voice): string {
  const s = v.signals;
  const g = v.grounds;
  const landed = g.resonated.find((phrase) => phrase !== g.noticedFirst);
  if (landed && v.reading.trust >= 6) return `"${landed}" is the part I believe.`;
  switch (kind) {
    case 'length':
      return `It kept going; by "${g.pausePoint}" I had used up the time I had.`;
    case 'proof':
      if (s.claims[0]) return `Then "${s.claims[0]}", with nothing to back it up.`;
      break;
    case 'hype':
      if (s.hype[0]) return `The "${s.hype[0]}" tone makes me suspicious.`;
      break;
    case 'jargon':
      if (s.jargon[0]) return `"${s.jargon[0]}" made me reread the line.`;
      break;
    case 'clarity':
      if (s.longSentence) return `"${s.longSentence}" took me two reads.`;
      break;
    case 'nextStep':
      return v.missed
        ? 'I was half interested, but I saw nothing to click before I stopped scrolling.'
        : 'I was half interested, but it never says what to do.';
    case 'price':
      if (s.price[0]) return `Then the price, "${s.price[0]}", before I was sold.`;
      break;
    case 'relevance':
      return 'I kept wondering whether this is for someone like me.';
    case 'specifics':
      return 'I looked for a number or an example and found none.';
  }
  if (g.stickyPhrase === g.noticedFirst) return 'That line is what I will remember.';
  return `"${g.stickyPhrase}" is what I'll remember.`;
}

const CLOSING = {
  click: ["I'm clicking through.", "I'll follow the link now."],
  save: ["I'll save it for later.", 'Bookmarked; I want to come back to it.'],
  stay: ["I read on, but I'm not moving yet.", 'Interesting, but not enough to act.'],
  scroll: ['I scrolled on.', 'Next post.'],
} as const;

export function thinkAloud(v: Voice): string {
  const g = v.grounds;
  const opening = v.rng.pick([
    `"${g.noticedFirst}" is the first thing I saw.`,
    `I noticed "${g.noticedFirst}" first.`,
  ]);
  const closing = v.rng.pick(CLOSING[v.reading.decision]);
  return `${opening} ${middle(v.reading.issues[0]?.kind, v)} ${closing}`;
}

const GLANCES: Readonly<Record<IssueKind | 'positive' | 'neutral', readonly string[]>> = {
  length: ['Too much text', 'Long, gave up', 'Wall of words'],
  proof: ['Claims, no proof', 'Big unproven claims', 'Says who, exactly?'],
  hype: ['Another hype pitch', 'Loud, empty promises', 'Buzzy and vague'],
  jargon: ['Dense jargon soup', 'Buzzwords, unclear offer', 'Jargon hides point'],
  clarity: ['Hard to follow', 'Dense, tiring read', 'Heavy going here'],
  nextStep: ['Interesting, then nothing', 'No next step', 'Nice, but now?'],
  price: ['Pricey, unclear value', 'Price before value', 'Costly at first'],
  relevance: ['Not for me', 'Not my world', "Someone else's problem"],
  specifics: ['Vague, nothing concrete', 'Pleasant but vague', 'Where are numbers?'],
  positive: ['Concrete and useful', 'Clear, worth reading', 'Numbers look real'],
  neutral: ['Fine, not urgent', 'Okay, moving on', 'Decent, forgettable read'],
};

/** Exactly three words. */
export function firstGlance(v: Voice): string {
  const kind = mainIssue(v);
  if (kind) return v.rng.pick(GLANCES[kind]);
  return v.rng.pick(v.reading.sentiment === 'positive' ? GLANCES.positive : GLANCES.neutral);
}
