// Runs in /app: the list and a report laid out for a person, read from the runs table only
// (rows are written here directly; the pipeline has its own tests). Runs that are incomplete,
// failed or unreadable get a page, never an error; another account's run does not exist.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ORIGIN, provision } from '../helpers';
import { expectPageHeaders, Person } from './people';

const REPORT = {
  segments: [
    { name: 'Skimmers who bounce', share: 0.5, summary: 'Read the hook, then left.' },
    { name: 'Careful evaluators', share: 0.3, summary: 'Read it all and weighed the price.' },
    { name: 'Ready buyers', share: 0.2, summary: 'Clicked through at once.' },
  ],
  topFriction: [
    { point: 'The price is hidden', severity: 8, evidence: '"Where is the price?"' },
    { point: 'Jargon in the first line', severity: 6, evidence: '"What is a <polis>?"' },
    { point: 'No proof', severity: 4, evidence: '"Who uses this?"' },
  ],
  rewrite: { text: 'Test your post on 100 personas for $5.', rationale: 'Price first.' },
  stats: {
    persona_count: 100,
    intent: { mean: 4.2, histogram: [1, 2, 5, 10, 20, 25, 15, 10, 7, 3, 2] },
    decision: { stay: 0.3, scroll: 0.5, click: 0.15, save: 0.05 },
    trust: { mean: 5.1, histogram: [0, 1, 3, 8, 15, 30, 20, 12, 6, 4, 1] },
    sentiment: { positive: 0.4, neutral: 0.3, negative: 0.2, mixed: 0.1 },
  },
  archetypes: [
    { name: 'Indie founder', count: 60 },
    { name: 'Growth marketer', count: 40 },
  ],
  sampleReactions: [
    {
      persona_id: 'p1',
      archetype: 'Indie founder',
      segment: 'Ready buyers',
      quote: 'I would try this today.',
      decision: 'click',
      intent: 8,
    },
  ],
};

let runCounter = 0;

async function insertRun(
  accountId: string,
  fields: { status: string; report?: unknown; done?: number; failure?: string },
): Promise<string> {
  runCounter += 1;
  const id = `run_test${Date.now()}${runCounter}`;
  const input = {
    content_type: 'tweet',
    content: 'Polis: persona testing for your posts. Try it.',
    url_mode: 'copy',
    persona_count: 100,
    detail: 'standard',
  };
  const report = fields.report === undefined ? null : fields.report;
  await env.DB.prepare(
    `INSERT INTO runs (id, account_id, status, input, engine, tokens_charged, reactions_done,
                       reactions_total, report, failure, created_at, completed_at)
     VALUES (?, ?, ?, ?, 'heuristic', 150, ?, 100, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      accountId,
      fields.status,
      JSON.stringify(input),
      fields.done ?? 0,
      typeof report === 'string' || report === null ? report : JSON.stringify(report),
      fields.failure ?? null,
      Date.now(),
      fields.status === 'complete' ? Date.now() : null,
    )
    .run();
  return id;
}

async function signedIn() {
  const owner = await provision();
  const person = new Person();
  expect((await person.signIn(owner.api_key)).status).toBe(303);
  return { owner, person };
}

describe('runs in /app', () => {
  it('lists recent runs with status, progress and a link to each', async () => {
    const { owner, person } = await signedIn();
    const done = await insertRun(owner.account_id, {
      status: 'complete',
      report: REPORT,
      done: 100,
    });
    const going = await insertRun(owner.account_id, { status: 'running', done: 37 });
    const page = await (await person.fetch(`${ORIGIN}/app`)).text();
    expect(page).toContain(`href="/app/runs/${done}"`);
    expect(page).toContain(`href="/app/runs/${going}"`);
    expect(page).toContain('37 of 100 reactions');
    expect(page).toContain('Complete');
    expect(page).toContain('Polis: persona testing for your posts. Try it.');
  });

  it('lays out a complete report: segments, frictions with evidence, rewrite, charts', async () => {
    const { owner, person } = await signedIn();
    const id = await insertRun(owner.account_id, { status: 'complete', report: REPORT, done: 100 });
    const response = await person.fetch(`${ORIGIN}/app/runs/${id}`);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('class="seg s1 w-50"');
    expect(page).toContain('<strong>Skimmers who bounce</strong> · 50%');
    expect(page).toContain('The price is hidden');
    expect(page).toContain('<meter min="0" max="10" value="8"></meter>');
    expect(page).toContain('&quot;What is a &lt;polis&gt;?&quot;');
    expect(page).toContain('Test your post on 100 personas for $5.');
    expect(page).toContain('Polis: persona testing for your posts. Try it.'); // the original
    expect(page).toContain('Intent to act (0–10) · mean 4.2');
    expect(page).toContain('class="bar h-100"'); // the tallest intent column
    expect(page).toContain('class="fill w-50"'); // scroll: 50%
    expect(page).toContain('I would try this today.');
  });

  it('shows progress for a run still going', async () => {
    const { owner, person } = await signedIn();
    const id = await insertRun(owner.account_id, { status: 'running', done: 42 });
    const page = await (await person.fetch(`${ORIGIN}/app/runs/${id}`)).text();
    expect(page).toContain('This run is still going: 42 of 100 reactions');
    expect(page).toContain('<progress value="42" max="100"></progress>');
  });

  it('says why a run failed', async () => {
    const { owner, person } = await signedIn();
    const id = await insertRun(owner.account_id, { status: 'failed', failure: 'page unreachable' });
    const page = await (await person.fetch(`${ORIGIN}/app/runs/${id}`)).text();
    expect(page).toContain('This run failed (page unreachable). Its charge was refunded.');
  });

  it('shows what it can of a partial report, and a note for an unreadable one', async () => {
    const { owner, person } = await signedIn();
    const partial = await insertRun(owner.account_id, {
      status: 'complete',
      report: { segments: REPORT.segments, stats: 'garbage' },
    });
    const partialPage = await (await person.fetch(`${ORIGIN}/app/runs/${partial}`)).text();
    expect(partialPage).toContain('Skimmers who bounce');
    expect(partialPage).not.toContain('Biggest frictions');

    const broken = await insertRun(owner.account_id, { status: 'complete', report: '{not json' });
    const response = await person.fetch(`${ORIGIN}/app/runs/${broken}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('its report can&#39;t be shown here');
  });

  it("treats another account's run as unknown", async () => {
    const { person } = await signedIn();
    const other = await provision();
    const id = await insertRun(other.account_id, { status: 'complete', report: REPORT });
    const response = await person.fetch(`${ORIGIN}/app/runs/${id}`);
    expect(response.status).toBe(404);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('No such run');
    expect(page).not.toContain('Skimmers');
  });

  it('asks a signed-out person to sign in, returning to the run', async () => {
    const owner = await provision();
    const id = await insertRun(owner.account_id, { status: 'complete', report: REPORT });
    const page = await (await new Person().fetch(`${ORIGIN}/app/runs/${id}`)).text();
    expect(page).toContain(`name="return_to" value="/app/runs/${id}"`);
  });
});
