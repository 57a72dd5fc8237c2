// Three segments found by clustering reactions on behaviour (intent, trust, what they did),
// then named by that behaviour, never by who the personas are. k-means with k = 3 from a
// deterministic start: the same reactions always give the same segments.
import type { Decision, Reaction, Segment } from '../types';
import { sharesOf } from './apportion';

/** How far a decision goes towards acting, on the same 0–1 scale as intent and trust. */
const ENGAGEMENT: Readonly<Record<Decision, number>> = {
  scroll: 0,
  stay: 0.5,
  save: 0.85,
  click: 1,
};

type Point = [number, number, number];

function featuresOf(reaction: Reaction): Point {
  const intent = reaction.intent / 10;
  // At snapshot there is no trust; intent stands in so that axis adds no noise.
  const trust = reaction.trust === undefined ? intent : reaction.trust / 10;
  return [intent, trust, ENGAGEMENT[reaction.decision]];
}

const distance = (a: Point, b: Point) =>
  (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
const weight = (p: Point) => p[0] + p[1] + p[2];

function nearest(point: Point, centres: Point[]): number {
  let best = 0;
  for (let c = 1; c < centres.length; c += 1) {
    if (distance(point, centres[c]!) < distance(point, centres[best]!)) best = c;
  }
  return best;
}

function mean(points: Point[]): Point {
  const sum: Point = [0, 0, 0];
  for (const p of points) for (let d = 0; d < 3; d += 1) sum[d]! += p[d]!;
  return sum.map((value) => value / Math.max(1, points.length)) as Point;
}

/** Cluster index (0 = least engaged … 2 = most) for each point. */
export function kMeans3(points: Point[], iterations = 30): number[] {
  if (points.length === 0) return [];
  const order = points.map((p, i) => ({ i, w: weight(p) })).sort((a, b) => a.w - b.w || a.i - b.i);
  const at = (q: number) =>
    points[order[Math.min(order.length - 1, Math.floor(q * order.length))]!.i]!;
  let centres: Point[] = [at(1 / 6), at(1 / 2), at(5 / 6)];
  let labels = points.map((p) => nearest(p, centres));
  for (let round = 0; round < iterations; round += 1) {
    const groups: Point[][] = [[], [], []];
    labels.forEach((label, i) => groups[label]!.push(points[i]!));
    centres = groups.map((group, c) => (group.length > 0 ? mean(group) : centres[c]!));
    const next = points.map((p) => nearest(p, centres));
    if (next.every((label, i) => label === labels[i])) break;
    labels = next;
  }
  fillEmpty(points, labels, centres);
  // Renumber by engagement so names can follow position.
  const rank = [0, 1, 2].sort((a, b) => weight(centres[a]!) - weight(centres[b]!) || a - b);
  return labels.map((label) => rank.indexOf(label));
}

/**
 * k-means can leave a cluster empty; give it the point farthest from its own centre, if that
 * point differs from its centre at all. Identical behaviour stays together: then, and only
 * then, a segment is empty.
 */
function fillEmpty(points: Point[], labels: number[], centres: Point[]): void {
  for (let c = 0; c < 3; c += 1) {
    if (labels.includes(c)) continue;
    const sizes = [0, 1, 2].map((k) => labels.filter((label) => label === k).length);
    let far = -1;
    let farDistance = 0;
    points.forEach((p, i) => {
      const d = distance(p, centres[labels[i]!]!);
      if (sizes[labels[i]!]! > 1 && d > farDistance) {
        far = i;
        farDistance = d;
      }
    });
    if (far < 0) continue;
    labels[far] = c;
    centres[c] = points[far]!;
    for (let k = 0; k < 3; k += 1) {
      if (k === c) continue;
      const members = points.filter((_, i) => labels[i] === k);
      if (members.length > 0) centres[k] = mean(members);
    }
  }
}

interface Profile {
  count: number;
  intent: number;
  trust?: number;
  share: Record<Decision, number>;
}

function profileOf(members: Reaction[]): Profile {
  const share = { stay: 0, scroll: 0, click: 0, save: 0 };
  for (const r of members) share[r.decision] += 1 / members.length;
  const trusts = members.flatMap((r) => (r.trust === undefined ? [] : [r.trust]));
  return {
    count: members.length,
    intent: members.reduce((sum, r) => sum + r.intent, 0) / Math.max(1, members.length),
    trust: trusts.length > 0 ? trusts.reduce((a, b) => a + b, 0) / trusts.length : undefined,
    share,
  };
}

/** Names by position (least, middle, most engaged); the three lists never share a name. */
function nameOf(position: number, p: Profile): string {
  const lowTrust = p.trust !== undefined && p.trust < 4;
  if (position === 0) {
    if (p.count === 0 || p.share.scroll >= 0.5) return 'Skimmed and scrolled on';
    return lowTrust ? "Read it, didn't buy it" : 'Lukewarm, drifted off';
  }
  if (position === 1) {
    if (p.count === 0) return 'Interested but unconvinced';
    if (p.share.scroll >= 0.5) return 'Paused, then scrolled';
    if (p.share.save >= 0.3) return 'Saved it for later';
    if ((p.trust ?? 5) <= 5 && p.intent >= 3) return 'Interested but unconvinced';
    return 'Read on, not moved yet';
  }
  if (p.count === 0 || p.share.click >= 0.4) return 'Ready to act';
  if (p.share.scroll >= 0.5) return 'Gave it a fair look, then left';
  if (p.share.save >= 0.3) return 'Keen, bookmarking it';
  return p.intent >= 5 ? 'Warm, one step from acting' : 'Most engaged, still hesitant';
}

const DOING: Readonly<Record<Decision, string>> = {
  scroll: 'scrolled on',
  stay: 'read on without acting',
  save: 'saved it',
  click: 'clicked through',
};

function summaryOf(p: Profile, share: number, members: Reaction[]): string {
  if (p.count === 0) return 'No persona in this run behaved this way (0%).';
  const top = (Object.keys(p.share) as Decision[]).sort((a, b) => p.share[b] - p.share[a])[0]!;
  const trust = p.trust === undefined ? '' : `, mean trust ${p.trust.toFixed(1)}/10`;
  const typical = [...members].sort(
    (a, b) => Math.abs(a.intent - p.intent) - Math.abs(b.intent - p.intent),
  )[0]!;
  const personas = p.count === 1 ? 'persona' : 'personas';
  return (
    `${Math.round(share * 100)}% of the panel (${p.count} ${personas}); ` +
    `${Math.round(p.share[top] * 100)}% of them ${DOING[top]}; ` +
    `mean intent ${p.intent.toFixed(1)}/10${trust}. Typical first glance: "${typical.firstGlance}".`
  );
}

export interface Segmentation {
  segments: Segment[];
  /** The segment name of each reaction, in the order given. */
  membership: string[];
}

export function segmentReactions(reactions: Reaction[]): Segmentation {
  const labels = kMeans3(reactions.map(featuresOf));
  const groups: Reaction[][] = [[], [], []];
  labels.forEach((label, i) => groups[label]!.push(reactions[i]!));
  const shares = sharesOf(groups.map((group) => group.length));
  const segments = groups.map((members, position) => {
    const profile = profileOf(members);
    return {
      name: nameOf(position, profile),
      share: shares[position]!,
      summary: summaryOf(profile, shares[position]!, members),
    };
  });
  return { segments, membership: labels.map((label) => segments[label]!.name) };
}
