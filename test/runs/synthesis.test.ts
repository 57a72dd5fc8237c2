// The synthesis shared by every engine, pure: report invariants over many generated runs
// (three segments, three ranked frictions with evidence quoted from this run, stats that
// agree with the reactions, fields exactly at their detail level), and its parts one by one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settleAudience } from '../../src/runs/engines/heuristic/audience';
import { buildPanel } from '../../src/runs/engines/heuristic/panel';
import { react } from '../../src/runs/engines/heuristic/react';
import { synthesize } from '../../src/runs/synthesis';
import { apportion, sharesOf } from '../../src/runs/synthesis/apportion';
import { segmentReactions } from '../../src/runs/synthesis/segments';
import { layoutOf } from './layouts';
import {
  fieldsFor,
  reactionSchema,
  type ContentType,
  type Detail,
  type Panel,
  type Reaction,
  type RunSubject,
  type Synthesis,
} from '../../src/runs/types';

const FRAGMENTS = [
  'We cut onboarding time from 14 days to 3 for 212 teams.',
  '"It paid for itself in a month," said Dana Ruiz, CFO at Ferro.',
  'Plans start at $29/month with a free 14-day trial.',
  'Book a 15-minute demo: https://example.com/demo',
  'Reply with "guide" and I will send you the checklist.',
  '🚀 The revolutionary platform that will change EVERYTHING!!!',
  'Best in class. Game-changer. Guaranteed 10x growth.',
  'Our holistic, cloud-native ecosystem empowers teams to leverage synergies.',
  'We unlock actionable insights that move the needle on digital transformation.',
  'Why do release notes go unread?',
  'Most teams keep them in three places at once, and nobody can find them when it matters.',
  'It sounds small, and for a long time it felt small to us as well, but the support queue ' +
    'told a different story once every change was written down in one place that anyone ' +
    'could subscribe to, search and link from a pull request without asking.',
  '## What changed',
  '- Support questions fell by 41% in six weeks',
  '**One feed** for every change.',
  'I learned this the hard way.',
  'Our developers ship a TypeScript SDK with an open source CLI.',
  'Parents tell us bedtime got 20 minutes shorter.',
  'Hiring? We are looking for a senior engineer, remote, in Europe.',
  'Savings accounts pay 4.1% interest; most people still keep cash at 0%.',
];

interface Input {
  text: string;
  contentType: ContentType;
  detail: Detail;
  personaCount: number;
  seed: number;
  audience: string | null;
  urlMode: 'copy' | 'visual';
}

const text = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 60 })
        .chain((parts) => fc.constantFrom(' ', '\n', '\n\n').map((sep) => parts.join(sep))),
    },
    { weight: 2, arbitrary: fc.lorem({ maxCount: 40, mode: 'sentences' }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }) },
  )
  .filter((value) => value.trim().length > 0);

const inputs: fc.Arbitrary<Input> = fc.record({
  text,
  contentType: fc.constantFrom<ContentType>('text', 'tweet', 'linkedin', 'markdown', 'url'),
  detail: fc.constantFrom<Detail>('snapshot', 'standard', 'deep'),
  personaCount: fc.integer({ min: 10, max: 200 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  audience: fc.option(fc.constantFrom('indie game developers', 'busy parents', 'CFOs')),
  urlMode: fc.constantFrom<'copy' | 'visual'>('copy', 'visual'),
});

function subjectOf(input: Input): RunSubject {
  const { audience, ...rest } = input;
  const visual = input.contentType === 'url' && input.urlMode === 'visual';
  return {
    ...rest,
    ...(audience === null ? {} : { audience }),
    ...(visual ? { layout: layoutOf() } : {}),
  };
}

function run(subject: RunSubject) {
  const panel = buildPanel(subject, settleAudience(subject));
  const reactions = react(subject, panel.personas);
  return { panel, reactions, report: synthesize(subject, panel, reactions) };
}

function textsOf(reaction: Reaction): string[] {
  return Object.values(reaction).flatMap((value) =>
    typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : [],
  );
}

/** `p_0012: "…"; p_0040: "…"` → its witnesses and their quoted pieces. */
function evidencePieces(evidence: string): { id: string; piece: string }[] {
  const marks = [...evidence.matchAll(/(?:^|; )(p_\d{4,}): "/g)];
  return marks.map((mark, i) => {
    const start = mark.index + mark[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : evidence.length;
    return { id: mark[1]!, piece: evidence.slice(start, end - 1) };
  });
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Every invariant of SPEC §5 that a report of this run must hold. */
function expectValidReport(
  subject: RunSubject,
  panel: Panel,
  reactions: Reaction[],
  report: Synthesis,
): void {
  const n = subject.personaCount;
  expect(reactions).toHaveLength(n);

  // Segments: exactly three, behaviour-named, shares summing to 1.
  expect(report.segments).toHaveLength(3);
  expect(new Set(report.segments.map((s) => s.name)).size).toBe(3);
  expect(Math.abs(sum(report.segments.map((s) => s.share)) - 1)).toBeLessThan(1e-9);
  for (const segment of report.segments) {
    expect(segment.share).toBeGreaterThanOrEqual(0);
    expect(segment.summary).toMatch(/\d/);
  }

  // Frictions: exactly three, ranked, with evidence quoted verbatim from this run.
  expect(report.topFriction).toHaveLength(3);
  const severities = report.topFriction.map((f) => f.severity);
  expect([...severities].sort((a, b) => b - a)).toEqual(severities);
  const byId = new Map(reactions.map((r) => [r.persona_id, r]));
  for (const friction of report.topFriction) {
    expect(Number.isInteger(friction.severity)).toBe(true);
    expect(friction.severity).toBeGreaterThanOrEqual(0);
    expect(friction.severity).toBeLessThanOrEqual(10);
    expect(friction.point.length).toBeGreaterThan(0);
    const pieces = evidencePieces(friction.evidence);
    expect(pieces.length).toBeGreaterThan(0);
    for (const { id, piece } of pieces) {
      const witness = byId.get(id);
      expect(witness, id).toBeDefined();
      expect(
        textsOf(witness!).some((t) => t.includes(piece)),
        piece,
      ).toBe(true);
    }
  }
  expect(new Set(report.topFriction.map((f) => f.point)).size).toBe(3);

  // Stats agree with the reactions.
  const { stats } = report;
  expect(stats.persona_count).toBe(n);
  const intents = reactions.map((r) => r.intent);
  expect(stats.intent.histogram).toHaveLength(11);
  stats.intent.histogram.forEach((count, score) => {
    expect(count).toBe(intents.filter((i) => i === score).length);
  });
  expect(Math.abs(stats.intent.mean - sum(intents) / n)).toBeLessThanOrEqual(0.005 + 1e-12);
  expect(Math.abs(sum(Object.values(stats.decision)) - 1)).toBeLessThan(1e-9);
  for (const [decision, share] of Object.entries(stats.decision)) {
    const count = reactions.filter((r) => r.decision === decision).length;
    expect(Math.abs(share - count / n)).toBeLessThanOrEqual(0.001 + 1e-12);
  }
  if (subject.detail === 'snapshot') {
    expect(Object.keys(stats).sort()).toEqual(['decision', 'intent', 'persona_count']);
  } else {
    const trusts = reactions.map((r) => r.trust!);
    expect(sum(stats.trust!.histogram)).toBe(n);
    expect(Math.abs(stats.trust!.mean - sum(trusts) / n)).toBeLessThanOrEqual(0.005 + 1e-12);
    expect(Math.abs(sum(Object.values(stats.sentiment!)) - 1)).toBeLessThan(1e-9);
    for (const [sentiment, share] of Object.entries(stats.sentiment!)) {
      const count = reactions.filter((r) => r.sentiment === sentiment).length;
      expect(Math.abs(share - count / n)).toBeLessThanOrEqual(0.001 + 1e-12);
    }
  }

  // Archetypes: every one of the panel, counts summing to the panel.
  expect(report.archetypes.map((a) => a.name)).toEqual(panel.archetypes.map((a) => a.name));
  expect(sum(report.archetypes.map((a) => a.count))).toBe(n);

  // Reactions carry exactly their level's fields; grounded fields are spans of the content.
  const expected = ['persona_id', 'archetype', ...fieldsFor(subject.detail)].sort();
  for (const r of reactions) {
    reactionSchema.parse(r);
    expect(Object.keys(r).sort()).toEqual(expected);
    const grounded = [r.noticedFirst, r.pausePoint, r.stickyPhrase ?? '', ...(r.resonated ?? [])];
    for (const phrase of [...grounded, ...(r.confused ?? [])]) {
      expect(subject.text.includes(phrase), phrase).toBe(true);
    }
    expect(r.firstGlance.trim().split(/\s+/)).toHaveLength(3);
  }

  // The sample: reactions of this run, each with its segment.
  const names = report.segments.map((s) => s.name);
  expect(report.sampleReactions.length).toBeGreaterThan(0);
  expect(report.sampleReactions.length).toBeLessThanOrEqual(12);
  for (const sample of report.sampleReactions) {
    expect(names).toContain(sample.segment);
    const { segment: _, ...reaction } = sample;
    expect(reaction).toEqual(byId.get(sample.persona_id));
  }

  expect(report.rewrite.text.length).toBeGreaterThan(0);
  expect(report.rewrite.rationale.length).toBeGreaterThan(0);
  const visual = subject.contentType === 'url' && subject.urlMode === 'visual' && !!subject.layout;
  expect('structuralNotes' in report).toBe(visual);
  if (visual) expect(report.structuralNotes!.length).toBeGreaterThan(0);
}

const PROOF_POST = `We cut onboarding time from 14 days to 3 for 212 B2B SaaS teams last quarter.

"We went live the same afternoon. Our support tickets dropped 38% in the first month."
— Priya Shah, Head of Ops at Lumen

Pricing starts at $49/month per workspace, with a 14-day free trial.

Book a 15-minute demo: https://example.com/demo`;
const HYPE_POST =
  '🚀 The revolutionary AI platform that will change EVERYTHING. Best in class. Game-changer!!!';

function subject(text: string, over: Partial<RunSubject> = {}): RunSubject {
  return {
    contentType: 'linkedin',
    text,
    urlMode: 'copy',
    personaCount: 100,
    detail: 'standard',
    seed: 7,
    ...over,
  };
}

/** A hand-written reaction, as another engine might produce it. */
function reaction(id: number, over: Partial<Reaction>): Reaction {
  return {
    persona_id: `p_${String(id).padStart(4, '0')}`,
    archetype: id % 2 ? 'Skeptic' : 'Fan',
    firstGlance: 'Fine, not urgent',
    decision: 'stay',
    noticedFirst: 'x',
    pausePoint: 'x',
    quote: 'It was fine.',
    intent: 5,
    ...over,
  };
}

describe('the report', () => {
  it('holds every invariant of SPEC §5 over generated runs', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const s = subjectOf(input);
        const { panel, reactions, report } = run(s);
        expectValidReport(s, panel, reactions, report);
      }),
      { numRuns: 40 },
    );
  });

  it('holds them for a 1000-persona deep run of a visual url', () => {
    const s = subject(PROOF_POST, {
      contentType: 'url',
      urlMode: 'visual',
      detail: 'deep',
      personaCount: 1000,
      layout: layoutOf(),
    });
    const { panel, reactions, report } = run(s);
    expectValidReport(s, panel, reactions, report);
  });

  it('is the same synthesis for the same reactions', () => {
    const s = subject(HYPE_POST, { detail: 'deep' });
    const { panel, reactions, report } = run(s);
    expect(synthesize(s, panel, reactions)).toEqual(report);
  });
});

describe('segments', () => {
  it('are three, named by behaviour, with every reaction in one of them', () => {
    const { reactions, report } = run(subject(PROOF_POST));
    const { segments, membership } = segmentReactions(reactions);
    expect(segments).toEqual(report.segments);
    expect(membership).toHaveLength(reactions.length);
    for (const name of membership) expect(segments.map((s) => s.name)).toContain(name);
    const all = segments.map((s) => s.name).join(' ');
    expect(all).not.toMatch(/founder|investor|engineer|developer/i);
    // Ordered from least to most engaged.
    expect(segments[2]!.name).toMatch(/act|keen|warm|engaged|look/i);
  });

  it('stay three, and non-empty, when behaviour varies at all', () => {
    const reactions = Array.from({ length: 12 }, (_, i) =>
      reaction(i + 1, { intent: i % 3 === 0 ? 1 : 5, decision: i === 5 ? 'click' : 'stay' }),
    );
    const { segments } = segmentReactions(reactions);
    expect(segments).toHaveLength(3);
    for (const segment of segments) expect(segment.share).toBeGreaterThan(0);
    expect(sum(segments.map((s) => s.share))).toBeCloseTo(1, 12);
  });

  it('keep identical behaviour together, leaving the other segments at 0', () => {
    const reactions = Array.from({ length: 10 }, (_, i) => reaction(i + 1, {}));
    const { segments, membership } = segmentReactions(reactions);
    expect(segments.map((s) => s.share).sort()).toEqual([0, 0, 1]);
    expect(new Set(membership).size).toBe(1);
  });
});

describe('frictions', () => {
  it('are still three for strong content, with lower severity than for hype', () => {
    const strong = run(subject(PROOF_POST)).report.topFriction;
    const hype = run(subject(HYPE_POST)).report.topFriction;
    expect(strong).toHaveLength(3);
    expect(strong[0]!.severity).toBeLessThan(hype[0]!.severity);
    expect(hype[0]!.severity).toBeGreaterThanOrEqual(7);
  });

  it("are read from another engine's reactions, quoting them", () => {
    const reactions = Array.from({ length: 20 }, (_, i) =>
      reaction(i + 1, {
        intent: i < 12 ? 2 : 6,
        decision: i < 12 ? 'scroll' : 'stay',
        quote: i < 12 ? 'Way too long for my feed, honestly.' : 'Nice, but where is the proof?',
      }),
    );
    const panel: Panel = {
      archetypes: [
        { name: 'Skeptic', description: '', ring: 'core', weight: 0.5, traits: traits() },
        { name: 'Fan', description: '', ring: 'core', weight: 0.5, traits: traits() },
      ],
      personas: [],
    };
    const s = subject('A post.', { personaCount: 20, detail: 'snapshot' });
    const report = synthesize(s, panel, reactions);
    expect(report.topFriction[0]!.point).toMatch(/long/i);
    expect(report.topFriction[0]!.evidence).toContain('"Way too long for my feed, honestly."');
    expect(report.topFriction.map((f) => f.point).join(' ')).toMatch(/proof|check/i);
    expect(report.archetypes).toEqual([
      { name: 'Skeptic', count: 10 },
      { name: 'Fan', count: 10 },
    ]);
  });
});

function traits() {
  return {
    attention: 0.5,
    skepticism: 0.5,
    expertise: 0.5,
    priceSensitivity: 0.5,
    intentToAct: 0.5,
  };
}

describe('the rewrite', () => {
  it('cuts hype and adds a next-step placeholder where the content has none', () => {
    const { report } = run(subject(HYPE_POST, { contentType: 'tweet' }));
    expect(report.rewrite.text).not.toMatch(/revolutionary|Best in class|Game-changer|!!!/i);
    expect(report.rewrite.text).toContain('[your link]');
    expect(report.rewrite.rationale).toContain(report.topFriction[0]!.point);
  });

  it('trims a long text to a tweet and keeps its concrete lines', () => {
    const long = Array.from({ length: 60 }, (_, i) => FRAGMENTS[(i * 7) % FRAGMENTS.length]).join(
      ' ',
    );
    const { report } = run(subject(long, { contentType: 'tweet' }));
    expect(report.rewrite.text.length).toBeLessThanOrEqual(280);
    expect(report.rewrite.text).toMatch(/\d/);
  });

  it('keeps proof, numbers and the existing next step of strong content', () => {
    const { report } = run(subject(PROOF_POST));
    expect(report.rewrite.text).toContain('38%');
    expect(report.rewrite.text).toContain('https://example.com/demo');
    expect(report.rewrite.text).not.toContain('[your link]');
  });
});

describe('stats, samples and notes', () => {
  it('leaves trust and sentiment out at snapshot and puts them in at standard', () => {
    const snapshot = run(subject(PROOF_POST, { detail: 'snapshot' })).report.stats;
    expect(snapshot.trust).toBeUndefined();
    expect('sentiment' in snapshot).toBe(false);
    const standard = run(subject(PROOF_POST, { detail: 'standard' })).report.stats;
    expect(standard.trust!.histogram).toHaveLength(11);
    expect(Object.keys(standard.sentiment!).sort()).toEqual([
      'mixed',
      'negative',
      'neutral',
      'positive',
    ]);
  });

  it('samples across segments and archetypes', () => {
    const { report } = run(subject(PROOF_POST, { personaCount: 300 }));
    const occupied = report.segments.filter((s) => s.share > 0).length;
    expect(new Set(report.sampleReactions.map((r) => r.segment)).size).toBe(occupied);
    expect(new Set(report.sampleReactions.map((r) => r.archetype)).size).toBeGreaterThan(2);
  });

  it('adds layout notes only to url runs in visual mode', () => {
    const visual = run(
      subject(PROOF_POST, { contentType: 'url', urlMode: 'visual', layout: layoutOf() }),
    ).report;
    expect(visual.structuralNotes!.join(' ')).toContain('Book a 15-minute demo');
    const copy = run(subject(PROOF_POST, { contentType: 'url', urlMode: 'copy' })).report;
    expect(copy).not.toHaveProperty('structuralNotes');
  });
});

describe('apportioning', () => {
  it('gives whole counts that add up exactly, and shares that sum to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        (weights, total) => {
          const counts = apportion(weights, total);
          expect(sum(counts)).toBe(total);
          counts.forEach((count, i) => {
            expect(Math.abs(count - (weights[i]! / sum(weights)) * total)).toBeLessThan(1);
          });
          const shares = sharesOf(counts);
          if (total > 0) expect(Math.abs(sum(shares) - 1)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});
