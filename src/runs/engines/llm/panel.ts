// From the model's archetypes to exactly `personaCount` personas, deterministically: the same
// archetypes and seed give the same panel, so a retried step (or a model that proposes the same
// archetypes) rebuilds the same people. Counts follow the weights by largest remainder, every
// archetype gets at least one persona, and traits vary a little around the archetype's centre.
import type { Archetype, Panel, Persona, RunSubject, Traits } from '../../types';
import { clamp, round, streamFor, type Rng } from '../heuristic/random';
import type { ArchetypePlan } from './schemas';

const GIVEN = [
  'Maya', 'Omar', 'Lena', 'Tomás', 'Priya', 'Jonas', 'Aiko', 'Sam', 'Nia', 'Felix', 'Rosa',
  'Dev', 'Ines', 'Kwame', 'Hana', 'Luca', 'Zoe', 'Arjun', 'Mei', 'Theo', 'Amara', 'Noah',
  'Sofia', 'Kenji', 'Elif', 'Marco', 'Ada', 'Ravi', 'Clara', 'Yusuf', 'Lina', 'Ben',
]; // prettier-ignore

/** How far a persona's trait may sit from its archetype's (standard deviation). */
const TRAIT_SPREAD = 0.08;

/** Splits `total` over the weights: at least one each, then largest remainder. */
export function apportion(total: number, weights: number[]): number[] {
  const base = weights.map(() => 1);
  const rest = total - weights.length;
  if (rest < 0) throw new Error(`${weights.length} archetypes do not fit ${total} personas`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * rest : rest / weights.length));
  const counts = exact.map((x, i) => base[i]! + Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return counts;
}

function vary(traits: Traits, rng: Rng): Traits {
  const one = (value: number) => round(clamp(value + rng.jitter(TRAIT_SPREAD)));
  return {
    attention: one(traits.attention),
    skepticism: one(traits.skepticism),
    expertise: one(traits.expertise),
    priceSensitivity: one(traits.priceSensitivity),
    intentToAct: one(traits.intentToAct),
  };
}

export function expandPanel(subject: RunSubject, plans: ArchetypePlan[]): Panel {
  const counts = apportion(
    subject.personaCount,
    plans.map((plan) => plan.weight),
  );
  const archetypes: Archetype[] = plans.map((plan, i) => ({
    name: plan.name.trim(),
    description: plan.description,
    ring: plan.ring,
    weight: counts[i]! / subject.personaCount,
    traits: plan.traits,
  }));
  const personas: Persona[] = [];
  plans.forEach((plan, i) => {
    const archetype = archetypes[i]!;
    for (let k = 0; k < counts[i]!; k += 1) {
      const id = `p_${String(personas.length + 1).padStart(4, '0')}`;
      const rng = streamFor(subject.seed, 'llm-panel', archetype.name, k);
      const initial = String.fromCharCode(65 + rng.int(26));
      personas.push({
        id,
        name: `${rng.pick(GIVEN)} ${initial}.`,
        archetype: archetype.name,
        ring: archetype.ring,
        traits: vary(plan.traits, rng),
        context: plan.contexts[k % plan.contexts.length]!,
      });
    }
  });
  return { archetypes, personas };
}
