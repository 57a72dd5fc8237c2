// Aggregate statistics of a run's reactions (SPEC §5): histograms of scores 0–10, means to
// two decimals, decision and sentiment shares that sum to exactly 1. Trust and sentiment are
// reported from standard detail up, where reactions carry them.
import type { Decision, Detail, Histogram, Reaction, ReportStats, Sentiment } from '../types';
import { sharesOf } from './apportion';

const DECISIONS: readonly Decision[] = ['stay', 'scroll', 'click', 'save'];
const SENTIMENTS: readonly Sentiment[] = ['positive', 'neutral', 'negative', 'mixed'];

export function histogramOf(scores: number[]): Histogram {
  const histogram = new Array<number>(11).fill(0);
  for (const score of scores) {
    const bucket = Math.min(10, Math.max(0, Math.round(score)));
    histogram[bucket]! += 1;
  }
  const sum = scores.reduce((acc, score) => acc + score, 0);
  const mean = scores.length === 0 ? 0 : Math.round((sum / scores.length) * 100) / 100;
  return { mean, histogram };
}

function sharesBy<K extends string>(keys: readonly K[], values: K[]): Record<K, number> {
  const counts = keys.map((key) => values.filter((value) => value === key).length);
  const shares = sharesOf(counts);
  return Object.fromEntries(keys.map((key, i) => [key, shares[i]!])) as Record<K, number>;
}

export function statsOf(detail: Detail, reactions: Reaction[]): ReportStats {
  const stats: ReportStats = {
    persona_count: reactions.length,
    intent: histogramOf(reactions.map((r) => r.intent)),
    decision: sharesBy(
      DECISIONS,
      reactions.map((r) => r.decision),
    ),
  };
  if (detail === 'snapshot') return stats;
  // Another engine may leave a score out; a missing trust counts as neutral, not as zero.
  stats.trust = histogramOf(reactions.map((r) => r.trust ?? 5));
  stats.sentiment = sharesBy(
    SENTIMENTS,
    reactions.map((r) => r.sentiment ?? 'neutral'),
  );
  return stats;
}
