// Layout notes for a page tested in visual mode, read from the structure of its text: where
// the first call to action sits, how long the blocks run, whether headings break it up, and
// how high the proof and the price appear. A heuristic: it sees text order, not pixels.
import type { Signals } from '../engines/heuristic/signals';
import { clipWords } from '../engines/heuristic/text';

const FOLD_WORDS = 60;

/** Word position of a phrase in the text (0 when it opens the page). */
function wordsBefore(text: string, phrase: string): number {
  const at = text.indexOf(phrase);
  if (at < 0) return -1;
  return text.slice(0, at).split(/\s+/).filter(Boolean).length;
}

export function structuralNotes(text: string, signals: Signals): string[] {
  const notes: string[] = [];
  const lines = text.split('\n').map((line) => line.trim());
  const headings = lines.filter(
    (line) => line.length > 0 && line.split(/\s+/).length <= 8 && !/[.!?,;]$/.test(line),
  );
  notes.push(
    `The page opens with "${signals.hook}"; it is the headline most visitors will judge it by.`,
  );

  if (!signals.cta) {
    notes.push('No button or link text asks for an action: add one primary call to action.');
  } else {
    const at = wordsBefore(text, signals.cta);
    notes.push(
      at > FOLD_WORDS
        ? `The call to action ("${signals.cta}") comes after ${at} words; ` +
            'move it into the first screen.'
        : `The call to action ("${signals.cta}") sits in the first screen, after ${at} words; ` +
            'keep it there and make it the one button.',
    );
  }

  const blocks = text.split(/\n\s*\n/).map((block) => block.trim());
  const longest = [...blocks].sort((a, b) => b.split(/\s+/).length - a.split(/\s+/).length)[0];
  const longestWords = longest ? longest.split(/\s+/).length : 0;
  if (longest && longestWords > 80) {
    notes.push(
      `A ${longestWords}-word block starting "${clipWords(longest, 6)}" reads as a wall of text; ` +
        'break it into short sections.',
    );
  }
  if (signals.words > 300 && headings.length < 2) {
    notes.push(`${signals.words} words run with few headings; add one every few paragraphs.`);
  }

  const proof = signals.proof[0] ?? signals.numbers[0];
  if (proof) {
    const at = wordsBefore(text, proof);
    if (at > signals.words / 2) {
      notes.push(`Proof ("${proof}") sits low on the page; move it next to the headline.`);
    }
  } else {
    notes.push(
      'There is no proof on the page (no numbers, quotes or names) to place near the top.',
    );
  }
  if (signals.price[0]) {
    const at = wordsBefore(text, signals.price[0]);
    if (at >= 0 && at < FOLD_WORDS && !signals.proof.length) {
      notes.push(`The price ("${signals.price[0]}") shows before any proof of value.`);
    }
  }
  return notes.slice(0, 5);
}
