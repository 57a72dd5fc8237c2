// The visual-mode notes, from measured layouts: each names the element and the measurement
// behind it, the most consequential first, and never more than the limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signalsOf } from '../../src/runs/engines/heuristic/signals';
import { layoutSchema } from '../../src/runs/render/layout';
import { NOTE_LIMIT, structuralNotes } from '../../src/runs/synthesis/structure';
import { layoutOf, layouts } from './layouts';

const PAGE = `Onboarding in an afternoon
We cut onboarding time from 14 days to 3 for 212 B2B SaaS teams last quarter.
Book a 15-minute demo`;

const notesFor = (layout = layoutOf(), text = PAGE) =>
  structuralNotes(layout, text, signalsOf(text, 'url'));

describe('layout notes', () => {
  it('praises a call to action that is in the first screen on desktop and on a phone', () => {
    const notes = notesFor();
    expect(notes).toContain(
      'The call to action ("Book a 15-minute demo") is in the first screen on desktop ' +
        '(320 px) and on a phone; keep it there.',
    );
    expect(notes.join(' ')).toContain('The page opens with "Onboarding in an afternoon" at 48 px');
  });

  it('leads with a call to action below the desktop fold, with its position', () => {
    const layout = layoutOf({
      actions: [{ text: 'Start free', top: 1450, left: 0, width: 120, height: 44, contrast: 9 }],
    });
    expect(notesFor(layout)[0]).toBe(
      'The first call to action ("Start free") sits at 1,450 px, below the first screen of a ' +
        '1280×800 desktop; move it up.',
    );
  });

  it('says when the call to action drops below the first screen only on a phone', () => {
    const layout = layoutOf(
      {},
      {
        actions: [
          {
            text: 'Book a 15-minute demo',
            top: 1300,
            left: 0,
            width: 300,
            height: 48,
            contrast: 9,
          },
        ],
      },
    );
    expect(notesFor(layout)[0]).toBe(
      'The call to action ("Book a 15-minute demo") is in the first screen on desktop, but on ' +
        'a 390 px phone it drops to 1,300 px, below the first screen.',
    );
  });

  it('tells a page without any button that nothing looks clickable', () => {
    const notes = notesFor(layoutOf({ actions: [] }, { actions: [] }));
    expect(notes[0]).toBe(
      '"Book a 15-minute demo" is plain text, not a button: nothing on the page looks ' +
        'clickable as the next step.',
    );
  });

  it('names an overlay covering the phone screen, sideways scrolling and low contrast', () => {
    const layout = layoutOf(
      {
        actions: [
          { text: 'Get started', top: 300, left: 0, width: 120, height: 44, contrast: 2.1 },
        ],
      },
      { overlays: [{ text: 'We use cookies to improve', coverage: 0.38 }], contentWidth: 620 },
    );
    const notes = notesFor(layout);
    expect(notes).toContain(
      'A fixed layer ("We use cookies to improve") covers 38% of the ' + 'first screen on a phone.',
    );
    expect(notes).toContain('On a 390 px phone the page is 620 px wide and scrolls sideways.');
    expect(notes).toContain(
      'The button "Get started" has a contrast of 2.1:1 against its background; 4.5:1 reads ' +
        'clearly.',
    );
  });

  it('counts competing calls to action in the first screen once each', () => {
    const at = (text: string, top: number) => ({
      text,
      top,
      left: 0,
      width: 100,
      height: 40,
      contrast: 10,
    });
    const layout = layoutOf({
      actions: [
        at('Start free', 100),
        at('Book a demo', 140),
        at('start free', 180),
        at('Pricing', 220),
        at('Contact sales', 260),
        at('Careers', 1600),
      ],
    });
    expect(notesFor(layout).join('\n')).toContain(
      '4 calls to action compete in the first screen ("Start free", "Book a demo", "Pricing"…); ' +
        'lead with one.',
    );
  });

  it('flags a small headline, walls of text and long lines from their measurements', () => {
    const layout = layoutOf({
      headline: { text: 'Welcome to our website', top: 40, fontSize: 18 },
      longestBlock: { text: 'Our company was founded in 1998 by', words: 260, top: 1900 },
      lineChars: 140,
    });
    const notes = notesFor(layout);
    expect(notes).toContain(
      'The headline "Welcome to our website" is set at 18 px on desktop; at that size it does ' +
        'not read as the headline.',
    );
    expect(notes).toContain(
      'A 260-word block ("Our company was founded in 1998…") at 1,900 px reads as a wall of ' +
        'text; break it into short sections.',
    );
    expect(notes).toContain(
      'Lines of body text run to about 140 characters on desktop; 60–80 reads easier.',
    );
  });

  it('gives between one and six notes for any measured layout, each a sentence', () => {
    fc.assert(
      fc.property(layouts, (layout) => {
        expect(() =>
          layoutSchema.shape.desktop.omit({ text: true }).parse(layout.desktop),
        ).not.toThrow();
        const notes = notesFor(layout);
        expect(notes.length).toBeGreaterThan(0);
        expect(notes.length).toBeLessThanOrEqual(NOTE_LIMIT);
        for (const note of notes) expect(note).toMatch(/^[A-Z0-9"].*[.]$/);
      }),
      { numRuns: 200 },
    );
  });
});
