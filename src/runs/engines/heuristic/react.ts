// One reaction per persona, in order. A reaction depends only on the subject and the persona
// (each persona draws from its own seeded stream), so batching never changes the result.
// Fields are exactly those of the detail level: absent, never present-as-undefined.
import { fieldsFor, type Persona, type Reaction, type RunSubject } from '../../types';
import { domainOf } from './audience';
import { deepFields } from './deep';
import { groundsFor } from './grounding';
import { firstAction, missedAction, seenSignals } from './on-screen';
import { paceOf } from './people';
import { streamFor } from './random';
import { attentionBudget, read, readFractionOf } from './rubric';
import { signalsOf } from './signals';
import { firstGlance, objections, openQuestions, quote, thinkAloud, topChange } from './voice';
import type { Voice } from './voice';

export function react(subject: RunSubject, personas: Persona[]): Reaction[] {
  const signals = signalsOf(subject.text, subject.contentType);
  const { domain } = domainOf(subject);
  const allowed = new Set(fieldsFor(subject.detail));
  const action = firstAction(subject.layout, subject.text);
  return personas.map((persona) => {
    const rng = streamFor(subject.seed, 'react', persona.id);
    const pace = paceOf(subject.contentType, persona.context);
    // In visual mode a call to action below the first screen exists only for those who get to it.
    const budget = attentionBudget(signals, persona, pace);
    const missed = missedAction(signals, action, readFractionOf(signals, budget));
    const seen = seenSignals(signals, missed);
    const reading = read(seen, persona, pace, rng);
    const grounds = groundsFor(subject.text, seen, persona, reading, rng);
    const v: Voice = { signals: seen, persona, reading, grounds, rng };
    if (missed) v.missed = { label: action!.label };

    const reaction: Reaction = {
      persona_id: persona.id,
      archetype: persona.archetype,
      firstGlance: firstGlance(v),
      decision: reading.decision,
      noticedFirst: grounds.noticedFirst,
      pausePoint: grounds.pausePoint,
      quote: quote(v),
      intent: reading.intent,
    };
    if (allowed.has('thinkAloud')) {
      Object.assign(reaction, {
        thinkAloud: thinkAloud(v),
        resonated: grounds.resonated,
        confused: grounds.confused,
        objections: objections(v),
        openQuestions: openQuestions(v),
        trust: reading.trust,
        sentiment: reading.sentiment,
        stickyPhrase: grounds.stickyPhrase,
        topChange: topChange(v),
      });
    }
    if (allowed.has('emotionalArc')) Object.assign(reaction, deepFields(v, domain));
    return reaction;
  });
}
