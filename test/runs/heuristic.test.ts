// The heuristic engine, pure: deterministic for the same input and seed, traits meeting the
// content's signals through the rubric, and every quoted phrase a real phrase of the content.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heuristicEngine } from '../../src/runs/engines/heuristic';
import { answer } from '../../src/runs/engines/heuristic/answer';
import { settleAudience } from '../../src/runs/engines/heuristic/audience';
import { buildPanel } from '../../src/runs/engines/heuristic/panel';
import { react } from '../../src/runs/engines/heuristic/react';
import { attentionBudget, trustScore } from '../../src/runs/engines/heuristic/rubric';
import { measure } from '../../src/runs/engines/heuristic/signals';
import { synthesize } from '../../src/runs/synthesis';
import { layoutOf } from './layouts';
import {
  fieldsFor,
  reactionSchema,
  type ContentType,
  type Detail,
  type Persona,
  type Reaction,
  type RunSubject,
} from '../../src/runs/types';

const PROOF_POST = `We cut onboarding time from 14 days to 3 for 212 B2B SaaS teams last quarter.

How? We replaced the 40-field setup form with a single import from your CRM.

"We went live the same afternoon. Our support tickets dropped 38% in the first month."
— Priya Shah, Head of Ops at Lumen

Pricing starts at $49/month per workspace, with a 14-day free trial.

Book a 15-minute demo: https://example.com/demo`;

const HYPE_POST =
  '🚀 The revolutionary AI platform that will change EVERYTHING. Best in class. Game-changer!!!';

const JARGON_POST = `Our holistic, cloud-native platform empowers teams to leverage synergies
across the ecosystem and unlock actionable insights that move the needle on digital
transformation.`;

const MARKDOWN_POST = `# Release notes people actually read

We moved our changelog into **one feed** that customers subscribe to.

- Support questions about "what changed?" fell by 41% in six weeks
- Engineers link it from pull requests

\`\`\`bash
npm install changelog-feed
\`\`\`

[Read the setup guide](https://example.com/guide) and try it on your next release.`;

const ESSAY = [
  'Most teams we spoke to keep their release notes in three different places at once.',
  'Nobody reads them, because nobody can find them when it matters.',
  'We spent the spring interviewing support leads about how they answer questions.',
  'The answer was usually a search through chat history and a guess.',
  'So we started writing every change down in one feed that customers can subscribe to.',
  'It sounds small, and for a long time it felt small to us as well.',
  'The surprising part was what happened to the questions support had to answer by hand.',
  'They did not disappear, but they became shorter and easier to close.',
  'Engineers began to link the feed from their pull requests without being asked.',
  'Product managers used it to explain the roadmap to sales without another meeting.',
];

/** About `words` words of plain, varied prose, in paragraphs. */
function essay(words: number): string {
  const out: string[] = [];
  for (let i = 0, count = 0; count < words; i += 1) {
    const sentence = ESSAY[i % ESSAY.length]!;
    out.push(i > 0 && i % 4 === 0 ? `\n\n${sentence}` : sentence);
    count += sentence.split(/\s+/).length;
  }
  return out.join(' ');
}

function subjectOf(text: string, over: Partial<RunSubject> = {}): RunSubject {
  return {
    contentType: 'linkedin',
    text,
    urlMode: 'copy',
    personaCount: 100,
    detail: 'standard',
    seed: 20260101,
    ...over,
  };
}

function run(subject: RunSubject) {
  const audience = settleAudience(subject);
  const panel = buildPanel(subject, audience);
  const reactions = react(subject, panel.personas);
  return { audience, panel, reactions, report: synthesize(subject, panel, reactions) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const CONTENT = [PROOF_POST, HYPE_POST, JARGON_POST, MARKDOWN_POST, essay(400)];

interface SubjectInput {
  text: string;
  contentType: ContentType;
  detail: Detail;
  personaCount: number;
  seed: number;
  audience: string | null;
}

const subjects: fc.Arbitrary<SubjectInput> = fc.record({
  text: fc.constantFrom(...CONTENT),
  contentType: fc.constantFrom<ContentType>('text', 'tweet', 'linkedin', 'markdown', 'url'),
  detail: fc.constantFrom<Detail>('snapshot', 'standard', 'deep'),
  personaCount: fc.integer({ min: 10, max: 120 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  audience: fc.option(fc.constantFrom('early-stage B2B SaaS founders', 'hobby gardeners')),
});

function toSubject(input: SubjectInput): RunSubject {
  const { audience, text, ...rest } = input;
  return subjectOf(text, { ...rest, ...(audience === null ? {} : { audience }) });
}

describe('the heuristic engine', () => {
  it('gives the same audience, panel, reactions and report for the same seed', async () => {
    const subject = subjectOf(PROOF_POST, { detail: 'deep', personaCount: 60 });
    const once = async () => {
      const audience = await heuristicEngine.settleAudience(subject);
      const panel = await heuristicEngine.buildPanel(subject, audience);
      const { reactions } = await heuristicEngine.react(subject, panel.personas);
      return { audience, panel, reactions, report: synthesize(subject, panel, reactions) };
    };
    const first = await once();
    expect(await once()).toEqual(first);
    expect(heuristicEngine.name).toBe('heuristic');
  });

  it('gives a different panel and reactions for a different seed', () => {
    const a = run(subjectOf(PROOF_POST, { seed: 1 }));
    const b = run(subjectOf(PROOF_POST, { seed: 2 }));
    expect(b.panel.personas).not.toEqual(a.panel.personas);
    expect(b.reactions).not.toEqual(a.reactions);
  });

  it('reacts the same whether personas arrive in one batch or in several', () => {
    const subject = subjectOf(JARGON_POST, { detail: 'deep', personaCount: 45 });
    const { personas } = buildPanel(subject, settleAudience(subject));
    const whole = react(subject, personas);
    const batched = [0, 20, 40].flatMap((start) =>
      react(subject, personas.slice(start, start + 20)),
    );
    expect(batched).toEqual(whole);
  });

  it('lets a concrete post with proof and a next step beat hype on intent and trust', () => {
    const proof = run(subjectOf(PROOF_POST)).reactions;
    const hype = run(subjectOf(HYPE_POST)).reactions;
    expect(mean(proof.map((r) => r.intent))).toBeGreaterThan(mean(hype.map((r) => r.intent)) + 2);
    expect(mean(proof.map((r) => r.trust!))).toBeGreaterThan(mean(hype.map((r) => r.trust!)) + 2);
  });

  it('gives a 900-word text sent as a tweet a length friction', () => {
    const text = essay(900);
    expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(900);
    for (const detail of ['snapshot', 'standard', 'deep'] as const) {
      const { report } = run(subjectOf(text, { contentType: 'tweet', detail }));
      const length = report.topFriction.find((f) => /\blong\b|\blength\b/i.test(f.point));
      expect(length, detail).toBeDefined();
      expect(length!.severity).toBeGreaterThanOrEqual(7);
    }
  });

  it('gives contrasting content contrasting reports', () => {
    const proof = run(subjectOf(PROOF_POST)).report;
    const hype = run(subjectOf(HYPE_POST)).report;
    const long = run(subjectOf(essay(900), { contentType: 'tweet' })).report;
    const points = (r: typeof proof) => r.topFriction.map((f) => f.point);
    expect(points(hype)).not.toEqual(points(proof));
    expect(points(long)).not.toEqual(points(hype));
    expect(hype.stats.decision.scroll).toBeGreaterThan(proof.stats.decision.scroll);
    expect(proof.stats.decision.click).toBeGreaterThan(hype.stats.decision.click);
    expect(hype.topFriction[0]!.point).toMatch(/proof|hype/i);
  });

  it('quotes only real phrases of the content in its grounded fields', () => {
    fc.assert(
      fc.property(subjects, (input) => {
        const subject = toSubject(input);
        const { reactions } = run(subject);
        for (const r of reactions) {
          const quoted = [
            r.noticedFirst,
            r.pausePoint,
            ...(r.stickyPhrase === undefined ? [] : [r.stickyPhrase]),
            ...(r.resonated ?? []),
            ...(r.confused ?? []),
          ];
          for (const phrase of quoted) {
            expect(phrase.length).toBeGreaterThan(0);
            expect(subject.text.includes(phrase), phrase).toBe(true);
          }
          // The sentences around them embed such phrases, in the first person.
          expect(r.quote).toMatch(/"[^"]+"|\bI\b|\bI'/);
          if (r.thinkAloud) expect(r.thinkAloud).toMatch(/\bI\b|\bI'|\bme\b|\bmy\b/);
          expect(r.firstGlance.trim().split(/\s+/)).toHaveLength(3);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('gives each reaction exactly the fields of its detail level', () => {
    for (const detail of ['snapshot', 'standard', 'deep'] as const) {
      const subject = subjectOf(MARKDOWN_POST, {
        contentType: 'markdown',
        detail,
        personaCount: 30,
      });
      const expected = ['persona_id', 'archetype', ...fieldsFor(detail)].sort();
      for (const r of run(subject).reactions) {
        expect(reactionSchema.parse(r)).toEqual(r);
        expect(Object.keys(r).sort()).toEqual(expected);
        expect(Object.values(r)).not.toContain(undefined);
      }
    }
  });

  it('lets reactions differ by persona while each stays in character', () => {
    const { panel, reactions } = run(subjectOf(PROOF_POST, { personaCount: 200 }));
    const distinct = new Set(
      reactions.map((r) => `${r.intent}|${r.trust}|${r.decision}|${r.quote}`),
    );
    expect(distinct.size).toBeGreaterThan(20);
    // Outsiders (the accidental ring) act less than the people the post is for.
    const byRing = (ring: Persona['ring']) =>
      mean(reactions.filter((_, i) => panel.personas[i]!.ring === ring).map((r) => r.intent));
    expect(byRing('core')).toBeGreaterThan(byRing('accidental'));
  });

  it('objects to the unsupported claim by quoting it, and names the concrete fix', () => {
    const { reactions } = run(subjectOf(HYPE_POST));
    const skeptic = reactions.find((r) => (r.objections ?? []).some((o) => o.includes('proof')))!;
    expect(skeptic).toBeDefined();
    const claim = skeptic.objections!.find((o) => o.includes('proof'))!.match(/"([^"]+)"/)![1]!;
    expect(HYPE_POST.includes(claim)).toBe(true);
    expect(reactions.map((r) => r.topChange).join('\n')).toMatch(/Back up "|Drop "|next step/);
    const long = run(subjectOf(essay(900), { contentType: 'tweet' })).reactions;
    expect(long.some((r) => /Cut it to about 45 words/.test(r.topChange!))).toBe(true);
  });
});

describe('the audience and the panel', () => {
  it('takes a given audience as the core and adds adjacent and accidental viewers', () => {
    const audience = settleAudience(
      subjectOf(PROOF_POST, { audience: 'early-stage B2B SaaS founders', contentType: 'tweet' }),
    );
    expect(audience).toMatchObject({
      description: 'early-stage B2B SaaS founders',
      inferred: false,
      core: ['early-stage B2B SaaS founders'],
    });
    expect(audience.adjacent.length).toBeGreaterThan(0);
    expect(audience.accidental).toContain('the general X feed');
  });

  it('infers the audience from the content, with a general fallback', () => {
    const dev = settleAudience(
      subjectOf('Our new TypeScript SDK cuts API latency for developers. Deploy it from GitHub.'),
    );
    expect(dev).toMatchObject({ inferred: true, description: expect.stringMatching(/developer/) });
    const general = settleAudience(subjectOf('A quiet walk by the sea at dawn.'));
    expect(general.description).toMatch(/general/);
  });

  it('builds exactly personaCount personas over 4–7 archetypes across the three rings', () => {
    fc.assert(
      fc.property(subjects, (input) => {
        const subject = toSubject(input);
        const panel = buildPanel(subject, settleAudience(subject));
        expect(panel.personas).toHaveLength(subject.personaCount);
        expect(panel.archetypes.length).toBeGreaterThanOrEqual(4);
        expect(panel.archetypes.length).toBeLessThanOrEqual(7);
        expect(new Set(panel.archetypes.map((a) => a.ring))).toEqual(
          new Set(['core', 'adjacent', 'accidental']),
        );
        expect(mean(panel.archetypes.map((a) => a.weight)) * panel.archetypes.length).toBeCloseTo(
          1,
          9,
        );
        panel.personas.forEach((persona, i) => {
          expect(persona.id).toBe(`p_${String(i + 1).padStart(4, '0')}`);
          for (const value of Object.values(persona.traits)) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          }
        });
        for (const archetype of panel.archetypes) {
          expect(panel.personas.some((p) => p.archetype === archetype.name)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('weights the core ring most and gives personas distinct names', () => {
    const panel = buildPanel(subjectOf(PROOF_POST), settleAudience(subjectOf(PROOF_POST)));
    const core = panel.personas.filter((p) => p.ring === 'core').length;
    expect(core).toBeGreaterThan(panel.personas.length / 2);
    expect(new Set(panel.personas.map((p) => p.name)).size).toBe(panel.personas.length);
  });
});

describe('visual mode: what is on screen', () => {
  // A landing page whose only call to action comes after a long middle section.
  const PAGE = [
    ...PROOF_POST.split('\n\n').slice(0, 3),
    essay(700),
    'Pricing starts at $49/month. Book a 15-minute demo: https://example.com/demo',
  ].join('\n\n');
  const button = (top: number) => [
    { text: 'Book a 15-minute demo', top, left: 500, width: 200, height: 48, contrast: 8 },
  ];
  const visual = (top: number) =>
    subjectOf(PAGE, {
      contentType: 'url',
      urlMode: 'visual',
      personaCount: 300,
      layout: layoutOf({ actions: button(top), pageHeight: 6000 }, { actions: button(top) }),
    });
  const clicks = (subject: RunSubject) =>
    run(subject).reactions.filter((r) => r.decision === 'click').length;

  it('lets every persona see a call to action in the first screen, as copy mode does', () => {
    const copy = run(subjectOf(PAGE, { contentType: 'url', personaCount: 300 })).reactions;
    expect(run(visual(320)).reactions).toEqual(copy);
  });

  it('gets fewer clicks when the same call to action sits below the first screen', () => {
    const above = clicks(visual(320));
    const below = clicks(visual(5200));
    expect(above).toBeGreaterThan(0);
    expect(below).toBeLessThan(above);
    // Those who never reached it say so, naming the button they did not get to.
    const reactions = run(visual(5200)).reactions;
    const missed = reactions.filter((r) =>
      (r.objections ?? []).includes(
        'No next step in sight: the "Book a 15-minute demo" button sits further down than I got.',
      ),
    );
    expect(missed.length).toBeGreaterThan(0);
    expect(missed.every((r) => r.decision !== 'click')).toBe(true);
    expect(reactions.map((r) => r.topChange)).toContain(
      'Move the "Book a 15-minute demo" button into the first screen.',
    );
  });
});

describe('the signals and the rubric', () => {
  it('measures proof, numbers, a next step, hype, unsupported claims and jargon', () => {
    const proof = measure(PROOF_POST, 'linkedin');
    expect(proof).toMatchObject({ testimonial: true, nextStep: true, claims: [], hype: [] });
    expect(proof.numbers).toEqual(expect.arrayContaining(['38%', '$49']));
    expect(proof.cta).toBe('Book a 15-minute demo');
    expect(proof.price).toContain('$49/month');

    const hype = measure(HYPE_POST, 'tweet');
    expect(hype.nextStep).toBe(false);
    expect(hype.hype).toEqual(expect.arrayContaining(['revolutionary', 'Best in class']));
    expect(hype.claims.length).toBeGreaterThan(0);
    expect(hype.tone.capsWords).toEqual(['EVERYTHING']);

    expect(measure(JARGON_POST, 'text').jargon).toEqual(
      expect.arrayContaining(['holistic', 'leverage', 'synergies', 'actionable insights']),
    );
  });

  it('measures Markdown without its syntax and never quotes code or links', () => {
    const signals = measure(MARKDOWN_POST, 'markdown');
    const quoted = [...signals.phrases, signals.hook, ...signals.clauses.map((c) => c.text)];
    for (const phrase of quoted) {
      expect(MARKDOWN_POST.includes(phrase)).toBe(true);
      expect(phrase).not.toMatch(/npm install|https?:|^#/);
      // Emphasis may sit inside a quote, but always as a whole pair.
      expect((phrase.match(/\*+/g) ?? []).length % 2).toBe(0);
    }
    expect(signals.words).toBeLessThan(60);
  });

  it('gives attentive readers a bigger budget and skeptics less trust in hype', () => {
    const signals = measure(HYPE_POST, 'tweet');
    const persona = (traits: Partial<Persona['traits']>): Persona => ({
      id: 'p_0001',
      name: 'Test Person',
      archetype: 'Test',
      ring: 'core',
      context: 'testing',
      traits: {
        attention: 0.5,
        skepticism: 0.5,
        expertise: 0.5,
        priceSensitivity: 0.5,
        intentToAct: 0.5,
        ...traits,
      },
    });
    expect(attentionBudget(signals, persona({ attention: 0.9 }), 1)).toBeGreaterThan(
      attentionBudget(signals, persona({ attention: 0.1 }), 1),
    );
    expect(trustScore(signals, persona({ skepticism: 0.9 }), 0)).toBeLessThan(
      trustScore(signals, persona({ skepticism: 0.1 }), 0),
    );
  });
});

describe('follow-up answers', () => {
  const subject = subjectOf(HYPE_POST, { detail: 'standard' });
  const { panel, reactions } = run(subject);
  const speaker = (i: number) => ({ persona: panel.personas[i]!, reaction: reactions[i]! });

  it("answers in the first person, grounded in the persona's first reaction", () => {
    const text = answer({
      subject,
      speakers: [speaker(0)],
      target: { kind: 'persona', name: panel.personas[0]!.id },
      question: 'Do you trust this post?',
      history: [],
    });
    expect(text).toMatch(/\bI\b|\bI'|\bme\b|\bmy\b/);
    const grounded = [reactions[0]!.stickyPhrase!, ...(reactions[0]!.objections ?? [])];
    expect(grounded.some((phrase) => text.includes(phrase))).toBe(true);
  });

  it('does not repeat the same answer to a repeated question', () => {
    const ask = (history: { question: string; answer: string }[]) =>
      answer({
        subject,
        speakers: [speaker(3)],
        target: { kind: 'persona', name: panel.personas[3]!.id },
        question: 'What would you change?',
        history,
      });
    const first = ask([]);
    const second = ask([{ question: 'What would you change?', answer: first }]);
    const third = ask([
      { question: 'What would you change?', answer: first },
      { question: 'What would you change?', answer: second },
    ]);
    expect(second).not.toBe(first);
    expect(new Set([first, second, third]).size).toBe(3);
  });

  it('summarises a group as 2–5 named speakers', () => {
    const text = answer({
      subject,
      speakers: reactions.slice(0, 9).map((_, i) => speaker(i)),
      target: { kind: 'segment', name: 'Skimmed and scrolled on' },
      question: 'Why did you scroll on?',
      history: [],
    });
    const ids = text.match(/p_\d{4}/g) ?? [];
    expect(new Set(ids).size).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBeLessThanOrEqual(5);
    for (const id of ids) expect(reactions.some((r: Reaction) => r.persona_id === id)).toBe(true);
  });
});
