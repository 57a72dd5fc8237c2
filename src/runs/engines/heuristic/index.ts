// The heuristic engine: offline and deterministic. Persona traits meet measured signals of the
// content through a documented rubric (rubric.ts); every phrase a persona quotes is a real
// span of the content. The default engine, and the one `npm start` and the tests use.
import type { Engine } from '../../types';
import { answer } from './answer';
import { settleAudience } from './audience';
import { buildPanel } from './panel';
import { react } from './react';

export const heuristicEngine: Engine = {
  name: 'heuristic',
  settleAudience: async (subject) => settleAudience(subject),
  buildPanel: async (subject, audience) => buildPanel(subject, audience),
  react: async (subject, personas) => ({ reactions: react(subject, personas) }),
  answer: async (request) => ({ text: answer(request) }),
};
