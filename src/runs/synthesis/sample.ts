// A deterministic sample of reactions for the report: up to twelve, dealt round-robin across
// segments and, within a segment, across archetypes, so the sample shows the run's spread
// rather than its first dozen personas.
import type { Reaction } from '../types';

export const SAMPLE_SIZE = 12;

export function sampleReactions(
  reactions: Reaction[],
  membership: string[],
  segmentOrder: string[],
  size = SAMPLE_SIZE,
): (Reaction & { segment: string })[] {
  // One queue per segment, itself interleaved by archetype.
  const queues = segmentOrder.map((segment) => {
    const byArchetype = new Map<string, Reaction[]>();
    reactions.forEach((reaction, i) => {
      if (membership[i] !== segment) return;
      const list = byArchetype.get(reaction.archetype) ?? [];
      list.push(reaction);
      byArchetype.set(reaction.archetype, list);
    });
    return interleave([...byArchetype.values()]).map((reaction) => ({ ...reaction, segment }));
  });
  return interleave(queues).slice(0, size);
}

/** First of each list, then second of each, and so on. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i += 1) {
    for (const list of lists) if (i < list.length) out.push(list[i]!);
  }
  return out;
}
