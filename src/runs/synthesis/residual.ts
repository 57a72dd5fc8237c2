// Frictions for content that gives readers little to complain about. The report always names
// three, so when fewer complaints are voiced these fill in, weakest claims first and with low
// severity; each still quotes real reactions of the run.
import type { Signals } from '../engines/heuristic/signals';
import type { Reaction } from '../types';
import { formatEvidence, severityOf, witnesses, type Candidate, type Evidence } from './evidence';

type Residual = (signals: Signals, reactions: Reaction[]) => Candidate | undefined;

/** Minor by definition: never above this, whatever share it touches. */
const CAP = 3;

function candidate(point: string, evidence: Evidence[], total: number, cap = CAP): Candidate {
  const members = evidence.map((e) => e.reaction);
  return {
    kind: 'residual',
    point,
    severity: Math.min(cap, severityOf(members, total)),
    evidence: formatEvidence(witnesses(evidence)),
    share: members.length / total,
  };
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts) if (!best || count > counts.get(best)!) best = value;
  return best;
}

const scrolledPast: Residual = (_signals, reactions) => {
  const evidence = reactions
    .filter((r) => r.decision === 'scroll')
    .map((reaction) => ({ reaction, piece: reaction.quote }));
  if (evidence.length === 0) return undefined;
  const point = `Some readers still scroll past: ${evidence.length} of ${reactions.length}`;
  return candidate(point, evidence, reactions.length);
};

const openQuestion: Residual = (_signals, reactions) => {
  const question = mostCommon(reactions.flatMap((r) => r.openQuestions ?? []));
  if (!question) return undefined;
  const evidence = reactions
    .filter((r) => r.openQuestions?.includes(question))
    .map((reaction) => ({ reaction, piece: question }));
  return candidate(`Readers still ask: "${question}"`, evidence, reactions.length);
};

const notYetActing: Residual = (_signals, reactions) => {
  const evidence = reactions
    .filter((r) => r.intent <= 5)
    .map((reaction) => ({ reaction, piece: reaction.quote }));
  if (evidence.length === 0) return undefined;
  const point = `Interest stops short of action for ${evidence.length} of ${reactions.length}`;
  return candidate(point, evidence, reactions.length);
};

const leastConvinced: Residual = (_signals, reactions) => {
  const lowest = Math.min(...reactions.map((r) => r.intent));
  const evidence = reactions
    .filter((r) => r.intent === lowest)
    .map((reaction) => ({ reaction, piece: reaction.quote }));
  return candidate(
    `The least convinced readers sit at ${lowest}/10`,
    evidence,
    reactions.length,
    2,
  );
};

const pausedAt: Residual = (_signals, reactions) => {
  const pause = mostCommon(reactions.map((r) => r.pausePoint))!;
  const evidence = reactions
    .filter((r) => r.pausePoint === pause)
    .map((reaction) => ({ reaction, piece: reaction.pausePoint }));
  return candidate(`Readers hesitate at "${pause}"`, evidence, reactions.length, 2);
};

const opening: Residual = (signals, reactions) => {
  const evidence = reactions.map((reaction) => ({ reaction, piece: reaction.firstGlance }));
  return candidate(
    `The opening could work harder: "${signals.hook}"`,
    evidence,
    reactions.length,
    1,
  );
};

/** Tried in order until three frictions are found; the last three always apply. */
export const FALLBACKS: readonly Residual[] = [
  scrolledPast,
  openQuestion,
  notYetActing,
  leastConvinced,
  pausedAt,
  opening,
];
