// The synthesis shared by every engine: from a run's reactions to the report's segments,
// frictions, stats, archetype counts, sample and rewrite (SPEC §5). Pure: no I/O, no clock,
// and the same reactions always give the same synthesis.
import { signalsOf } from '../engines/heuristic/signals';
import type { Panel, Reaction, RunSubject, Synthesis } from '../types';
import { findFrictions } from './frictions';
import { rewrite } from './rewrite';
import { sampleReactions } from './sample';
import { segmentReactions } from './segments';
import { statsOf } from './stats';
import { structuralNotes } from './structure';

export { segmentReactions } from './segments';

/** Persona counts per archetype in panel order; names only the reactions know come last. */
function archetypeCounts(panel: Panel, reactions: Reaction[]): { name: string; count: number }[] {
  const counts = new Map<string, number>(panel.archetypes.map((a) => [a.name, 0]));
  for (const reaction of reactions) {
    counts.set(reaction.archetype, (counts.get(reaction.archetype) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, count }));
}

export function synthesize(subject: RunSubject, panel: Panel, reactions: Reaction[]): Synthesis {
  // The content's measured signals (the heuristic engine's, engine-neutral) phrase the points.
  const signals = signalsOf(subject.text, subject.contentType);
  const { segments, membership } = segmentReactions(reactions);
  const frictions = findFrictions(signals, reactions);
  const synthesis: Synthesis = {
    segments,
    topFriction: frictions.map(({ point, severity, evidence }) => ({ point, severity, evidence })),
    rewrite: rewrite(subject, signals, frictions),
    stats: statsOf(subject.detail, reactions),
    archetypes: archetypeCounts(panel, reactions),
    sampleReactions: sampleReactions(
      reactions,
      membership,
      segments.map((segment) => segment.name),
    ),
  };
  if (subject.contentType === 'url' && subject.urlMode === 'visual' && subject.layout) {
    synthesis.structuralNotes = structuralNotes(subject.layout, subject.text, signals);
  }
  return synthesis;
}
