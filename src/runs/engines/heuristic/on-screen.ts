// Visual mode: what a persona sees of a rendered page depends on how far they get. A call to
// action in the first screen is seen by everyone; one further down only by those who read that
// far. For everyone else the page has no next step: no click, and the missing next step becomes
// their complaint. Copy mode has no layout, and every persona sees the whole page's next step.
import type { StoredLayout } from '../../render/layout';
import type { Signals } from './signals';

/**
 * How far into the page (0–1, as a share of its words) the first call to action sits; 0 when it
 * is in the first screen, undefined when nothing is known (copy mode, or no button at all).
 */
export function firstActionAt(layout: StoredLayout | undefined, text: string): number | undefined {
  const view = layout?.desktop;
  const action = view?.actions[0];
  if (!view || !action) return undefined;
  if (action.top + action.height <= view.viewport.height) return 0;
  // Where its label falls in the text a reader moves through; the pixels when it is not there.
  const at = text.indexOf(action.text);
  if (at >= 0) {
    const before = text.slice(0, at).split(/\s+/).filter(Boolean).length;
    const total = Math.max(1, text.split(/\s+/).filter(Boolean).length);
    return Math.min(1, before / total);
  }
  return Math.min(1, action.top / Math.max(1, view.pageHeight));
}

/** The signals as this persona meets them, having read `readFraction` of the page. */
export function seenSignals(
  signals: Signals,
  actionAt: number | undefined,
  readFraction: number,
): Signals {
  if (actionAt === undefined || readFraction >= actionAt || !signals.nextStep) return signals;
  return { ...signals, nextStep: false, cta: undefined };
}
