// Measured layouts for tests of the visual-mode notes: a tidy landing page by default, with
// any field of either viewport overridden.
import fc from 'fast-check';
import type { Snapshot, StoredLayout } from '../../src/runs/render/layout';

type View = Omit<Snapshot, 'text'>;

const DESKTOP: View = {
  viewport: { width: 1280, height: 800 },
  screenWidth: 1280,
  pageHeight: 2400,
  contentWidth: 1280,
  headline: { text: 'Onboarding in an afternoon', top: 120, fontSize: 48 },
  actions: [
    { text: 'Book a 15-minute demo', top: 320, left: 560, width: 180, height: 48, contrast: 8.2 },
  ],
  headings: 5,
  longestBlock: { text: 'We cut onboarding time from 14 days to 3', words: 40, top: 600 },
  lineChars: 70,
  smallTextShare: 0,
  mediaShare: 0.2,
  overlays: [],
  smallTargets: 0,
  title: 'Lumen: onboarding in an afternoon',
};

const MOBILE: View = {
  ...DESKTOP,
  viewport: { width: 390, height: 844 },
  screenWidth: 390,
  pageHeight: 4200,
  contentWidth: 390,
  headline: { text: 'Onboarding in an afternoon', top: 90, fontSize: 32 },
  actions: [
    { text: 'Book a 15-minute demo', top: 420, left: 24, width: 342, height: 48, contrast: 8.2 },
  ],
};

export function layoutOf(desktop: Partial<View> = {}, mobile: Partial<View> = {}): StoredLayout {
  return { desktop: { ...DESKTOP, ...desktop }, mobile: { ...MOBILE, ...mobile } };
}

const action = fc.record({
  text: fc.constantFrom('Start free', 'Book a demo', 'Pricing', 'Sign up now', 'Read more'),
  top: fc.integer({ min: 0, max: 6000 }),
  left: fc.integer({ min: 0, max: 1200 }),
  width: fc.integer({ min: 1, max: 600 }),
  height: fc.integer({ min: 1, max: 120 }),
  contrast: fc.option(fc.double({ min: 1, max: 21, noNaN: true })),
});

const view = (base: View): fc.Arbitrary<View> =>
  fc.record({
    viewport: fc.constant(base.viewport),
    screenWidth: fc.constant(base.screenWidth),
    pageHeight: fc.integer({ min: 0, max: 40_000 }),
    contentWidth: fc.integer({ min: 0, max: 3000 }),
    headline: fc.option(
      fc.record({
        text: fc.constantFrom('Ship faster', 'Welcome', ''),
        top: fc.integer({ min: 0, max: 3000 }),
        fontSize: fc.integer({ min: 8, max: 96 }),
      }),
    ),
    actions: fc
      .array(action, { maxLength: 8 })
      .map((list) => [...list].sort((a, b) => a.top - b.top)),
    headings: fc.integer({ min: 0, max: 40 }),
    longestBlock: fc.option(
      fc.record({
        text: fc.constantFrom('A long paragraph', 'Terms apply'),
        words: fc.integer({ min: 1, max: 900 }),
        top: fc.integer({ min: 0, max: 9000 }),
      }),
    ),
    lineChars: fc.integer({ min: 0, max: 300 }),
    smallTextShare: fc.double({ min: 0, max: 1, noNaN: true }),
    mediaShare: fc.double({ min: 0, max: 1, noNaN: true }),
    overlays: fc.array(
      fc.record({
        text: fc.constantFrom('We use cookies', ''),
        coverage: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { maxLength: 3 },
    ),
    smallTargets: fc.integer({ min: 0, max: 60 }),
    title: fc.constant('A page'),
  });

export const layouts: fc.Arbitrary<StoredLayout> = fc.record({
  desktop: view(DESKTOP),
  mobile: view(MOBILE),
});
