// The three biggest frictions of a run, ranked by severity, each with evidence quoted from
// this run's reactions. Reactions are grouped by the complaint they voice (a marker word in
// an objection, the quote or the first glance), so any engine that names its complaints
// plainly is read correctly; the point itself is phrased from the content's own signals.
import type { Signals } from '../engines/heuristic/signals';
import type { ContentType, Reaction } from '../types';
import {
  complaintTexts,
  formatEvidence,
  severityOf,
  witnesses,
  type Candidate,
  type Evidence,
} from './evidence';
import { FALLBACKS } from './residual';

export interface FrictionKind {
  key: string;
  /** Text of a reaction that voices this friction. */
  voices: RegExp;
  point(signals: Signals): string;
}

const WHERE: Readonly<Record<ContentType, string>> = {
  tweet: 'a tweet',
  linkedin: 'a LinkedIn post',
  url: 'a landing page',
  text: 'this format',
  markdown: 'a post',
};

const list = (items: string[]) =>
  items
    .slice(0, 3)
    .map((item) => `"${item}"`)
    .join(', ');

export const KINDS: readonly FrictionKind[] = [
  {
    key: 'length',
    voices: /\btoo long\b|\btoo much text\b|\bwall of (text|words)\b|\bgave up\b|\bcut it to\b/i,
    point: (s) =>
      `Too long for ${WHERE[s.contentType]}: ${s.words} words ` +
      `where readers give it about ${s.span}`,
  },
  {
    key: 'proof',
    voices: /\bproof\b|\bevidence\b|\bback(ed)? (it )?up\b|\bsays who\b|\bunproven\b/i,
    point: (s) =>
      s.claims.length > 0
        ? `Claims without proof: ${list(s.claims)}`
        : 'Claims readers cannot check',
  },
  {
    key: 'hype',
    voices: /\bhype\b|\bred flag\b|\bempty promises\b|\bsay plainly\b/i,
    point: (s) => (s.hype.length > 0 ? `Hype costs trust: ${list(s.hype)}` : 'The tone oversells'),
  },
  {
    key: 'jargon',
    voices: /\bjargon\b|\bbuzzwords?\b|\bplain words\b/i,
    point: (s) =>
      s.jargon.length > 0 ? `Jargon hides the point: ${list(s.jargon)}` : 'Jargon hides the point',
  },
  {
    key: 'clarity',
    voices:
      /\bhard to (read|follow)\b|\blost me\b|\bsentences run long\b|\btwo reads\b|\btiring\b/i,
    point: (s) =>
      s.longSentence
        ? `Hard to read: sentences run long, like "${s.longSentence}"`
        : `Hard to read: ${Math.round(s.avgSentenceWords)} words a sentence on average`,
  },
  {
    key: 'nextStep',
    voices: /\bnext step\b|\bwhat to do\b|\bwhere do i go\b|\bcall to action\b/i,
    point: () => 'No clear next step: readers are not told what to do',
  },
  {
    key: 'price',
    voices: /\bprice\b|\bpricey\b|\bcostly\b|\bexpensive\b/i,
    point: (s) =>
      s.price.length > 0 ? `The price (${list(s.price)}) lands before the value` : 'Price worries',
  },
  {
    key: 'relevance',
    voices:
      /\bnot for me\b|\bnot my world\b|\bsomeone like me\b|\bwho this is for\b|\bsomeone else/i,
    point: () => 'Unclear who it is for: readers outside the core audience drop off',
  },
  {
    key: 'specifics',
    voices:
      /\bnothing concrete\b|\bvague\b|\bno numbers\b|\badd one number\b|\bwhere are numbers\b/i,
    point: () => 'Nothing concrete: no numbers, names or examples to check',
  },
];

/** The top three, ranked; `kind` says which rule found each (the rewrite works from it). */
export function findFrictions(signals: Signals, reactions: Reaction[]): Candidate[] {
  const total = reactions.length;
  const candidates: Candidate[] = [];
  for (const kind of KINDS) {
    const evidence: Evidence[] = [];
    for (const reaction of reactions) {
      const piece = complaintTexts(reaction).find((text) => kind.voices.test(text));
      if (piece) evidence.push({ reaction, piece });
    }
    if (evidence.length === 0) continue;
    const members = evidence.map((e) => e.reaction);
    candidates.push({
      kind: kind.key,
      point: kind.point(signals),
      severity: severityOf(members, total),
      evidence: formatEvidence(witnesses(evidence)),
      share: members.length / total,
    });
  }
  // Great content still has its three frictions: minor ones, with low severity.
  for (const fallback of FALLBACKS) {
    if (candidates.length >= 3 || total === 0) break;
    const found = fallback(signals, reactions);
    if (found && !candidates.some((c) => c.point === found.point)) candidates.push(found);
  }
  return candidates.sort((a, b) => b.severity - a.severity || b.share - a.share).slice(0, 3);
}
