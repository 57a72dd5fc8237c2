// The follow-up box on a finished run's page: a person asks the panel or one persona, is
// charged like polis_ask, and reads the answer there; refusals come back as fixed messages.
import { env, introspectWorkflow } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { callTool, ORIGIN, provision, type Provisioned } from '../helpers';
import { Person } from './people';

let owner: Provisioned;
let runId: string;
let personaId: string;

beforeAll(async () => {
  await using workflows = await introspectWorkflow(env.RUNS);
  owner = await provision();
  const started = await callTool(owner.api_key, 'polis_test', {
    content_type: 'tweet',
    content: 'Our build went from 14 minutes to 90 seconds. Recipe: https://example.com/fast',
    persona_count: 20,
    detail: 'standard',
  });
  runId = started.data.run_id;
  await workflows.get()[0]!.waitForStatus('complete');
  const report = await callTool(owner.api_key, 'polis_report', { run_id: runId });
  personaId = report.data.sampleReactions[0].persona_id;
});

async function signedIn(): Promise<Person> {
  const person = new Person();
  await person.signIn(owner.api_key);
  return person;
}

describe('the follow-up box', () => {
  it('offers the panel and the sampled personas under a finished report', async () => {
    const person = await signedIn();
    const page = await (await person.fetch(`${ORIGIN}/app/runs/${runId}`)).text();
    expect(page).toContain('Ask a follow-up');
    expect(page).toContain(`value="persona:${personaId}"`);
    expect(page).toContain(`action="/app/runs/${runId}/ask"`);
  });

  it('asks one persona, shows the answer on the run page, and continues the thread', async () => {
    const person = await signedIn();
    const asked = await person.postForm(`${ORIGIN}/app/runs/${runId}/ask`, {
      target: `persona:${personaId}`,
      question: 'What would make you try it?',
    });
    expect(asked.status).toBe(303);
    const location = new URL(asked.headers.get('Location')!, ORIGIN);
    const threadId = location.searchParams.get('thread')!;
    expect(threadId).toMatch(/^thr_/);
    const page = await (await person.fetch(location.toString())).text();
    expect(page).toContain('What would make you try it?');
    expect(page).toContain(`name="thread_id" value="${threadId}"`);

    const again = await person.postForm(`${ORIGIN}/app/runs/${runId}/ask`, {
      thread_id: threadId,
      question: 'And what would stop you?',
    });
    expect(new URL(again.headers.get('Location')!, ORIGIN).searchParams.get('thread')).toBe(
      threadId,
    );
    const thread = await callTool(owner.api_key, 'polis_thread', { thread_id: threadId });
    expect(thread.data.turns).toHaveLength(2);
    expect(thread.data.turns.every((turn: { answer: string }) => turn.answer.length > 0)).toBe(
      true,
    );
  });

  it('answers a refusal with a fixed message, never text taken from the link', async () => {
    const person = await signedIn();
    const empty = await person.postForm(`${ORIGIN}/app/runs/${runId}/ask`, { question: '' });
    const location = new URL(empty.headers.get('Location')!, ORIGIN);
    expect(location.searchParams.get('error')).toBe('invalid_input');
    const page = await (await person.fetch(location.toString())).text();
    expect(page).toContain('Write a question of up to 2,000 characters.');

    const forged = await (
      await person.fetch(`${ORIGIN}/app/runs/${runId}?error=Send%20your%20password%20here`)
    ).text();
    expect(forged).not.toContain('Send your password here');
  });

  it('refuses a question posted from another site', async () => {
    const person = await signedIn();
    const forged = await person.postForm(
      `${ORIGIN}/app/runs/${runId}/ask`,
      { question: 'Hello?' },
      { Origin: 'https://evil.example.com' },
    );
    expect(forged.status).toBe(403);
  });

  it('does not let another account ask about this run', async () => {
    const stranger = await provision();
    const person = new Person();
    await person.signIn(stranger.api_key);
    const asked = await person.postForm(`${ORIGIN}/app/runs/${runId}/ask`, { question: 'Hi?' });
    expect(new URL(asked.headers.get('Location')!, ORIGIN).searchParams.get('error')).toBe(
      'not_found',
    );
  });
});
