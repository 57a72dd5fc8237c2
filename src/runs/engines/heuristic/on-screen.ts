// Visual mode: what a persona sees of a rendered page depends on how far they get. A call to
// action in the first screen is seen by everyone; one further down only by those who read that
// far. For everyone else the page has no next step: no click, and the missing next step becomes
// their complaint. Copy mode has no layout, and every persona sees the whole page's next step.
import type { StoredLayout } from '../../render/layout';
import type { Signals } from './signals';

export interface PageAction {
  /** The button's label, when it is a phrase of the page's text (so it may be quoted). */
  label?: string;
  /** How far into the page (0–1, a share of its words) it sits; 0 in the first screen. */
  at: number;
}

/** The page's first call to action, or undefined when nothing is known (copy mode, no button). */
export function firstAction(
  layout: StoredLayout | undefined,
  text: string,
): PageAction | undefined {
  const view = layout?.desktop;
  const action = view?.actions[0];
  if (!view || !action) return undefined;
  const found = text.indexOf(action.text);
  const label = found >= 0 ? action.text : undefined;
  if (action.top + action.height <= view.viewport.height) return { label, at: 0 };
  // Where its label falls in the text a reader moves through; the pixels when it is not there.
  if (found >= 0) {
    const before = text.slice(0, found).split(/\s+/).filter(Boolean).length;
    const total = Math.max(1, text.split(/\s+/).filter(Boolean).length);
    return { label, at: Math.min(1, before / total) };
  }
  return { label, at: Math.min(1, action.top / Math.max(1, view.pageHeight)) };
}

/** Whether a persona who read `readFraction` of the page stopped before its first action. */
export function missedAction(
  signals: Signals,
  action: PageAction | undefined,
  readFraction: number,
): boolean {
  return action !== undefined && signals.nextStep && readFraction < action.at;
}

/** The signals as this persona meets them: without a next step when they never reached it. */
export function seenSignals(signals: Signals, missed: boolean): Signals {
  return missed ? { ...signals, nextStep: false, cta: undefined } : signals;
}
