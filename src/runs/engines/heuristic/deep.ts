// The deep-detail fields: how the feeling moved while reading, whether they would pay and
// why, whom they would pass it to, what they use instead, and who they are right now.
import type { Reaction } from '../../types';
import type { Domain } from './domains';
import { mainIssue, type Voice } from './voice';

type DeepFields = Pick<
  Reaction,
  'emotionalArc' | 'wouldPay' | 'wouldPayWhy' | 'shareWith' | 'competitor' | 'personalContext'
>;

const END_STATE = { click: 'convinced', save: 'interested', stay: 'undecided', scroll: 'gone' };

function arc(v: Voice): string {
  const s = v.signals;
  const { skepticism, attention } = v.persona.traits;
  const hyped = s.hype.some((word) => s.hook.includes(word));
  const start = hyped && skepticism > 0.5 ? 'wary' : attention < 0.35 ? 'distracted' : 'curious';
  const kind = v.reading.issues[0]?.kind;
  const middle =
    kind === 'length'
      ? `bored by "${v.grounds.pausePoint}"`
      : kind === 'proof' || kind === 'hype'
        ? `skeptical at "${s.claims[0] ?? s.hype[0] ?? v.grounds.pausePoint}"`
        : kind === 'jargon' || kind === 'clarity'
          ? `lost at "${v.grounds.confused[0] ?? v.grounds.pausePoint}"`
          : `engaged by "${v.grounds.stickyPhrase}"`;
  return `${start} at "${v.grounds.noticedFirst}" → ${middle} → ${END_STATE[v.reading.decision]}`;
}

function payment(v: Voice): { wouldPay: boolean; wouldPayWhy: string } {
  const s = v.signals;
  const { priceSensitivity } = v.persona.traits;
  const { intent, trust } = v.reading;
  const wouldPay = intent >= 6 && trust >= 6 && (priceSensitivity < 0.75 || s.free);
  if (wouldPay) {
    const at = s.price[0] ? ` at ${s.price[0]}` : '';
    return { wouldPay, wouldPayWhy: `Yes${at}, if "${v.grounds.stickyPhrase}" holds up for me.` };
  }
  const kind = mainIssue(v) ?? v.reading.issues[0]?.kind;
  if (kind === 'price' && s.price[0]) {
    return { wouldPay, wouldPayWhy: `No: ${s.price[0]} is more than I'd risk on this.` };
  }
  if ((kind === 'proof' || kind === 'hype') && (s.claims[0] ?? s.hype[0])) {
    const claim = s.claims[0] ?? s.hype[0];
    return { wouldPay, wouldPayWhy: `No: "${claim}" is not enough to spend money on.` };
  }
  if (kind === 'relevance') return { wouldPay, wouldPayWhy: "No: I'm not the one who needs it." };
  const sticky = v.grounds.stickyPhrase;
  if (s.price[0] && s.free) {
    return {
      wouldPay,
      wouldPayWhy: `Not yet: I'd start with the free trial and see if "${sticky}" holds.`,
    };
  }
  if (s.price[0]) {
    return {
      wouldPay,
      wouldPayWhy: `Not yet: I'd need "${sticky}" to work for me before ${s.price[0]}.`,
    };
  }
  return { wouldPay, wouldPayWhy: 'Not yet: nothing here tells me what I would get for it.' };
}

function share(v: Voice, domain: Domain): string {
  if (v.reading.intent >= 5 || v.reading.decision === 'save') return v.rng.pick(domain.shareWith);
  const loud = v.signals.scores.hype > 0.4 && v.persona.traits.skepticism > 0.6;
  return loud ? 'a friend, as an example of what not to post' : 'nobody';
}

function background(v: Voice): string {
  const { expertise, skepticism, priceSensitivity, attention, intentToAct } = v.persona.traits;
  const notes: string[] = [];
  if (expertise > 0.7) notes.push('I know this field well');
  else if (expertise < 0.35) notes.push("I'm new to this area");
  if (skepticism > 0.7) notes.push('I doubt big claims until I see numbers');
  if (priceSensitivity > 0.75) notes.push('every purchase has to earn its place');
  if (attention < 0.35) notes.push('I rarely read past the first lines');
  if (intentToAct > 0.7) notes.push('I act fast when something fits');
  if (notes.length === 0) notes.push('I read this kind of thing now and then');
  const context = v.persona.context;
  const where = context.charAt(0).toUpperCase() + context.slice(1);
  return `${where}. ${v.persona.archetype}: ${notes.slice(0, 2).join(', and ')}.`;
}

export function deepFields(v: Voice, domain: Domain): DeepFields {
  const { wouldPay, wouldPayWhy } = payment(v);
  return {
    emotionalArc: arc(v),
    wouldPay,
    wouldPayWhy,
    shareWith: share(v, domain),
    competitor: v.rng.pick(domain.competitors),
    personalContext: background(v),
  };
}
