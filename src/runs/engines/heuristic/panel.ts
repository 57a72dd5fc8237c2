// The panel: 4–7 archetypes across the three rings (core, adjacent, accidental), then exactly
// personaCount personas split by weight, each with traits jittered around its archetype's
// centre and a context for where it meets the content.
import { apportion } from '../../synthesis/apportion';
import type {
  Archetype,
  Audience,
  ContentType,
  Panel,
  Persona,
  Ring,
  RunSubject,
} from '../../types';
import { domainOf } from './audience';
import { CONTEXTS, FIRST_NAMES, LAST_NAMES } from './people';
import { clamp, hashString, round, streamFor } from './random';
import { ACCIDENTAL, GIVEN_CORE } from './rings';
import type { ArchetypeTemplate } from './tables';

/** Share of the panel per ring: a tweet leaks to the open feed, an article mostly does not. */
const RING_SHARES: Readonly<Record<ContentType, Record<Ring, number>>> = {
  tweet: { core: 0.5, adjacent: 0.25, accidental: 0.25 },
  linkedin: { core: 0.55, adjacent: 0.3, accidental: 0.15 },
  url: { core: 0.6, adjacent: 0.25, accidental: 0.15 },
  text: { core: 0.65, adjacent: 0.25, accidental: 0.1 },
  markdown: { core: 0.65, adjacent: 0.25, accidental: 0.1 },
};

const RING_NOTES: Readonly<Record<Ring, string>> = {
  core: 'the people it is for',
  adjacent: 'next to the core audience',
  accidental: 'meets it by chance',
};

/** Small panels get fewer archetypes, so each still holds a few personas. */
function archetypesPerRing(personaCount: number): Record<Ring, number> {
  if (personaCount < 25) return { core: 2, adjacent: 1, accidental: 1 };
  if (personaCount < 100) return { core: 3, adjacent: 1, accidental: 1 };
  if (personaCount < 400) return { core: 3, adjacent: 2, accidental: 1 };
  return { core: 3, adjacent: 2, accidental: 2 };
}

export function archetypesFor(subject: RunSubject, audience: Audience): Archetype[] {
  const { domain, unmatchedGiven } = domainOf(subject);
  const given = !audience.inferred && audience.description.trim().length > 0;
  const shares = { ...RING_SHARES[subject.contentType] };
  if (given) {
    // The sender told us who it is for; trust that a little over the open feed.
    shares.core += 0.05;
    shares.accidental -= 0.05;
  }
  const perRing = archetypesPerRing(subject.personaCount);
  const templates: Record<Ring, readonly ArchetypeTemplate[]> = {
    core: unmatchedGiven ? GIVEN_CORE : domain.core,
    adjacent: domain.adjacent,
    accidental: ACCIDENTAL[subject.contentType].archetypes,
  };
  const archetypes: Archetype[] = [];
  for (const ring of ['core', 'adjacent', 'accidental'] as const) {
    const chosen = templates[ring].slice(0, perRing[ring]);
    const ringWeight = chosen.reduce((sum, template) => sum + template.weight, 0);
    for (const template of chosen) {
      const about = ring === 'core' && given ? `${audience.description}: ` : '';
      archetypes.push({
        name: template.name,
        description: `${about}${template.description} (${RING_NOTES[ring]})`,
        ring,
        weight: (shares[ring] * template.weight) / ringWeight,
        traits: template.traits,
      });
    }
  }
  return archetypes;
}

/** Every archetype keeps at least one persona: take from the largest when rounding left 0. */
function countsFor(archetypes: Archetype[], personaCount: number): number[] {
  const counts = apportion(
    archetypes.map((archetype) => archetype.weight),
    personaCount,
  );
  for (let i = 0; i < counts.length; i += 1) {
    if (counts[i]! > 0) continue;
    const largest = counts.indexOf(Math.max(...counts));
    if (counts[largest]! <= 1) break;
    counts[largest]! -= 1;
    counts[i] = 1;
  }
  return counts;
}

/**
 * Names walk the first × last grid with a prime stride from a seeded start, so no two
 * personas of a run share a name until the grid (over 2,000 pairs) is exhausted.
 */
function nameFor(seed: number, index: number): string {
  const size = FIRST_NAMES.length * LAST_NAMES.length;
  const cell = (hashString(`names:${seed}`) + index * 7919) % size;
  const first = FIRST_NAMES[cell % FIRST_NAMES.length];
  return `${first} ${LAST_NAMES[Math.floor(cell / FIRST_NAMES.length)]}`;
}

export function buildPanel(subject: RunSubject, audience: Audience): Panel {
  const archetypes = archetypesFor(subject, audience);
  const counts = countsFor(archetypes, subject.personaCount);
  const personas: Persona[] = [];
  archetypes.forEach((archetype, a) => {
    for (let k = 0; k < counts[a]!; k += 1) {
      const index = personas.length + 1;
      const id = `p_${String(index).padStart(4, '0')}`;
      const rng = streamFor(subject.seed, 'persona', id);
      const centre = archetype.traits;
      const vary = (value: number) => round(clamp(value + rng.jitter(0.12)), 2);
      personas.push({
        id,
        name: nameFor(subject.seed, index),
        archetype: archetype.name,
        ring: archetype.ring,
        traits: {
          attention: vary(centre.attention),
          skepticism: vary(centre.skepticism),
          expertise: vary(centre.expertise),
          priceSensitivity: vary(centre.priceSensitivity),
          intentToAct: vary(centre.intentToAct),
        },
        context: rng.pick(CONTEXTS[subject.contentType]).text,
      });
    }
  });
  return { archetypes, personas };
}
