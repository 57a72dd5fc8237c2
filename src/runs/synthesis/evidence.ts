// Evidence for frictions: which texts of a reaction voice a complaint, how severe a friction
// is, which reactions testify, and how their words are quoted (verbatim, never paraphrased).
import { clipWords } from '../engines/heuristic/text';
import type { Friction, Reaction } from '../types';

export interface Candidate extends Friction {
  /** Which friction: a complaint kind ("length", "proof"…) or a residual one. */
  kind: string;
  /** Share of the panel it touched; breaks severity ties. */
  share: number;
}

/** The texts of a reaction that voice complaints, most specific first. */
export function complaintTexts(r: Reaction): string[] {
  return [
    ...(r.objections ?? []),
    r.quote,
    ...(r.confused ?? []),
    r.topChange ?? '',
    r.firstGlance,
  ].filter((text) => text.length > 0);
}

export interface Evidence {
  reaction: Reaction;
  /** A verbatim piece of one of the reaction's text fields. */
  piece: string;
}

/** Severity 0–10: how many it hit (with diminishing returns) and how far it pulled them down. */
export function severityOf(members: Reaction[], total: number): number {
  if (members.length === 0 || total === 0) return 0;
  const negativity = members.reduce((sum, r) => sum + (1 - r.intent / 10), 0) / members.length;
  return Math.min(
    10,
    Math.max(0, Math.round(10 * (members.length / total) ** 0.7 * (0.5 + 0.5 * negativity))),
  );
}

/** Up to three witnesses, the most affected first, from different archetypes where possible. */
export function witnesses(evidence: Evidence[], limit = 3): Evidence[] {
  const ordered = [...evidence].sort(
    (a, b) =>
      a.reaction.intent - b.reaction.intent ||
      a.reaction.persona_id.localeCompare(b.reaction.persona_id),
  );
  const chosen: Evidence[] = [];
  const archetypes = new Set<string>();
  for (const item of ordered) {
    if (chosen.length === limit) break;
    if (archetypes.has(item.reaction.archetype)) continue;
    archetypes.add(item.reaction.archetype);
    chosen.push(item);
  }
  for (const item of ordered) {
    if (chosen.length === limit) break;
    if (!chosen.includes(item)) chosen.push(item);
  }
  return chosen;
}

/** `p_0012: "…"; p_0040: "…"`, each piece a verbatim prefix of a reaction's field. */
export function formatEvidence(chosen: Evidence[]): string {
  return chosen.map((e) => `${e.reaction.persona_id}: "${clipWords(e.piece, 30)}"`).join('; ');
}
