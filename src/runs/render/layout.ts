// What a rendered page looks like to a visitor, measured in the browser by measure.page.js at a
// desktop and a phone viewport. The numbers come from a page we do not control (its scripts
// can rewrite the DOM APIs the measurement uses), so they cross a trust boundary: this schema
// bounds every field before the synthesis reads it.
import { z } from 'zod';

const px = z.number().finite().min(-100_000).max(1_000_000);
const share = z.number().finite().min(0).max(1);
const label = z.string().max(200);

export const ACTION_LIMIT = 30;

const action = z.object({
  text: label,
  top: px,
  left: px,
  width: px,
  height: px,
  /** WCAG contrast ratio of its text against its background, 1–21; null when unknowable. */
  contrast: z.number().min(1).max(21).nullable(),
});

const snapshot = z.object({
  /** What one screen shows, in CSS pixels (wider than the screen when a phone zooms out). */
  viewport: z.object({ width: z.number().int().min(1).max(100_000), height: px }),
  /** The device's screen width in CSS pixels (390 on the phone). */
  screenWidth: z.number().int().min(1).max(100_000),
  pageHeight: px,
  /** The width the content really takes; above the viewport's, the page scrolls sideways. */
  contentWidth: px,
  headline: z.object({ text: label, top: px, fontSize: px }).nullable(),
  /** Buttons and button-like links, top to bottom. */
  actions: z.array(action).max(ACTION_LIMIT),
  headings: z.number().int().min(0).max(100_000),
  longestBlock: z.object({ text: label, words: z.number().int().min(0), top: px }).nullable(),
  /** Median characters per line of body text. */
  lineChars: z.number().min(0).max(10_000),
  /** Share of body text set below 14 px. */
  smallTextShare: share,
  /** Share of the first screen covered by images and video. */
  mediaShare: share,
  /** Fixed or sticky elements over the first screen, with the share of it they cover. */
  overlays: z.array(z.object({ text: label, coverage: share })).max(10),
  /** Links and buttons smaller than a fingertip (44 px) in either dimension. */
  smallTargets: z.number().int().min(0).max(100_000),
  title: label,
  /** The text a visitor can read, in page order. */
  text: z.string().max(200_000),
});

export const layoutSchema = z.object({ desktop: snapshot, mobile: snapshot });

export type Snapshot = z.infer<typeof snapshot>;
export type Layout = z.infer<typeof layoutSchema>;
export type Action = z.infer<typeof action>;

/** A layout without its texts: what a run keeps for its structural notes. */
export type StoredLayout = { [K in keyof Layout]: Omit<Snapshot, 'text'> };
