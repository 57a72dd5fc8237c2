// The per-persona reaction fields, level by level, from the lists the engines and the
// synthesis use (src/runs/types.ts). A field without a description here stops the docs from
// rendering, so a new field cannot ship undocumented.
import { DEEP_FIELDS, SNAPSHOT_FIELDS, STANDARD_FIELDS } from '../runs/types';
import { code, mdTable } from './md';

const MEANING: Record<string, string> = {
  firstGlance: 'their impression in about three words',
  decision: '`stay`, `scroll`, `click` or `save`: what they did next',
  noticedFirst: 'the words or element that caught their eye first',
  pausePoint: 'where their attention stopped or wandered',
  quote: 'one line in their own voice',
  intent: 'how likely they are to act on it, 0–10',
  thinkAloud: 'their reading, narrated as it happened',
  resonated: 'phrases or ideas that landed',
  confused: 'what they did not understand',
  objections: 'their objections, strongest first',
  openQuestions: 'what they still wanted to know',
  trust: 'how far they believe it, 0–10',
  sentiment: '`positive`, `neutral`, `negative` or `mixed`',
  stickyPhrase: 'the phrase they would remember',
  topChange: 'the one change that would move them most',
  emotionalArc: 'how their feeling shifted from start to end',
  wouldPay: 'whether they would pay for what is offered (true or false)',
  wouldPayWhy: 'the reason behind that answer',
  shareWith: 'who they would pass it on to, if anyone',
  competitor: 'the alternative it reminded them of',
  personalContext: 'the situation in their life that shaped the reaction',
};

const LEVELS: [string, readonly string[]][] = [
  ['every level', SNAPSHOT_FIELDS],
  ['`standard` and `deep`', STANDARD_FIELDS],
  ['`deep`', DEEP_FIELDS],
];

export function reactionFieldsTable(): string {
  const rows = LEVELS.flatMap(([level, fields]) =>
    fields.map((field) => {
      const meaning = MEANING[field];
      if (!meaning) throw new Error(`docs: no meaning for the reaction field ${field}`);
      return [code(field), level, meaning];
    }),
  );
  return mdTable(['field', 'present at', 'meaning'], rows);
}
