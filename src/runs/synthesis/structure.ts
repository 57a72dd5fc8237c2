// Layout notes for a page tested in visual mode, read from its measured rendering at a desktop
// and a phone viewport (src/runs/render): where the headline and the first call to action sit
// against the first screen, what covers that screen, how the text is set, and how the page
// behaves on a phone. Each note names the element and the measurement behind it; the most
// consequential come first.
import type { Signals } from '../engines/heuristic/signals';
import { clipWords } from '../engines/heuristic/text';
import type { StoredLayout } from '../render/layout';

export const NOTE_LIMIT = 6;

/** Rules of thumb the notes are judged by. */
export const LAYOUT_RULES = {
  headlineMinPx: 28,
  contrastMin: 4.5,
  competingActions: 4,
  overlayShare: 0.25,
  mediaShare: 0.6,
  wallWords: 120,
  lineChars: 100,
  smallTextShare: 0.3,
  smallTargets: 5,
  screensLong: 12,
} as const;

const px = (value: number) => `${Math.round(value).toLocaleString('en-US')} px`;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const quote = (text: string, words = 8) => {
  const clipped = clipWords(text, words);
  return `"${clipped}${clipped.length < text.length ? '…' : ''}"`;
};

interface Note {
  weight: number;
  text: string;
}

export function structuralNotes(layout: StoredLayout, text: string, signals: Signals): string[] {
  const { desktop, mobile } = layout;
  const notes: Note[] = [];
  const add = (weight: number, note: string) => notes.push({ weight, text: note });
  const fold = desktop.viewport.height;
  const phoneFold = mobile.viewport.height;

  // The first call to action, against the first screen of each viewport.
  const first = desktop.actions[0];
  const phoneFirst = mobile.actions[0];
  if (!first) {
    add(
      10,
      signals.cta
        ? `"${signals.cta}" is plain text, not a button: nothing on the page looks clickable ` +
            'as the next step.'
        : 'No button or button-like link asks for an action: add one primary call to action.',
    );
  } else if (first.top + first.height > fold) {
    add(
      9,
      `The first call to action (${quote(first.text)}) sits at ${px(first.top)}, below the ` +
        `first screen of a ${desktop.viewport.width}×${fold} desktop; move it up.`,
    );
  } else if (phoneFirst && phoneFirst.top + phoneFirst.height > phoneFold) {
    add(
      8,
      `The call to action (${quote(first.text)}) is in the first screen on desktop, but on a ` +
        `${mobile.screenWidth} px phone it drops to ${px(phoneFirst.top)}, below the first ` +
        'screen.',
    );
  } else {
    add(
      3,
      `The call to action (${quote(first.text)}) is in the first screen on desktop ` +
        `(${px(first.top)}) and on a phone; keep it there.`,
    );
  }
  if (first?.contrast != null && first.contrast < LAYOUT_RULES.contrastMin) {
    add(
      6,
      `The button ${quote(first.text)} has a contrast of ${first.contrast}:1 against its ` +
        `background; ${LAYOUT_RULES.contrastMin}:1 reads clearly.`,
    );
  }
  const aboveFold = distinct(desktop.actions.filter((a) => a.top < fold).map((a) => a.text));
  if (aboveFold.length >= LAYOUT_RULES.competingActions) {
    add(
      5,
      `${aboveFold.length} calls to action compete in the first screen ` +
        `(${aboveFold
          .slice(0, 3)
          .map((a) => quote(a, 4))
          .join(', ')}…); lead with one.`,
    );
  }

  // The headline.
  const headline = desktop.headline;
  if (!headline) {
    add(8, 'No headline stands out in the first screen: nothing is larger than the body text.');
  } else if (headline.top > fold) {
    add(8, `The headline ${quote(headline.text)} starts at ${px(headline.top)}, below the fold.`);
  } else if (headline.fontSize < LAYOUT_RULES.headlineMinPx) {
    add(
      6,
      `The headline ${quote(headline.text)} is set at ${headline.fontSize} px on desktop; ` +
        'at that size it does not read as the headline.',
    );
  } else {
    add(
      2,
      `The page opens with ${quote(headline.text)} at ${headline.fontSize} px; it is what most ` +
        'visitors will judge it by.',
    );
  }

  // What covers the first screen.
  const widest = (view: typeof desktop) =>
    [...view.overlays].sort((a, b) => b.coverage - a.coverage)[0];
  const covering = [
    { where: 'on a phone', overlay: widest(mobile) },
    { where: 'on desktop', overlay: widest(desktop) },
  ].filter((item) => item.overlay && item.overlay.coverage >= LAYOUT_RULES.overlayShare);
  if (covering.length > 0) {
    const { overlay } = covering[0]!;
    add(
      9,
      `A fixed layer${overlay!.text ? ` (${quote(overlay!.text, 6)})` : ''} covers ` +
        covering
          .map(({ overlay: o, where }, i) =>
            i === 0
              ? `${pct(o!.coverage)} of the first screen ${where}`
              : `${pct(o!.coverage)} ${where}`,
          )
          .join(' and ') +
        '.',
    );
  }
  if (desktop.mediaShare >= LAYOUT_RULES.mediaShare) {
    add(
      5,
      `Images fill ${pct(desktop.mediaShare)} of the first screen on desktop; the message ` +
        'starts lower.',
    );
  }

  // The phone: a page wider than the screen is shrunk to fit (text and buttons with it), or
  // scrolls sideways when it is wider still.
  const phone = mobile.screenWidth;
  if (mobile.viewport.width > phone + 8) {
    const scale = phone / mobile.viewport.width;
    add(
      9,
      `On a ${phone} px phone the page lays out ${px(mobile.viewport.width)} wide, so the ` +
        `phone shrinks it to ${pct(scale)}: 16 px text reads like ${Math.round(16 * scale)} px.`,
    );
  } else if (mobile.contentWidth > mobile.viewport.width + 8) {
    add(
      8,
      `On a ${phone} px phone the page is ${px(mobile.contentWidth)} wide and scrolls sideways.`,
    );
  }
  if (mobile.smallTextShare >= LAYOUT_RULES.smallTextShare) {
    add(4, `${pct(mobile.smallTextShare)} of the text on a phone is set below 14 px.`);
  }
  if (mobile.smallTargets >= LAYOUT_RULES.smallTargets) {
    add(
      3,
      `${mobile.smallTargets} links or buttons on a phone are smaller than a fingertip (44 px).`,
    );
  }
  const screens = Math.round(mobile.pageHeight / phoneFold);
  if (screens >= LAYOUT_RULES.screensLong) {
    add(3, `On a phone the page runs ${screens} screens long.`);
  }

  // The text.
  const wall = desktop.longestBlock;
  if (wall && wall.words >= LAYOUT_RULES.wallWords) {
    add(
      6,
      `A ${wall.words}-word block (${quote(wall.text, 6)}) at ${px(wall.top)} reads as a wall ` +
        'of text; break it into short sections.',
    );
  }
  if (desktop.lineChars > LAYOUT_RULES.lineChars) {
    add(
      4,
      `Lines of body text run to about ${desktop.lineChars} characters on desktop; ` +
        '60–80 reads easier.',
    );
  }
  if (signals.words > 300 && desktop.headings < 2) {
    add(4, `${signals.words} words run with few headings; add one every few paragraphs.`);
  }

  // Proof, placed by where it falls in the page's text.
  const proof = signals.proof[0] ?? signals.numbers[0];
  if (!proof) {
    add(5, 'There is no proof on the page (no numbers, quotes or names) to place near the top.');
  } else {
    const at = text.indexOf(proof) / Math.max(1, text.length);
    if (at > 0.5) {
      add(
        5,
        `Proof ("${proof}") comes about ${pct(at)} of the way down the page; move it next ` +
          'to the headline.',
      );
    }
  }

  return notes
    .map((note, order) => ({ ...note, order }))
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .slice(0, NOTE_LIMIT)
    .map((note) => note.text);
}

function distinct(texts: string[]): string[] {
  return [...new Set(texts.map((text) => text.toLowerCase()))].map((lower) =>
    texts.find((text) => text.toLowerCase() === lower)!,
  );
}
